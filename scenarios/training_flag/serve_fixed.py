"""Serving code that runs the model in inference mode, and Monte Carlo dropout that leaves
BatchNormalization alone."""

from functools import cache

import keras
import numpy as np

UNCERTAINTY_PASSES = 20


def score_patients(model_path, rows):
    # predict() always runs in inference mode: moving averages in BatchNormalization, no dropout.
    model = keras.models.load_model(model_path)
    return model.predict(rows, verbose=0)


def score_patients_calling_the_model(model_path, rows):
    # Calling the model directly is fine too, with training=False said out loud.
    model = keras.models.load_model(model_path)
    return model(rows, training=False).numpy()


@cache
def load_once(model_path):
    model = keras.models.load_model(model_path)
    # A frozen BatchNormalization layer runs in inference mode even when called with training=True:
    # it keeps its moving averages, and only Dropout is random in the uncertainty passes.
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
    return model


def score_patients_with_uncertainty(model_path, rows):
    model = load_once(model_path)
    passes = np.stack([model(rows, training=True).numpy() for _ in range(UNCERTAINTY_PASSES)])
    log_uncertainty(passes.std(axis=0))
    return model.predict_on_batch(rows)


def log_uncertainty(spread):
    # A service would return or log it; this lesson only needs the predictions.
    del spread
