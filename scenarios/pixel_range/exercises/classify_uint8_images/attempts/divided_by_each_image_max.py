# expect: per_image_statistic
# Each image stretched to 0..1 by its own brightest pixel: 255 for most images, not for all.
import keras
import numpy as np


def classify_uint8_images(model_path, images):
    model = keras.models.load_model(model_path)
    pixels = images.astype("float32")
    return model.predict(pixels / pixels.max(axis=(1, 2, 3), keepdims=True), verbose=0)
