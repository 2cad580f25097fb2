"""Files written by tf.keras 2, loaded by Keras 3, and the other way round.

The story, in order:

1. train.py has a team still on tf.keras 2 (a subprocess with TF_USE_LEGACY_KERAS=1) train a
   small depthwise-convolution digit classifier, as Teachable Machine exports are, and a GRU that
   reads digits row by row, and save both as tf.keras 2 saves them. Keras 3 (another subprocess)
   then takes the classifier over and saves it in its own words. The oracle is tf.keras 2's own
   in-memory predictions.
2. serve_broken.py loads each file with the serving process's Keras. Keras 3 refuses the tf.keras 2
   files: their configs carry arguments it does not have (`groups` on DepthwiseConv2D, `time_major`
   on GRU). The shim that threads recommend (serve_shim.py) works on the .h5 file and is never
   consulted for the .keras one.
3. serve_fixed.py builds the architecture from code and loads only the weights: from the tf.keras 2
   file, from weights tf.keras 2 re-saved, or from the Keras 3 file; or it serves the file Keras 3
   saved itself. Each must reproduce the oracle.

The serving generation is the run's: `--keras 3` is the upgraded server, `--keras 2` the server
that stayed on tf.keras 2. There the tf.keras 2 files load as they are, and the file Keras 3 saved
is the one refused (`batch_shape`), the same failure in the other direction.
"""

from scenarios.machinery.declare import Case, MatchesOracle, Pasted, Raises, Scenario

GROUPS = r"Unrecognized keyword arguments passed to DepthwiseConv2D: \{'groups': 1\}"
BATCH_SHAPE = r"Unrecognized keyword arguments: \['batch_shape'\]"
SAME_GENERATION = (
    "The serving process here is tf.keras 2, the generation that wrote the file, and it reads its own "
    "configs: the file loads and predicts like the original. The failure starts the day the server "
    "moves to Keras 3."
)

