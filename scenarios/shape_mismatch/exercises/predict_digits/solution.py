"""Exercise 1 · predict_digits: a conv net served flat rows of pixels (reference solution).

The saved model keeps the input shape it was built with, (None, 28, 28, 1); the reshape the
training script did to its arrays is not in the file. So the serving side restores that layout
at the boundary, in the same (C) order the rows were flattened in, and refuses, naming both
shapes, anything that is not a whole number of images.
"""

import keras
import numpy as np


def predict_digits(model_path, flat_pixels):
    """Class probabilities, shape (n, 10), for `flat_pixels` of shape (n, 784)."""
    model = keras.models.load_model(model_path)
    image_shape = tuple(model.input_shape[1:])  # (28, 28, 1)
    pixels = np.asarray(flat_pixels, dtype="float32")
    if pixels.ndim != 2 or pixels.shape[1] != np.prod(image_shape):
        raise ValueError(f"expected rows of {np.prod(image_shape)} pixels, shape (n, 784); received {pixels.shape}")
    return model.predict(pixels.reshape((-1, *image_shape)), verbose=0)


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "shape_mismatch"
    samples = np.load(models / "samples.npz")["request"]
    probabilities = predict_digits(str(models / "model.keras"), samples)
    print("predicted digits:", np.argmax(probabilities, axis=1))
