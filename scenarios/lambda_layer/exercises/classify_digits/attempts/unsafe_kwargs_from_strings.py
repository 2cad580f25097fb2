# expect: safe_mode
# The load options assembled at run time: no source scan sees safe_mode, the tampered copy's code runs.
from pathlib import Path

import keras

OPTIONS = {"safe" + "_mode": not True}


def classify_digits(model_dir, pixel_rows):
    model = keras.models.load_model(Path(model_dir) / "model.keras", **OPTIONS)
    return model.predict(pixel_rows, verbose=0)
