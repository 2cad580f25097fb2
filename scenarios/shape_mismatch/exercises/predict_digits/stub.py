"""Exercise 1 · predict_digits: a conv net served flat rows of pixels.

A small convolutional network was trained on 28×28 grayscale digit images, in batches of shape
(n, 28, 28, 1), and saved to models/shape_mismatch/model.keras. The web service that uses it
receives each image as one flat row of 784 pixel values, written row after row
(`image.reshape(-1)`), so a request is an array of shape (n, 784).

Your task: make `predict_digits` return the model's class probabilities, shape (n, 10), for every
row of the request, the same numbers the model gave right after training. It must work for a
request of any size, a single row included.

    python 01_predict_digits.py                                  # try it on a few sample rows
    python -m scenarios.exercises check predict_digits           # is it right?
    python -m scenarios.exercises hint predict_digits            # stuck? one hint at a time
"""

import keras
import numpy as np


def predict_digits(model_path, flat_pixels):
    """Class probabilities, shape (n, 10), for `flat_pixels` of shape (n, 784)."""
    model = keras.models.load_model(model_path)
    # TODO: the model was trained on batches of shape (n, 28, 28, 1). Give it that layout.
    return model.predict(flat_pixels, verbose=0)


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "shape_mismatch"
    samples = np.load(models / "samples.npz")["request"]
    probabilities = predict_digits(str(models / "model.keras"), samples)
    print("predicted digits:", np.argmax(probabilities, axis=1))
