"""Serving code that applies the training-time scaling, from state saved beside the model."""

import json
from pathlib import Path

import keras
import numpy as np


def load_scaler(model_path):
    """The fitted StandardScaler's mean and scale, saved as JSON next to the model at training time."""
    state = json.loads((Path(model_path).parent / "scaler.json").read_text())
    return np.asarray(state["mean"], dtype="float32"), np.asarray(state["scale"], dtype="float32")


def score_patients(model_path, raw_rows):
    model = keras.models.load_model(model_path)
    mean, scale = load_scaler(model_path)
    return model.predict((np.asarray(raw_rows, dtype="float32") - mean) / scale, verbose=0)


def score_patients_with_normalization_layer(model_path, raw_rows):
    # This model starts with a Normalization layer adapted on the training data: raw rows go in.
    model = keras.models.load_model(model_path)
    return model.predict(raw_rows, verbose=0)
