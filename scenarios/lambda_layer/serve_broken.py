"""Serving code that loads a model with a Lambda layer: refused, then forced."""

import keras


def predict_digits(model_path, rows):
    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0)


def predict_digits_trusting_the_file(model_path, rows):
    # What the error message offers. For a file you did not make yourself, it means running its code.
    model = keras.models.load_model(model_path, safe_mode=False)
    return model.predict(rows, verbose=0)
