"""Serving code that sends the pixels on a different scale from the one the model was trained on."""

import keras
import numpy as np


def classify_images(model_path, images):
    # The uint8 images go in as decoded, 0 to 255; the model was trained on pixels / 255.
    model = keras.models.load_model(model_path)
    return model.predict(images, verbose=0)


def classify_images_scaled(model_path, images):
    # The team's image helper always divides by 255; this model was trained on the raw 0–255 values.
    model = keras.models.load_model(model_path)
    return model.predict(np.asarray(images, dtype="float32") / 255.0, verbose=0)
