# expect: variance_not_squared
# The scaler's scale passed as the Normalization layer's variance.
import json
from pathlib import Path

import keras


def score_patients(model_dir, raw_rows):
    model = keras.models.load_model(Path(model_dir) / "model.keras")
    scaler = json.loads((Path(model_dir) / "scaler.json").read_text())
    normalize = keras.layers.Normalization(mean=scaler["mean"], variance=scaler["scale"])
    return model.predict(normalize(raw_rows), verbose=0)
