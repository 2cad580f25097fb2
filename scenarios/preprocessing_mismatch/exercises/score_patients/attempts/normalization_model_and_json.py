# expect: scaled_twice
# Belt and braces: the model with the Normalization layer, fed rows already standardized.
import json
from pathlib import Path

import keras
import numpy as np


def score_patients(model_dir, raw_rows):
    model = keras.models.load_model(Path(model_dir) / "model_with_normalization.keras")
    scaler = json.loads((Path(model_dir) / "scaler.json").read_text())
    rows = (np.asarray(raw_rows) - np.asarray(scaler["mean"])) / np.asarray(scaler["scale"])
    return model.predict(rows, verbose=0)
