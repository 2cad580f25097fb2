"""Serving code that decodes each kind of head the way it was trained."""

import keras


def classify_tumours(model_path, rows):
    # One sigmoid unit gives P(class 1): the class is 1 when that probability is above 0.5.
    model = keras.models.load_model(model_path)
    probability = model.predict(rows, verbose=0)[:, 0]
    return (probability > 0.5).astype("int64")


def classify_tumours_softmax_head(model_path, rows):
    # A softmax head gives one probability per class, (n, 2) here: argmax over the last axis picks the class.
    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0).argmax(axis=-1)
