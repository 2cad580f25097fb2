"""Loading models with custom pieces: hand Keras the code the file names, in the form it can use."""

import keras

from scenarios.custom_layers import team_layers
from scenarios.custom_layers.team_layers import Standardize, scaled_tanh


def predict_digits(model_path, rows):
    # custom_objects maps the class name stored in the file to the class of this process.
    model = keras.models.load_model(model_path, custom_objects={"Standardize": Standardize})
    return model.predict(rows, verbose=0)


def predict_digits_no_kwargs_file(model_path, rows):
    # The file is fine: its config holds name, trainable and dtype, as every layer's does. The draft
    # class could not take them. A class that passes **kwargs on to Layer reads the same file.
    model = keras.models.load_model(model_path, custom_objects={"StandardizeNoKwargs": Standardize})
    return model.predict(rows, verbose=0)


class StandardizeFromStoredArrays(Standardize):
    """Reads a config whose arrays were saved as they were: turns them back into arrays first."""

    @classmethod
    def from_config(cls, config):
        # In a .keras file each array is a record, {"class_name": "__numpy__", "config": {...}}, that
        # from_config receives as it is; .h5 wrote plain lists, which __init__ takes as they are.
        arrays = {key: keras.saving.deserialize_keras_object(config[key])
                  for key in ("mean", "std") if isinstance(config[key], dict)}
        return cls(**{**config, **arrays})


def predict_digits_raw_arrays_file(model_path, rows):
    model = keras.models.load_model(model_path, custom_objects={"StandardizeRawArrays": StandardizeFromStoredArrays})
    return model.predict(rows, verbose=0)


def predict_digits_activation(model_path, rows):
    # The activation is a function: custom_objects maps its stored name to it, as for a class.
    model = keras.models.load_model(model_path, custom_objects={"scaled_tanh": scaled_tanh})
    return model.predict(rows, verbose=0)


def predict_digits_activation_weights_only(model_path, rows):
    # The architecture rebuilt in this code, the activation passed as the function itself; only the
    # weights come from the file, so nothing stored in it has to be looked up by name.
    model = keras.Sequential([
        keras.Input((rows.shape[1],)),
        keras.layers.Rescaling(1 / 16),
        keras.layers.Dense(32, activation=scaled_tanh),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.load_weights(model_path)
    return model.predict(rows, verbose=0)


def predict_digits_named_like_keras(model_path, rows):
    # The stored name is Keras's own, so it must be mapped explicitly: custom_objects is looked up
    # before Keras's own classes, and the team's class is the one that takes `freeze`.
    model = keras.models.load_model(model_path, custom_objects={"BatchNormalization": team_layers.BatchNormalization})
    return model.predict(rows, verbose=0)
