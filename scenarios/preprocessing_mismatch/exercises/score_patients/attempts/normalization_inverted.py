# expect: inverse_scaling
# A Normalization layer with invert=True: it takes standardized rows back to raw ones.
import json
from pathlib import Path

import keras
import numpy as np


def score_patients(model_dir, raw_rows):
    model = keras.models.load_model(Path(model_dir) / "model.keras")
    scaler = json.loads((Path(model_dir) / "scaler.json").read_text())
    normalize = keras.layers.Normalization(mean=scaler["mean"], variance=np.square(scaler["scale"]), invert=True)
    return model.predict(normalize(raw_rows), verbose=0)
