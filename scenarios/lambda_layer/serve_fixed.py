"""Serving a model whose scaling was saved as a built-in layer: nothing to trust, nothing to import."""

import keras


def predict_digits(model_path, rows):
    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0)
