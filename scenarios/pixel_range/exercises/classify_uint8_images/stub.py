"""Exercise 11 · classify_uint8_images: 8-bit images (0 to 255) served to a model trained on pixels / 255.

A small conv net reads handwritten digits from 8x8 grayscale images. Its training script divided
the pixels by 255 in numpy before fit(), and saved the model to models/pixel_range/model.keras.
Your service receives the images as an image decoder returns them: uint8 arrays of shape
(n, 8, 8, 1), values 0 to 255. The folder also holds model.scaling.json (what training did to the
pixels) and model_rescaling.keras (the same network with a Rescaling layer in front).
(model_raw.* is another team's network, trained on raw pixels: not yours to serve.)

Your task: make `classify_uint8_images` return the model's class probabilities, shape (n, 10),
the same numbers the model gave right after training. Nothing raises here: the code below runs
and is simply wrong. An image's answer must not depend on the other images in the request.

    python 11_classify_uint8_images.py                           # try it on a few sample images
    python -m scenarios.exercises check classify_uint8_images    # is it right?
    python -m scenarios.exercises hint classify_uint8_images     # stuck? one hint at a time
"""

import keras
import numpy as np


def classify_uint8_images(model_path, images):
    """Probabilities of the 10 digits, shape (n, 10), for uint8 `images` (0 to 255) of shape (n, 8, 8, 1)."""
    model = keras.models.load_model(model_path)
    # TODO: the model was trained on pixels / 255. Scale the images exactly as training did.
    return model.predict(images, verbose=0)


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "pixel_range"
    samples = np.load(models / "samples.npz")
    probabilities = classify_uint8_images(str(models / "model.keras"), samples["request"])
    print("predicted:", probabilities.argmax(-1), "true:", samples["labels"])
    print("confidence:", probabilities.max(-1).round(3))
