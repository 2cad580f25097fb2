# expect: scaled_twice
# The Rescaling model, and the division by hand as well, out of habit.
from pathlib import Path

import keras


def classify_uint8_images(model_path, images):
    model = keras.models.load_model(Path(model_path).with_name("model_rescaling.keras"))
    return model.predict(images.astype("float32") / 255.0, verbose=0)
