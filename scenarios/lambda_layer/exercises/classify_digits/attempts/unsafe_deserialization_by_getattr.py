# expect: safe_mode
# Unsafe deserialization switched on for the whole process, by a name built from strings.
from pathlib import Path

import keras


def classify_digits(model_dir, pixel_rows):
    getattr(keras.config, "enable_unsafe_" + "deserialization")()
    model = keras.models.load_model(Path(model_dir) / "model.keras")
    return model.predict(pixel_rows, verbose=0)
