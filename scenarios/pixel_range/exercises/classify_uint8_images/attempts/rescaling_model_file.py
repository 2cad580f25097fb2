# expect: ok
# The team's other file carries Rescaling(1/255) inside: the uint8 images go in as they are.
from pathlib import Path

import keras


def classify_uint8_images(model_path, images):
    model = keras.models.load_model(Path(model_path).with_name("model_rescaling.keras"))
    return model.predict(images, verbose=0)
