"""Serving code that repeats the training scaling exactly, or lets the model carry it."""

import json
from pathlib import Path

import keras
import numpy as np


def as_8bit_pixels(images):
    """The request as float32 pixels on the 0–255 scale, refusing anything else: an array that is
    already scaled (floats in 0–1) would be scaled a second time, silently."""
    images = np.asarray(images)
    if images.dtype != np.uint8:
        raise TypeError(f"expected uint8 images (0 to 255) as decoded; received {images.dtype}, "
                        f"values {images.min():g} to {images.max():g}")
    return images.astype("float32")


def classify_images(model_path, images):
    # The training script's scaling was saved beside the model: repeat exactly that, no more, no less.
    scaling = json.loads(Path(model_path).with_suffix(".scaling.json").read_text())
    model = keras.models.load_model(model_path)
    return model.predict(as_8bit_pixels(images) / scaling["divide_by"], verbose=0)


def classify_images_rescaling_model(model_path, images):
    # The model starts with Rescaling(1/255): it takes the 0–255 pixels as they are.
    model = keras.models.load_model(model_path)
    return model.predict(as_8bit_pixels(images), verbose=0)
