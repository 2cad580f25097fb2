# expect: ok
import json
from pathlib import Path

import keras
import numpy as np
from sklearn.preprocessing import StandardScaler


def score_patients(model_dir, raw_rows):
    model = keras.models.load_model(Path(model_dir) / "model.keras")
    state = json.loads((Path(model_dir) / "scaler.json").read_text())
    scaler = StandardScaler()
    scaler.mean_ = np.asarray(state["mean"])
    scaler.scale_ = np.asarray(state["scale"])
    scaler.n_features_in_ = len(state["mean"])
    return model.predict(scaler.transform(raw_rows).astype("float32"), verbose=0)
