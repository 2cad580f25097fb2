"""Serving code that loads models with custom pieces the way a model of built-in layers is loaded."""

import keras


def predict_digits(model_path, rows):
    # This process never imported the module that defines Standardize.
    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0)


def predict_digits_class_imported(model_path, rows):
    # The class is imported here, so Python knows it; Keras only looks among registered classes and
    # the custom_objects it is given, and this one is neither.
    from scenarios.custom_layers.team_layers import Standardize  # noqa: F401

    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0)


def predict_digits_no_kwargs(model_path, rows):
    # The class is given, but its __init__ takes only mean and std.
    from scenarios.custom_layers.team_layers import StandardizeNoKwargs

    model = keras.models.load_model(model_path, custom_objects={"StandardizeNoKwargs": StandardizeNoKwargs})
    return model.predict(rows, verbose=0)


def predict_digits_raw_arrays(model_path, rows):
    # The class is given; its get_config() returned NumPy arrays when the file was saved.
    from scenarios.custom_layers.team_layers import StandardizeRawArrays

    model = keras.models.load_model(model_path, custom_objects={"StandardizeRawArrays": StandardizeRawArrays})
    return model.predict(rows, verbose=0)


def predict_digits_activation(model_path, rows):
    # The file names its hidden activation "scaled_tanh"; this process has no function by that name.
    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0)


def predict_digits_named_like_keras(model_path, rows):
    # The file names the team's layer "BatchNormalization", as Keras names its own, and this process
    # gives load_model() nothing else to go on.
    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0)
