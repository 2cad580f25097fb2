"""Exercise 3 · score_patients: a model trained on standardized features (reference solution).

A .keras file holds the network, not the StandardScaler that fed it. The training run saved the
fitted scaler's mean and scale as JSON (plain numbers: nothing executable, unlike a pickle), so
serving reapplies exactly the training-time transformation. It never fits anything on the rows it
is asked to score: their statistics are not the training data's.
"""

import json
from pathlib import Path

import keras
import numpy as np


def score_patients(model_dir, raw_rows):
    """Probability of a benign tumour, shape (n, 1), for `raw_rows` of shape (n, 30)."""
    model_dir = Path(model_dir)
    model = keras.models.load_model(model_dir / "model.keras")
    scaler = json.loads((model_dir / "scaler.json").read_text())
    mean = np.asarray(scaler["mean"], dtype="float32")
    scale = np.asarray(scaler["scale"], dtype="float32")
    return model.predict((np.asarray(raw_rows, dtype="float32") - mean) / scale, verbose=0)


if __name__ == "__main__":
    models = Path(__file__).resolve().parent / "models" / "preprocessing_mismatch"
    samples = np.load(models / "samples.npz")["request"]
    print("probabilities:", score_patients(str(models), samples)[:, 0].round(3))
