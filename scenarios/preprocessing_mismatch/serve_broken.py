"""Serving code that forgets the scaling, or redoes it on the wrong data. Nothing raises."""

from functools import cache

import keras
from sklearn.preprocessing import StandardScaler


def score_patients(model_path, raw_rows):
    # The model was trained on standardized features; these are raw ones.
    model = keras.models.load_model(model_path)
    return model.predict(raw_rows, verbose=0)


@cache
def load_once(model_path):
    # A service loads its model at start-up and answers many requests with it.
    return keras.models.load_model(model_path)


def score_patients_refitting_the_scaler(model_path, raw_rows):
    # Looks careful, but the mean and spread are those of this request, not of the training data.
    model = load_once(model_path)
    scaled = StandardScaler().fit_transform(raw_rows)
    # predict_on_batch: the call for one small request, without predict()'s per-call pipeline.
    return model.predict_on_batch(scaled)
