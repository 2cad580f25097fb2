"""Exercise 10 · classify_png: RGBA and grayscale PNGs served to a model trained on RGB images.

A small conv net reads handwritten digits from 16x16 colour images, in batches of shape
(n, 16, 16, 3), values 0 to 1, and was saved to models/channels_and_size/model.keras. Your service
decodes the PNGs users upload, and the decoder returns what each file holds: some PNGs come with
an alpha channel, (n, 16, 16, 4), all of them opaque; some are grayscale, (n, 16, 16, 1); some are
plain RGB, (n, 16, 16, 3).

Your task: make `classify_png` return the model's class probabilities, shape (n, 10), for all
three kinds of request: the same numbers the model gives the images in RGB (a gray pixel in RGB
is three equal values, as PIL's convert("RGB") makes it).

    python 10_classify_png.py                                    # try it on a few sample images
    python -m scenarios.exercises check classify_png             # is it right?
    python -m scenarios.exercises hint classify_png              # stuck? one hint at a time
"""

import keras
import numpy as np


def classify_png(model_path, images):
    """Probabilities of the 10 digits, shape (n, 10), for decoded PNGs of shape (n, 16, 16, 4), (n, 16, 16, 1) or (n, 16, 16, 3)."""
    model = keras.models.load_model(model_path)
    # TODO: the model takes (n, 16, 16, 3). Convert RGBA and grayscale images to that layout.
    return model.predict(images, verbose=0)


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "channels_and_size"
    samples = np.load(models / "samples.npz")
    probabilities = classify_png(str(models / "model.keras"), samples["request"])  # PNGs with alpha
    print("predicted:", probabilities.argmax(-1), "true:", samples["labels"])
