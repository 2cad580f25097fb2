"""Serving code as it stood before the upgrade: load the file the training team handed over, predict."""

import keras


def predict_digits(model_path, inputs):
    model = keras.models.load_model(model_path)
    return model.predict(inputs, verbose=0)
