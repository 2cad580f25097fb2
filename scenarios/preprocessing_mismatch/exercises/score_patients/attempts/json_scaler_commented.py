# expect: ok
"""Standardize with the scaler saved at training time.

The scaler's state is read from JSON, not pickle.load(): a pickle runs code when it is loaded.
"""
import json
from pathlib import Path

import keras
import numpy as np


def score_patients(model_dir, raw_rows):
    model = keras.models.load_model(Path(model_dir) / "model.keras")
    # JSON, not pickle.load(): plain numbers, nothing executable (never import pickle or joblib here).
    with open(Path(model_dir) / "scaler.json") as file:
        state = json.load(file)
    rows = (np.asarray(raw_rows, dtype="float32") - np.float32(state["mean"])) / np.float32(state["scale"])
    return model.predict(rows, verbose=0)
