# expect: wrong_scaling
# A Rescaling layer in the rebuilt model, and the rows divided by 16 as well: scaled twice.
from pathlib import Path

import keras
import numpy as np


def classify_digits(model_dir, pixel_rows):
    model = keras.Sequential([
        keras.Input((64,)),
        keras.layers.Rescaling(1 / 16),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.load_weights(Path(model_dir) / "model.keras")
    return model.predict(np.asarray(pixel_rows, dtype="float32") / 16.0, verbose=0)
