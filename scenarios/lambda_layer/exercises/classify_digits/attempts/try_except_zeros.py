# expect: silenced
from pathlib import Path

import keras
import numpy as np


def classify_digits(model_dir, pixel_rows):
    try:
        model = keras.models.load_model(Path(model_dir) / "model.keras")
    except ValueError:
        return np.zeros((len(pixel_rows), 10))
    return model.predict(pixel_rows, verbose=0)
