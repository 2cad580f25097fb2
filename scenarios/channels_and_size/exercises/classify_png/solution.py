"""Exercise 10 · classify_png: RGBA and grayscale PNGs served to a model trained on RGB (reference solution).

The model's first convolution has weights for exactly three channels, red, green and blue, so the
serving side converts whatever the decoder gave into that layout, reading it from the model:
alpha dropped (these PNGs are opaque), one gray channel repeated into three equal ones, RGB
unchanged. Anything else is refused with its shape named.
"""

import keras
import numpy as np


def classify_png(model_path, images):
    """Probabilities of the 10 digits, shape (n, 10), for decoded PNGs of shape (n, 16, 16, 4), (n, 16, 16, 1) or (n, 16, 16, 3)."""
    model = keras.models.load_model(model_path)
    channels = model.input_shape[-1]  # 3
    images = np.asarray(images, dtype="float32")
    if images.shape[-1] == 4:
        images = images[..., :3]
    elif images.shape[-1] == 1:
        images = np.repeat(images, channels, axis=-1)
    if images.shape[1:] != tuple(model.input_shape[1:]):
        raise ValueError(f"expected images of shape (n, {', '.join(map(str, model.input_shape[1:]))}); received {images.shape}")
    return model.predict(images, verbose=0)


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "channels_and_size"
    samples = np.load(models / "samples.npz")
    probabilities = classify_png(str(models / "model.keras"), samples["request"])  # PNGs with alpha
    print("predicted:", probabilities.argmax(-1), "true:", samples["labels"])
