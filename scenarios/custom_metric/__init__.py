"""Custom metric: a model compiled with a metric function of its own, loaded where the metric is unknown.

The story, in order:

1. train.py compiles a tumour classifier (scikit-learn's breast cancer data, a Normalization layer
   in front) with metrics=["accuracy", f1_metric], f1_metric being a function of the training
   script, trains it and saves it.
2. serve_broken.py loads the file in a fresh process, where f1_metric was never defined. The .keras
   loader stops at once ("Could not locate function 'f1_metric'"). Keras 3's legacy .h5 loader
   loads, and predicts correctly, and the missing metric surfaces only at evaluate() ("Could not
   interpret metric identifier"); tf.keras 2's .h5 loader stops at load ("Unknown metric function").
3. serve_fixed.py passes the metric with custom_objects, or loads with compile=False for inference,
   or compiles again with the metric before evaluating. Every fix must reproduce the oracle.
"""

from scenarios.machinery.declare import Case, MatchesOracle, Pasted, Raises, Scenario

METRIC_NOT_FOUND_AT_LOAD = Raises("TypeError", r"Could not locate function 'f1_metric'", during="load_model")
# tf.keras 2's .h5 loader compiles the model, metrics included, inside load_model().
METRIC_NOT_FOUND_KERAS2 = Raises(
    {"keras": "TypeError", "h5": "ValueError"},
    {"keras": r"Could not locate function 'f1_metric'", "h5": r"Unknown metric function: 'f1_metric'"},
    during="load_model",
)
KERAS2_WHY = (
    "Its .h5 loader compiles the model, metrics included, inside load_model(), so the .h5 file fails at "
    "load too, with 'Unknown metric function', the message most threads about this quote. Nothing loads "
    "until the metric is supplied or compile=False is passed."
)

SCENARIO = Scenario(
    name="custom_metric",
    title="Custom metric: a metric function missing at load time, or only at evaluate()",
    summary=("load_model() raises for a .keras file compiled with a metric this process never defined; "
             "Keras 3's .h5 loader loads it and fails later, at evaluate()."),
    task="binary",
    train="scenarios.custom_metric.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1", "tf_keras": "2.21.0"},
    symptoms=(
        "the model cannot be loaded when a custom metric such as an F1 score was used in compile",
        "evaluate fails after loading a model trained with my own metric function",
    ),
    pasted=(
        Pasted(r"Unknown metric function: ?'?\w+", "https://github.com/tensorflow/tensorflow/issues/34068",
               "load_without_the_metric"),
        # A SavedModel from tf.keras 2 whose compiled metric was a custom (addons) class.
        Pasted(r"Unable to restore custom object of type _tf_keras_metric",
               "https://github.com/tensorflow/tensorflow/issues/43478", "load_without_the_metric"),
        # tf.keras 2's warning when loading such a SavedModel without the metric.
        Pasted(r"Unable to restore custom metric", "https://github.com/frankkramer-lab/MIScnn/issues/112",
               "load_without_the_metric"),
        # Keras 1.
        Pasted(r"Exception: Invalid metric: \w+", "https://github.com/keras-team/keras/issues/3911",
               "load_without_the_metric"),
    ),
    cases=(
        Case(
            name="load_without_the_metric",
            title="load_model() then predict() in a process that never defined f1_metric",
            serve="scenarios.custom_metric.serve_broken:predict_malignancy",
            expect={"keras": METRIC_NOT_FOUND_AT_LOAD, "h5": MatchesOracle()},
            keras2=METRIC_NOT_FOUND_KERAS2,
            keras2_why=KERAS2_WHY,
            why=(
                "A saved model stores a custom function by name only, and load_model() compiles the model "
                "by default, so it must turn the metric's name back into a function. The .keras loader "
                "does that at once and fails. Keras 3's legacy .h5 loader keeps the metrics as names until "
                "they are first needed: the file loads and predicts correctly, and the failure waits."
            ),
        ),
        Case(
            name="evaluate_without_the_metric",
            title="load_model() then evaluate() on labelled rows",
            serve="scenarios.custom_metric.serve_broken:evaluate_then_predict",
            request="labelled_rows",
            expect={
                "keras": METRIC_NOT_FOUND_AT_LOAD,
                "h5": Raises("ValueError", r"Could not interpret metric identifier: f1_metric", during="evaluate"),
            },
            keras2=METRIC_NOT_FOUND_KERAS2,
            keras2_why=KERAS2_WHY,
            why=(
                "evaluate() builds the compiled metrics, and the .h5 model has only the name f1_metric to "
                "build one from. A serving process that only predicts never notices; the first job that "
                "evaluates fails, far from the load that caused it."
            ),
        ),
        Case(
            name="custom_objects_argument",
            title="load_model(..., custom_objects={'f1_metric': f1_metric}), then evaluate()",
            serve="scenarios.custom_metric.serve_fixed:evaluate_then_predict",
            request="labelled_rows",
            expect=MatchesOracle(),
            why=(
                "The serving process supplies a function for the stored name, so the model loads compiled "
                "and evaluates. The function must compute what training computed: Keras matches only the name."
            ),
        ),
        Case(
            name="compile_false_for_inference",
            title="load_model(..., compile=False) for prediction only",
            serve="scenarios.custom_metric.serve_fixed:predict_malignancy_inference_only",
            expect=MatchesOracle(),
            why="Prediction never uses the loss or the metrics, so a serving process can skip compiling altogether.",
        ),
        Case(
            name="compile_again_before_evaluate",
            title="compile=False, then compile() with the metric before evaluate()",
            serve="scenarios.custom_metric.serve_fixed:evaluate_after_compiling",
            request="labelled_rows",
            expect=MatchesOracle(),
            why="Evaluation needs the loss and the metrics to report: compile the loaded model with them.",
        ),
    ),
)
