# expect: ok
# The same layer, with finalize_state() after set_weights(): it now uses the statistics it holds.
import json
from pathlib import Path

import keras
import numpy as np


def score_patients(model_dir, raw_rows):
    model = keras.models.load_model(Path(model_dir) / "model.keras")
    scaler = json.loads((Path(model_dir) / "scaler.json").read_text())
    serving = keras.Sequential([keras.Input((30,)), keras.layers.Normalization(), model])
    normalize = serving.layers[0]
    normalize.set_weights([np.asarray(scaler["mean"]), np.square(scaler["scale"]), np.asarray(1)])
    normalize.finalize_state()
    return serving.predict(raw_rows, verbose=0)
