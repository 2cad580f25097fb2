"""Serving code that restores the training layout at the boundary, and says so when it cannot."""

import keras
import numpy as np


def as_model_batch(model, pixels):
    """Reshape whatever arrived into the (n, *input_shape) batch the model was trained on.

    Refuses, naming both shapes, anything that does not hold a whole number of images: a wrong
    size is a bug upstream, and guessing would hide it.
    """
    expected = tuple(model.input_shape[1:])
    per_image = int(np.prod(expected))
    pixels = np.asarray(pixels, dtype="float32")
    if pixels.size == 0 or pixels.size % per_image:
        raise ValueError(
            f"model expects batches of shape (n, {', '.join(map(str, expected))}); "
            f"received {pixels.shape}, which is not a whole number of {per_image}-pixel images"
        )
    # C order, as numpy flattened them: each row of 784 is one image, row after row.
    return pixels.reshape((-1, *expected))


def predict_digits(model_path, flat_pixels):
    model = keras.models.load_model(model_path)
    return model.predict(as_model_batch(model, flat_pixels), verbose=0)


def predict_digits_flat_model(model_path, flat_pixels):
    # The model saved with Reshape as its first layer takes the flat rows as they are.
    model = keras.models.load_model(model_path)
    return model.predict(flat_pixels, verbose=0)
