# expect: pickle
import pickle
from pathlib import Path

import keras


def score_patients(model_dir, raw_rows):
    model = keras.models.load_model(Path(model_dir) / "model.keras")
    with open(Path(model_dir) / "scaler.pkl", "rb") as file:
        scaler = pickle.load(file)
    return model.predict(scaler.transform(raw_rows), verbose=0)
