"""Serving code that loads a model with a Lambda layer: refused, then forced."""

import keras


def predict_digits(model_path, rows):
    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0)


def predict_digits_trusting_the_file(model_path, rows):
    # What the error message offers. For a file you did not make yourself, it means running its code.
    model = keras.models.load_model(model_path, safe_mode=False)
    return model.predict(rows, verbose=0)


def predict_digits_from_our_own_file(model_path, rows):
    # The team's own file, never out of its hands: for a file like that, trusting its code is a
    # sound decision, and safe_mode=False says so. The code comes back; the names it reads do not.
    model = keras.models.load_model(model_path, safe_mode=False)
    return model.predict(rows, verbose=0)
