# expect: inverse_scaling
# The scaler's numbers from the JSON, applied the wrong way round: rows * scale + mean.
import json
from pathlib import Path

import keras
import numpy as np


def score_patients(model_dir, raw_rows):
    model = keras.models.load_model(Path(model_dir) / "model.keras")
    scaler = json.loads((Path(model_dir) / "scaler.json").read_text())
    rows = np.asarray(raw_rows) * np.asarray(scaler["scale"]) + np.asarray(scaler["mean"])
    return model.predict(rows, verbose=0)
