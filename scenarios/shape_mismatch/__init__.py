"""Shape mismatch: a conv net trained on 28×28×1 images is served the pixels as flat rows.

The story, in order:

1. train.py trains the article's conv net on scikit-learn's digits upscaled to 28×28×1 and saves
   it; it also saves a copy with a Reshape layer in front, and the oracle (the in-memory model's
   predictions on held-back images).
2. serve_broken.py loads the file in a fresh process and sends what a serving endpoint usually
   has: rows of 784 pixels. predict() raises. Its neighbour, one image without a batch axis, raises
   a misleading error about negative dimensions.
3. serve_fixed.py restores the training layout at the boundary, refusing sizes that are not whole
   images, or uses the model that carries its own Reshape. Both must reproduce the oracle.
"""

from scenarios.machinery.declare import Case, MatchesOracle, Pasted, Raises, Scenario

SCENARIO = Scenario(
    name="shape_mismatch",
    title="Input shape mismatch: a conv net fed flattened pixels",
    summary="A model trained on (n, 28, 28, 1) images is sent (n, 784) rows; predict() raises.",
    task="multiclass",
    train="scenarios.shape_mismatch.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1"},
    symptoms=(
        "predict fails on a single image but works on the test set",
        "the model expects a batch dimension when I predict one sample",
    ),
    pasted=(
        # The wording of Keras 2 before tf.keras 2.4, which no installed version prints.
        Pasted(r"Error when checking (?:model )?input: expected \S+ to have \d+ dimensions,\s+but got (?:an )?array with shape",
               "https://github.com/keras-team/keras/issues/10053"),
        Pasted(r"expected (?:min_)?ndim=\d+, found ndim=\d+", "https://github.com/Sentdex/pygta5/issues/148"),
    ),
    cases=(
        Case(
            name="flat_rows",
            title="Flattened (n, 784) rows sent to a model that expects (n, 28, 28, 1)",
            serve="scenarios.shape_mismatch.serve_broken:predict_digits",
            expect=Raises(
                "ValueError",
                r"Expected shape \(None, 28, 28, 1\), but input has incompatible shape \(\d+, 784\)",
                during="predict",
            ),
            keras2=Raises(
                "ValueError",
                r"Input 0 of layer \"\w+\" is incompatible with the layer: expected shape=\(None, 28, 28, 1\), "
                r"found shape=\(None, 784\)",
                during="predict",
            ),
            keras2_why="It words it as the input of the first layer being incompatible, with both shapes.",
            why=(
                "A saved model keeps the input shape it was built with. The file knows nothing of the "
                "reshape that the training script did to its arrays, so the serving side must repeat it."
            ),
        ),
        Case(
            name="one_image_without_batch_axis",
            title="One (28, 28, 1) image with no batch axis",
            serve="scenarios.shape_mismatch.serve_broken:predict_one_image",
            request="one_image",
            expect=Raises("ValueError", r"Negative dimension size caused by subtracting 3 from 1", during="predict"),
            keras2=Raises("ValueError", r"Negative dimension size caused by subtracting 3 from 1", during="predict"),
            keras2_why="It adds the same trailing axis, and fails in the convolution the same way.",
            why=(
                "predict() always takes a batch. Given one image, Keras 3 adjusts the rank by adding a "
                "trailing axis, (28, 28, 1, 1), so the convolution sees 28 images of 28×1 pixels and "
                "its 3×3 kernel does not fit: the error talks about negative dimensions, not the batch."
            ),
        ),
        Case(
            name="reshape_at_the_boundary",
            title="Reshape to (n, 28, 28, 1) before predict, checking the size",
            serve="scenarios.shape_mismatch.serve_fixed:predict_digits",
            expect=MatchesOracle(),
            why="The serving code restores the layout the model was trained on, and names both shapes when it cannot.",
        ),
        Case(
            name="one_image_with_batch_axis",
            title="The single image, given its batch axis",
            serve="scenarios.shape_mismatch.serve_fixed:predict_digits",
            request="one_image",
            expect=MatchesOracle(),
            why="The same boundary check turns one (28, 28, 1) image into a batch of one, (1, 28, 28, 1).",
        ),
        Case(
            name="reshape_inside_the_model",
            title="A model saved with Reshape as its first layer",
            serve="scenarios.shape_mismatch.serve_fixed:predict_digits_flat_model",
            model="model_flat_input",
            expect=MatchesOracle(),
            why="The layout travels inside the saved file, so no serving script can forget it.",
        ),
    ),
)
