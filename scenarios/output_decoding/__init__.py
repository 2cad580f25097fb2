"""Output decoding: turning a one-unit sigmoid's output into class labels.

The story, in order:

1. train.py trains a breast-cancer classifier whose head is one sigmoid unit, P(benign), and saves
   it; it also saves the same trained network with its head rewritten as a two-way softmax. The
   oracle is the class labels the original model gives in memory, decoded correctly.
2. serve_broken.py reaches for Sequential.predict_classes(), which no longer exists
   (AttributeError), then for its usual replacement, argmax over axis 1. On an (n, 1) output that
   argmax is 0 for every row: no error, and every tumour is called malignant.
3. serve_fixed.py thresholds the sigmoid at 0.5, or takes the argmax of the softmax head. Both must
   give the original model's labels.
"""

from scenarios.machinery.declare import AccuracyBelowBaseline, Case, MatchesOracle, Pasted, Raises, Scenario

SCENARIO = Scenario(
    name="output_decoding",
    title="Output decoding: predict_classes is gone, and argmax of one sigmoid is always 0",
    summary="predict_classes() raises AttributeError; argmax over a one-unit sigmoid output silently gives class 0 for every row.",
    task="binary",
    train="scenarios.output_decoding.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1", "scikit-learn": "1.9.1"},
    symptoms=(
        "the model always predicts class 0 after argmax",
        "np.argmax on predictions returns only zeros for a binary classifier",
        "binary classifier predicts the same class for every input with argmax",
        'the model always assigns the same label 0 to every instance when I print the predictions',
        "the loaded model errors out when I call predict_classes()",
    ),
    pasted=(
        # A functional Model never had predict_classes(), and people misspell it too.
        Pasted(r"object has no attribute '?predict_class(?:es)?\b", "https://github.com/keras-team/keras/issues/7594",
               "predict_classes_removed"),
        # R's keras package says so in its own words.
        Pasted(r"predict_classes\(\)`? is deprecated", "https://github.com/rstudio/tensorflow/issues/486", "predict_classes_removed"),
    ),
    cases=(
        Case(
            name="predict_classes_removed",
            title="model.predict_classes(), as written before TensorFlow 2.6",
            serve="scenarios.output_decoding.serve_broken:classify_tumours",
            expect=Raises("AttributeError", r"'Sequential' object has no attribute 'predict_classes'",
                          during="predict_classes"),
            keras2=Raises("AttributeError", r"'Sequential' object has no attribute 'predict_classes'",
                          during="predict_classes"),
            why=(
                "Sequential.predict_classes() was deprecated and then removed in TensorFlow 2.6. It guessed "
                "the decoding from the output's shape; now the serving code must decode the probabilities itself."
            ),
        ),
        Case(
            name="argmax_of_one_sigmoid",
            title="np.argmax(predictions, axis=1) on the (n, 1) output of one sigmoid unit",
            serve="scenarios.output_decoding.serve_broken:classify_tumours_with_argmax",
            expect=AccuracyBelowBaseline(),
            keras2=AccuracyBelowBaseline(),
            why=(
                "One sigmoid unit outputs one column, the probability of class 1. argmax over a single column "
                "can only return its index, 0, so every row is labelled class 0 whatever the model said."
            ),
        ),
        Case(
            name="threshold_the_sigmoid",
            title="(probability > 0.5) on the sigmoid's single column",
            serve="scenarios.output_decoding.serve_fixed:classify_tumours",
            expect=MatchesOracle(),
            why="The sigmoid gives P(class 1); class 1 is every row where it is above one half.",
        ),
        Case(
            name="softmax_head_argmax",
            title="argmax over a two-way softmax head",
            serve="scenarios.output_decoding.serve_fixed:classify_tumours_softmax_head",
            model="model_softmax",
            expect=MatchesOracle(),
            why=(
                "With one output per class, argmax over the last axis is the right decoding. This head is the "
                "same trained network rewritten as softmax([0, z]), whose second column is the sigmoid's "
                "probability, so its labels are the threshold's."
            ),
        ),
    ),
)
