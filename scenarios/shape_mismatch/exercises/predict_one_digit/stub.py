"""Exercise 2 · predict_one_digit: one image, and no batch axis.

The same conv net as in exercise 1 (models/shape_mismatch/model.keras, trained on batches of
shape (n, 28, 28, 1)). This time the caller already has the image in the right layout: a single
28×28 grayscale image of shape (28, 28, 1). The code below passes it straight to predict(), and
Keras answers with an error about "negative dimension size", which sounds like anything but the
real problem.

Your task: make `predict_one_digit` return the probabilities for that one image, shape (10,),
the same numbers the trained model gave for it.

    python 02_predict_one_digit.py                               # try it on a sample image
    python -m scenarios.exercises check predict_one_digit        # is it right?
    python -m scenarios.exercises hint predict_one_digit         # stuck? one hint at a time
"""

import keras
import numpy as np


def predict_one_digit(model_path, image):
    """Class probabilities, shape (10,), for one image of shape (28, 28, 1)."""
    model = keras.models.load_model(model_path)
    # TODO: predict() takes a batch of images, not one image.
    return model.predict(image, verbose=0)


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "shape_mismatch"
    image = np.load(models / "samples.npz")["request"][0].reshape(28, 28, 1)
    probabilities = predict_one_digit(str(models / "model.keras"), image)
    print("predicted digit:", np.argmax(probabilities))
