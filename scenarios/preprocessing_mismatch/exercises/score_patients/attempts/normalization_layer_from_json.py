# expect: ok
import json
from pathlib import Path

import keras
import numpy as np


def score_patients(model_dir, raw_rows):
    model = keras.models.load_model(Path(model_dir) / "model.keras")
    state = json.loads((Path(model_dir) / "scaler.json").read_text())
    normalize = keras.layers.Normalization(mean=state["mean"], variance=np.square(state["scale"]))
    serving = keras.Sequential([keras.Input((30,)), normalize, model])
    return serving.predict(raw_rows, verbose=0)
