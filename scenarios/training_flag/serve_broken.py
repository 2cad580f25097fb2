"""Serving code that calls the model in training mode. Nothing raises."""

from functools import cache

import keras
import numpy as np

UNCERTAINTY_PASSES = 20


def score_patients(model_path, rows):
    model = keras.models.load_model(model_path)
    # training=True: Dropout zeroes random units and BatchNormalization normalizes with this
    # request's own statistics, so the answer depends on the draw and on the other rows sent along.
    return model(rows, training=True).numpy()


@cache
def load_once(model_path):
    # A service loads its model at start-up and answers many requests with it.
    return keras.models.load_model(model_path)


def score_patients_with_uncertainty(model_path, rows):
    model = load_once(model_path)
    # Monte Carlo dropout: the spread of several training-mode passes as an uncertainty estimate.
    # In eager mode each pass also moves BatchNormalization's moving mean and variance towards
    # this request's statistics, and inference mode (predict_on_batch here) uses those moved averages.
    passes = np.stack([model(rows, training=True).numpy() for _ in range(UNCERTAINTY_PASSES)])
    log_uncertainty(passes.std(axis=0))
    return model.predict_on_batch(rows)


def log_uncertainty(spread):
    # A service would return or log it; this lesson only needs the predictions.
    del spread
