"""Serving code that loads the model as if it were built from Keras parts only."""

import keras


def predict_progression(model_path, rows):
    # The file names the loss "custom_loss"; this process has never defined it.
    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0)


def evaluate_without_compiling(model_path, rows):
    # compile=False makes the load succeed, but the model no longer knows its loss.
    model = keras.models.load_model(model_path, compile=False)
    model.evaluate(rows, model.predict(rows, verbose=0), verbose=0)
    return model.predict(rows, verbose=0)
