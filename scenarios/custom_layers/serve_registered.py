"""Loading a model whose custom layer was registered at training time: import the module, then load."""

import keras

import scenarios.custom_layers.layers  # noqa: F401  registers scenarios>Standardize before load_model


def predict_digits(model_path, rows):
    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0)
