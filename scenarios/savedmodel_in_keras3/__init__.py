"""SavedModel in Keras 3: a directory load_model() no longer reads, and a dict where an array was.

The story, in order:

1. train.py trains a small digit classifier, saves it as model.keras and model.h5, and exports it
   as a SavedModel for serving: model.export(dir) on Keras 3, model.save(dir) on tf.keras 2 (its
   default format). The directory ships packed as model.savedmodel.tar.gz (shipped.py).
2. serve_broken.py serves the export as TensorFlow 2's Keras did. Keras 3's load_model() refuses the
   directory ("File format not supported"). The layer its error message suggests, TFSMLayer,
   returns a dict, and np.argmax over that dict answers 0 for every image, without an error. The
   TensorFlow 2 way of writing the export, model.save(dir), is refused too: Keras 3 saves only
   .keras and .h5 files.
3. serve_fixed.py calls the export through TFSMLayer and reads the output by its key, or uses its
   "serve" endpoint, or loads it with tf.saved_model.load and its signature, and writes new
   exports with model.export(dir). Each must reproduce the oracle.

On tf.keras 2 the SavedModel is a Keras format: load_model() reads the directory and model.save(dir)
writes one, so its serving code worked, and TFSMLayer does not exist.
"""

from scenarios.machinery.declare import Case, DriftsFromOracle, MatchesOracle, NotApplicable, Pasted, Raises, Scenario

NO_TFSMLAYER = NotApplicable(
    "tf.keras 2 has no TFSMLayer; it loads a SavedModel directory with load_model() (first case)"
)

