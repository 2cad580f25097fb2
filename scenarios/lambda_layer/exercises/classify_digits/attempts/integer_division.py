# expect: integer_division
# // instead of /: every pixel below 16 becomes 0.
from pathlib import Path

import keras
import numpy as np


def classify_digits(model_dir, pixel_rows):
    model = keras.Sequential([
        keras.Input((64,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.load_weights(Path(model_dir) / "model.keras")
    return model.predict(np.asarray(pixel_rows) // 16, verbose=0)
