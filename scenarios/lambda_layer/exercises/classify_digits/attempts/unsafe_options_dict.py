# expect: safe_mode
# safe_mode switched off where no source scan sees it: caught because the tampered copy's code runs.
from pathlib import Path

import keras

LOAD_OPTIONS = {"compile": False, "safe_mode": False}


def classify_digits(model_dir, pixel_rows):
    model = keras.models.load_model(Path(model_dir) / "model.keras", **LOAD_OPTIONS)
    return model.predict(pixel_rows, verbose=0)
