"""Exercise 3 · score_patients: a model trained on standardized features, served raw ones.

A dense network was trained to tell malignant from benign tumours from 30 measurements (the
breast-cancer data). Those measurements differ in scale by orders of magnitude (areas in the
thousands, smoothness around 0.1), so training put them through scikit-learn's StandardScaler
first. The folder models/preprocessing_mismatch/ holds what the training run saved: model.keras,
scaler.json (the fitted scaler's `mean` and `scale`) and model_with_normalization.keras (the same
network with a Normalization layer in front).

Your task: make `score_patients` return the model's probabilities, shape (n, 1), for raw rows of
shape (n, 30), the same numbers the model gave right after training. Nothing raises here: the
code below runs and is simply wrong. A patient's score must not depend on which other patients
arrive in the same request.

    python 03_score_patients.py                                  # try it on a few sample rows
    python -m scenarios.exercises check score_patients           # is it right?
    python -m scenarios.exercises hint score_patients            # stuck? one hint at a time
"""

from pathlib import Path

import keras
import numpy as np


def score_patients(model_dir, raw_rows):
    """Probability of a benign tumour, shape (n, 1), for `raw_rows` of shape (n, 30)."""
    model = keras.models.load_model(Path(model_dir) / "model.keras")
    # TODO: the model was trained on standardized rows. Apply the training-time scaling.
    return model.predict(raw_rows, verbose=0)


if __name__ == "__main__":
    models = Path(__file__).resolve().parent / "models" / "preprocessing_mismatch"
    samples = np.load(models / "samples.npz")["request"]
    print("probabilities:", score_patients(str(models), samples)[:, 0].round(3))
