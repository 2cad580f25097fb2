# expect: ok
# A Lambda is fine when its code is the learner's own: only a lambda read *from the file* is refused.
from pathlib import Path

import keras


def classify_digits(model_dir, pixel_rows):
    model = keras.Sequential([
        keras.Input((64,)),
        keras.layers.Lambda(lambda x: x / 16.0),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.load_weights(Path(model_dir) / "model.keras")
    return model.predict(pixel_rows, verbose=0)
