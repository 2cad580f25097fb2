"""Serving a model whose scaling is a registered custom layer: import its module, then load."""

import keras

import scenarios.lambda_layer.layers  # noqa: F401  registers DivideBy before load_model looks for it


def predict_digits(model_path, rows):
    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0)