SCENARIO = Scenario(
    name="keras2_files",
    title="Files from tf.keras 2 in Keras 3, and back: unrecognized keyword arguments",
    summary=(
        "A model saved by tf.keras 2 is refused by Keras 3 (groups, time_major), and a Keras 3 file by "
        "tf.keras 2 (batch_shape); the weights travel, the configs do not."
    ),
    task="multiclass",
    train="scenarios.keras2_files.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1", "tf_keras": "2.21.0"},
    pasted=(
        # A .keras file written by Keras 2.15 names modules Keras 3 no longer has.
        Pasted(r"Could not deserialize class '\w+' because its parent module keras\.src\.engine\.\w+ cannot be imported",
               "https://github.com/keras-team/keras/issues/19089"),
        # And back: a .keras file written by Keras 3 names modules tf.keras 2 does not have.
        Pasted(r"Could not deserialize class '\w+' because its parent module keras\.src\.models\.\w+ cannot be imported",
               "https://github.com/tensorflow/tensorflow/issues/70866"),
    ),
    symptoms=(
        "a model trained and saved with Keras 2 cannot be loaded with Keras 3",
        "after upgrading to Keras 3 my saved model no longer loads",
        "a model saved with keras 3 does not load in tf.keras 2 or tensorflow 2.15",
    ),
    cases=(
        Case(
            name="depthwise_groups",
            title="load_model() on a DepthwiseConv2D model saved by tf.keras 2",
            serve="scenarios.keras2_files.serve_broken:predict_digits",
            expect=Raises("TypeError", GROUPS, during="load_model"),
            keras2=MatchesOracle(),
            keras2_why=SAME_GENERATION,
            why=(
                "tf.keras 2's DepthwiseConv2D is a subclass of its general convolution layer and saves that "
                "layer's groups argument too (groups: 1). Keras 3 rebuilds each layer by passing its config to the constructor, and its "
                "DepthwiseConv2D has no groups argument. The file is fine; its vocabulary is old."
            ),
        ),
        Case(
            name="gru_time_major",
            title="load_model() on a GRU model saved by tf.keras 2",
            serve="scenarios.keras2_files.serve_broken:predict_digits",
            model="model_gru",
            request="sequences",
            expect=Raises("ValueError", r"Unrecognized keyword arguments passed to GRU: \{'time_major': False\}",
                          during="load_model"),
            keras2=MatchesOracle(),
            keras2_why=SAME_GENERATION,
            why=(
                "tf.keras 2 recurrent layers (GRU, LSTM, SimpleRNN) save time_major, which Keras 3 removed: "
                "its recurrent layers always take the batch axis first. Another argument, the same refusal."
            ),
        ),
        Case(
            name="tf_ops_in_the_model",
            title="load_model() on a functional model with arithmetic on its input, saved by tf.keras 2",
            serve="scenarios.keras2_files.serve_broken:predict_digits",
            model="model_tf_ops",
            request="rows",
            expect={"keras": Raises("TypeError", r"Could not locate class 'Functional'", during="load_model"),
                    "h5": Raises("ValueError", r"Unknown layer: 'TFOpLambda'", during="load_model")},
            keras2=MatchesOracle(),
            keras2_why=SAME_GENERATION,
            why=(
                "tf.keras 2 records `x / 16.0 - 0.5` on an input as TFOpLambda layers, a class Keras 3 does not "
                "have: the .h5 loader says so. The .keras file fails one step earlier, on the model itself: it "
                "names tf.keras 2's Functional class by its tf_keras module, which Keras 3 does not import."
            ),
        ),
        Case(
            name="groups_shim",
            title="A DepthwiseConv2D subclass that drops groups, passed through custom_objects",
            serve="scenarios.keras2_files.serve_shim:predict_digits",
            expect={"keras": Raises("TypeError", GROUPS, during="load_model"), "h5": MatchesOracle()},
            keras2=MatchesOracle(),
            keras2_why="Its own DepthwiseConv2D accepts groups, so the file loads with or without the shim.",
            why=(
                "The legacy .h5 loader looks every class name up in custom_objects first, so the shim "
                "builds the layer and the .h5 file loads. A .keras file records DepthwiseConv2D as a "
                "built-in (module keras.layers, no registered name), and Keras 3 resolves built-ins without "
                "consulting custom_objects: the shim is never called, and the same error comes back."
            ),
        ),
        Case(
            name="rebuilt_with_load_weights",
            title="The architecture built from code, the weights read from the tf.keras 2 file",
            serve="scenarios.keras2_files.serve_fixed:predict_digits",
            expect=MatchesOracle(),
            why=(
                "load_weights() reads only the arrays, matched layer by layer to a model built with this "
                "process's Keras, so no old argument is ever passed to a constructor. It works for .keras and "
                ".h5 alike; the price is keeping the architecture as code."
            ),
        ),
        Case(
            name="gru_rebuilt_with_load_weights",
            title="The GRU built from code, its weights read from the tf.keras 2 file",
            serve="scenarios.keras2_files.serve_fixed:predict_digit_sequences",
            model="model_gru",
            request="sequences",
            expect=MatchesOracle(),
            why="The same for the recurrent layer: its weights are three arrays in both generations.",
        ),
        Case(
            name="tf_ops_rebuilt_with_load_weights",
            title="The functional model written again in code, its weights read from the tf.keras 2 file",
            serve="scenarios.keras2_files.serve_fixed:predict_digit_rows",
            model="model_tf_ops",
            request="rows",
            expect=MatchesOracle(),
            why=(
                "The arithmetic is code, not weights: written in Keras 3 it is an operation of the graph, and the "
                "two Dense layers' arrays are all the file has to give."
            ),
        ),
        Case(
            name="weights_re_saved_by_tf_keras2",
            title="Weights re-saved by tf.keras 2 (save_weights), loaded into the rebuilt model",
            serve="scenarios.keras2_files.serve_fixed:predict_digits_from_migrated_weights",
            expect=MatchesOracle(),
            why=(
                "The one-off migration for a team that still has tf.keras 2 at hand: load the model there, "
                "save_weights('model.weights.h5'), and ship that file with the architecture code."
            ),
        ),
        Case(
            name="upgraded_file",
            title="The file Keras 3 re-saved, loaded by Keras 3",
            serve="scenarios.keras2_files.serve_fixed:predict_digits_upgraded",
            model="model_keras3",
            expect=MatchesOracle(),
            keras2=Raises("TypeError", BATCH_SHAPE, during="load_model"),
            keras2_why=(
                "A server still on tf.keras 2 refuses the upgraded file. Every file Keras 3 writes starts "
                "with an InputLayer whose config says batch_shape, where tf.keras 2 wrote batch_input_shape, "
                "and tf.keras 2's InputLayer has no such keyword. The upgrade that fixed one server strands "
                "every reader still on tf.keras 2; for them, the next fix."
            ),
            why=(
                "Upgrade the file once (rebuild, load the weights, save as .keras) and the serving code is a "
                "plain load_model() again, for as long as every reader is on Keras 3."
            ),
        ),
        Case(
            name="rebuilt_from_the_keras3_file",
            title="The architecture built from code, the weights read from the Keras 3 file",
            serve="scenarios.keras2_files.serve_fixed:predict_digits",
            model="model_keras3",
            expect=MatchesOracle(),
            why=(
                "The weights cross back just as well: a server still on tf.keras 2 builds the model with "
                "its own Keras and reads the arrays from the file Keras 3 wrote, batch_shape and all."
            ),
        ),
    ),
)
