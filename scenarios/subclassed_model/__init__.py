"""Subclassed model: a keras.Model subclass saved by one process, loaded by another.

The story, in order:

1. train.py defines DigitNet, a keras.Model subclass, in the training script, trains it on the
   digits and saves it. It also saves the same weights in the registered DigitNet of network.py,
   which has get_config() and from_config().
2. serve_broken.py loads the file in a process that never imported the training script: Keras 3
   cannot find the class. serve_h5.py has the registered class at hand and passes it by name, and
   the legacy .h5 file still cannot be loaded: Keras 3 saved it without a word, and its .h5 loader
   cannot rebuild a subclassed model.
3. serve_fixed.py imports the registered class before loading the .keras file, or rebuilds the
   model in code and loads the saved weights into it. Both must reproduce the oracle.
"""

from scenarios.machinery.declare import Case, MatchesOracle, NotApplicable, Pasted, Raises, Scenario

NO_H5_ON_KERAS2 = (
    "tf.keras 2 refuses to save a subclassed model as .h5 (NotImplementedError at save time), so there is "
    "no .h5 file to load: the mistake is stopped in the training script."
)

SCENARIO = Scenario(
    name="subclassed_model",
    title="Subclassed model: the class is missing at load time, and .h5 never loads",
    summary="load_model() cannot rebuild a keras.Model subclass without its registered class, and never from .h5.",
    task="multiclass",
    train="scenarios.subclassed_model.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1"},
    symptoms=(
        "a model that subclasses keras.Model loads in the same script but not in a different script",
        "I cannot load my subclassed model in a new session even though the class is defined",
        "load_model fails for a model that inherits from the Model class",
        "a model made by subclassing keras.Model cannot be saved to h5 or serialized with save_model",
    ),
    pasted=(
        # tf.keras 2's load_weights() into a subclass never called: the other half of this lesson's fix.
        Pasted(r"Unable to load weights saved in HDF5 format into a subclassed Model",
               "https://github.com/tensorflow/tensorflow/issues/44240"),
        # tf.keras 2 refuses at save time what this lesson's .h5 case shows at load time.
        Pasted(r"Saving the model to HDF5 format requires the model to be a Functional model or a Sequential model",
               "https://github.com/tensorflow/tensorflow/issues/37945", "h5_with_the_class_at_hand"),
    ),
    cases=(
        Case(
            name="class_not_imported",
            title="load_model() where the subclass was never imported",
            serve="scenarios.subclassed_model.serve_broken:predict_digits",
            expect=Raises(
                {"keras": "TypeError", "h5": "ValueError"},
                {"keras": r"Could not locate class 'DigitNet'", "h5": r"Unknown layer: 'DigitNet'"},
                during="load_model",
            ),
            keras2={"keras": MatchesOracle(), "h5": NotApplicable(NO_H5_ON_KERAS2)},
            keras2_why=(
                "The .keras file loads: tf.keras 2 imports the module the file names for the class "
                "(here scenarios.subclassed_model.train, the training script) and takes DigitNet from it. "
                "That works only where the training code is importable under the same name, and it runs "
                "that module's code at load time; a class defined in a notebook or in a script run as "
                "__main__ is not found."
            ),
            why=(
                "The file stores the class by name. Keras 3 looks that name up among registered classes and "
                "custom_objects, and imports no module but its own to find it; this process never ran the "
                "training script, so nothing by that name exists here."
            ),
        ),
        Case(
            name="h5_with_the_class_at_hand",
            title="The legacy .h5 file, with the registered class imported and passed as custom_objects",
            serve="scenarios.subclassed_model.serve_h5:predict_digits",
            model="model_registered",
            expect={
                "h5": Raises("ValueError", r"Layer count mismatch when loading weights from file\. Model expected 0 "
                             r"layers, found 2 saved layers", during="load_model"),
                "keras": NotApplicable("A .keras file loads once the class is at hand: that is the first fix."),
            },
            keras2={"h5": NotApplicable(NO_H5_ON_KERAS2),
                    "keras": NotApplicable("A .keras file loads once the class is at hand: that is the first fix.")},
            keras2_why=(
                "The training script's model.save('….h5') already raised NotImplementedError, naming the "
                "subclass as the reason: the mistake stops where it is made, instead of in a serving process later."
            ),
            why=(
                "Keras 3 saved the subclass as .h5 without a warning. Its legacy .h5 loader rebuilds the model "
                "from the config but never calls it, so none of its layers has weights yet, then counts layers "
                "with weights against the saved ones, and they differ. Registration is not read by that loader "
                "('Unknown layer' without custom_objects), and custom_objects ends here."
            ),
        ),
        Case(
            name="registered_class_imported",
            title="A registered subclass with get_config()/from_config(), imported before load_model()",
            serve="scenarios.subclassed_model.serve_fixed:predict_digits",
            model="model_registered",
            expect={
                "keras": MatchesOracle(),
                "h5": NotApplicable("No loader rebuilds a subclassed model from .h5; the next fix reads its weights."),
            },
            keras2={"keras": MatchesOracle(), "h5": NotApplicable(NO_H5_ON_KERAS2)},
            why=(
                "The file names the registered class and holds get_config()'s values; importing network.py "
                "registers the class, and from_config() rebuilds the model before the weights are loaded."
            ),
        ),
        Case(
            name="rebuild_and_load_weights",
            title="DigitNet() built in code, called once, then load_weights() from the saved file",
            serve="scenarios.subclassed_model.serve_fixed:predict_digits_rebuilt",
            expect=MatchesOracle(),
            keras2={"keras": MatchesOracle(), "h5": NotApplicable(NO_H5_ON_KERAS2)},
            why=(
                "The code supplies the architecture and the file only the weights. It reads the .h5 file that "
                "load_model() cannot, and the training script's file as it is."
            ),
        ),
    ),
)
