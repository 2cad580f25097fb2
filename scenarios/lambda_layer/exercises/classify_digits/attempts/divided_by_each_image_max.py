# expect: per_image_statistic
# Each image scaled to 0..1 by its own brightest pixel: 16 for most images, not for all of them.
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
    return model.predict(rows / rows.max(axis=1, keepdims=True), verbose=0)
