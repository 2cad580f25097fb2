# expect: safe_mode
# What the error message offers.
from pathlib import Path

import keras


def classify_digits(model_dir, pixel_rows):
    model = keras.models.load_model(Path(model_dir) / "model.keras", safe_mode=False)
    return model.predict(pixel_rows, verbose=0)
