"""Serving code that gets the subclass back: its registered class imported before loading, or
rebuilt in code with the saved weights loaded into it."""

import keras

from scenarios.subclassed_model.network import DigitNet  # registers scenarios>DigitNet before loading


def predict_digits(model_path, rows):
    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0)


def predict_digits_rebuilt(model_path, rows):
    # The architecture comes from code, the numbers from the file. A subclassed model has no weights
    # until its first call, so build it on one row before loading them.
    model = DigitNet()
    model(rows[:1])
    model.load_weights(model_path)
    return model.predict(rows, verbose=0)
