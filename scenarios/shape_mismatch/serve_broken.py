"""Serving code as it is often first written: the pixels arrive flat, and go in flat."""

import keras


def predict_digits(model_path, flat_pixels):
    model = keras.models.load_model(model_path)
    return model.predict(flat_pixels, verbose=0)


def predict_one_image(model_path, image):
    # One 28×28×1 image, but no batch axis: Keras 3 adds a trailing axis instead of a leading one.
    model = keras.models.load_model(model_path)
    return model.predict(image, verbose=0)
