"""Exercise 2 · predict_one_digit: one image, and no batch axis (reference solution).

predict() always takes a batch. Given one (28, 28, 1) image, Keras 3 "adjusts the rank" by adding
a *trailing* axis, (28, 28, 1, 1): 28 images of 28×1 pixels, too narrow for the 3×3 kernel, hence
the error about negative dimensions. The fix makes the image a batch of one, (1, 28, 28, 1), and
takes the one row of the answer back out.
"""

import keras
import numpy as np


def predict_one_digit(model_path, image):
    """Class probabilities, shape (10,), for one image of shape (28, 28, 1)."""
    model = keras.models.load_model(model_path)
    image = np.asarray(image, dtype="float32")
    if image.shape != tuple(model.input_shape[1:]):
        raise ValueError(f"expected one image of shape {model.input_shape[1:]}; received {image.shape}")
    batch = np.expand_dims(image, axis=0)  # (1, 28, 28, 1)
    return model.predict(batch, verbose=0)[0]


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "shape_mismatch"
    image = np.load(models / "samples.npz")["request"][0].reshape(28, 28, 1)
    probabilities = predict_one_digit(str(models / "model.keras"), image)
    print("predicted digit:", np.argmax(probabilities))
