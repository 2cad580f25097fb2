# expect: not_finite
# The request's mean and spread for each pixel, and a corner pixel that is 0 in every image: 0 / 0.
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
    rows = np.asarray(pixel_rows, dtype="float32")
    return model.predict((rows - rows.mean(axis=0)) / rows.std(axis=0), verbose=0)