SCENARIO = Scenario(
    name="savedmodel_in_keras3",
    title="SavedModel in Keras 3: File format not supported, and a dict where an array was",
    summary=(
        "load_model() refuses a SavedModel directory; TFSMLayer returns a dict, and np.argmax over it "
        "reads every image as a 0."
    ),
    task="multiclass",
    train="scenarios.savedmodel_in_keras3.train:train",
    symptoms=(
        "argmax over the exported SavedModel's output always gives 0",
        "Keras 3 cannot load my SavedModel directory with load_model",
        "TFSMLayer returns a dictionary instead of the predictions array",
    ),
    pasted=(
        # Keras Core's and Keras 3.1's wordings of load_model() refusing a SavedModel directory.
        Pasted(r"File format not supported: filepath=\S+\s+Keras Core only supports",
               "https://github.com/keras-team/keras/issues/18709", "load_model_on_the_export"),
        Pasted(r"File format not supported: filepath=\S+\s+Keras 3 only supports V3 `?\.keras`? and",
               "https://github.com/moono/lpips-tf2.x/issues/4", "load_model_on_the_export"),
        # Keras Core refusing to write a SavedModel through model.save().
        Pasted(r"formats are no longer supported via the `?save_format`? option",
               "https://github.com/keras-team/keras-core/issues/664", "save_without_extension"),
        # Keras 3's ModelCheckpoint applies the same extension rule as model.save().
        Pasted(r"The filepath provided must end in `?\.keras`? \(Keras model format\)",
               "https://github.com/kr-colab/ReLERNN/issues/53", "save_without_extension"),
        # A tf.keras 2 SavedModel (its optimizer slots) restored by Keras 3's loaders.
        Pasted(r"'_UserObject' object has no attribute '\w+'",
               "https://github.com/Hrushi11/Real-TIme-Skin-Type-Detection/issues/1", "load_model_on_the_export"),
    ),
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1", "tf_keras": "2.21.0"},
    cases=(
        Case(
            name="load_model_on_the_export",
            title="load_model() on the exported SavedModel directory",
            serve="scenarios.savedmodel_in_keras3.serve_broken:predict_digits",
            expect=Raises(
                "ValueError",
                r"File format not supported: filepath=.*Keras 3 only supports V3 `\.keras` files",
                during="load_model",
            ),
            keras2=MatchesOracle(),
            keras2_why=(
                "tf.keras 2 reads a SavedModel directory back as a whole Keras model: the format its own "
                "model.save(dir) wrote by default. The same line breaks on the day the server moves to Keras 3."
            ),
            why=(
                "Keras 3 reads only its own .keras files and legacy .h5 files. A SavedModel is TensorFlow's "
                "format: a computation graph and variables, with no Keras layers to rebuild. The error "
                "names the way out, TFSMLayer."
            ),
        ),
        Case(
            name="argmax_of_the_dict",
            title="TFSMLayer's output read with np.argmax, one uploaded image per request",
            serve="scenarios.savedmodel_in_keras3.serve_broken:read_digit",
            request="uploads",
            batch_size=1,
            # One-hot answers: a digit other than the model's own is 1.0 away from its answer.
            expect=DriftsFromOracle(by=1.0),
            keras2=NO_TFSMLAYER,
            keras2_why="The SavedModel loads as a Keras model there, whose predict() returns an array.",
            why=(
                "The serving_default endpoint returns a dict of named outputs, {'output_0': probabilities}, "
                "not an array. numpy turns a dict into a single object, and the argmax of a single object "
                "is 0: every image is read as a 0, with no error and no warning."
            ),
        ),
        Case(
            name="save_without_extension",
            title="model.save(dir) to write the SavedModel for serving, as in TensorFlow 2",
            serve="scenarios.savedmodel_in_keras3.serve_broken:predict_digits_exported_the_tf2_way",
            expect=Raises("ValueError", r"Invalid filepath extension for saving", during="save"),
            keras2=MatchesOracle(),
            keras2_why="Without an extension, its save() writes a SavedModel directory, as TensorFlow 2 documented.",
            why=(
                "Keras 3 picks the format from the extension and knows two: .keras and .h5. A path without "
                "one is refused, and the message names model.export() for a SavedModel. (Weights follow the "
                "same rule: save_weights() wants a name ending in .weights.h5.)"
            ),
        ),
        Case(
            name="tfsmlayer_output_key",
            title="TFSMLayer on serving_default, the output read by its key",
            serve="scenarios.savedmodel_in_keras3.serve_fixed:predict_digits_tfsmlayer",
            expect=MatchesOracle(),
            keras2=NO_TFSMLAYER,
            why=(
                "The layer calls the endpoint; the probabilities are the dict's 'output_0', the name "
                "model.export() gives the first output."
            ),
        ),
        Case(
            name="tfsmlayer_serve_endpoint",
            title="TFSMLayer on the serve endpoint, which returns the output itself",
            serve="scenarios.savedmodel_in_keras3.serve_fixed:predict_digits_serve_endpoint",
            expect=MatchesOracle(),
            keras2=NotApplicable("tf.keras 2 has no TFSMLayer, and its model.save(dir) writes no serve endpoint"),
            why=(
                "model.export() writes two endpoints: serving_default, for TF Serving, returns a dict; serve "
                "returns the model's output as the model does. Name the one you call."
            ),
        ),
        Case(
            name="saved_model_signature",
            title="tf.saved_model.load and the serving_default signature, output named by the signature",
            serve="scenarios.savedmodel_in_keras3.serve_fixed:predict_digits_signature",
            expect=MatchesOracle(),
            why=(
                "TensorFlow loads any SavedModel, whichever Keras wrote it. The signature lists its outputs by "
                "name, so the code reads the name instead of guessing it."
            ),
        ),
        Case(
            name="exported_with_export",
            title="model.export(dir) to write the SavedModel, then its serve endpoint",
            serve="scenarios.savedmodel_in_keras3.serve_fixed:predict_digits_exported",
            expect=MatchesOracle(),
            why="export() is Keras 3's way to write a SavedModel for TF Serving or TFLite; save() stays for .keras.",
        ),
        Case(
            name="digit_from_the_output_key",
            title="The upload endpoint reading the digit from the output's key",
            serve="scenarios.savedmodel_in_keras3.serve_fixed:read_digit",
            request="uploads",
            batch_size=1,
            expect=MatchesOracle(),
            keras2=NO_TFSMLAYER,
            why="The same argmax, over the probabilities inside the dict: each upload gets the model's own digit.",
        ),
    ),
)
