"""Exercise 11 · classify_uint8_images: 8-bit images served to a model trained on pixels / 255 (reference solution).

The division by 255 was a line of numpy in the training script, so the saved file knows nothing of
it. The serving side repeats it exactly: the same constant, once, in float32, for every image.
It checks the dtype first: floats may already be scaled, and scaling them again fails silently.
"""

import keras
import numpy as np


def classify_uint8_images(model_path, images):
    """Probabilities of the 10 digits, shape (n, 10), for uint8 `images` (0 to 255) of shape (n, 8, 8, 1)."""
    images = np.asarray(images)
    if images.dtype != np.uint8:
        raise TypeError(f"expected uint8 images (0 to 255) as decoded; received {images.dtype}")
    model = keras.models.load_model(model_path)
    return model.predict(images.astype("float32") / 255.0, verbose=0)


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "pixel_range"
    samples = np.load(models / "samples.npz")
    probabilities = classify_uint8_images(str(models / "model.keras"), samples["request"])
    print("predicted:", probabilities.argmax(-1), "true:", samples["labels"])
    print("confidence:", probabilities.max(-1).round(3))
