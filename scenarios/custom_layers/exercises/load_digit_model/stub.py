"""Exercise 6 · load_digit_model: a digit classifier with a custom layer, loaded in a serving process.

The training team's digit classifier (scikit-learn's 8x8 digits, 64 raw pixel values per image,
each from 0 to 16) starts with a layer they wrote themselves, in their training notebook:

    class Standardize(keras.layers.Layer):
        # (x - mean) / std for every pixel, with the training set's statistics.

        def __init__(self, mean, std, **kwargs):
            super().__init__(**kwargs)
            self.mean = np.asarray(mean, dtype="float32")
            self.std = np.asarray(std, dtype="float32")

        def call(self, inputs):
            return (inputs - self.mean) / self.std

        def get_config(self):
            return {**super().get_config(), "mean": self.mean.tolist(), "std": self.std.tolist()}

    model = keras.Sequential([keras.Input((64,)), Standardize(mean, std),
                              keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])

They saved it as models/custom_layers/model.keras and the legacy models/custom_layers/model.h5
(the mean and std are inside both files). In your serving process, load_model() cannot rebuild
the first layer.

Your task: make `load_digit_model` return the loaded model, for either file, so that
model.predict(pixel_rows) gives the same probabilities the model gave right after training.
The notebook is not importable from your code: whatever the model needs must be in this file.

    python 06_load_digit_model.py                                # try it on a few sample rows
    python -m scenarios.exercises check load_digit_model         # is it right?
    python -m scenarios.exercises hint load_digit_model          # stuck? one hint at a time
"""

import keras
import numpy as np


def load_digit_model(model_path):
    """The team's saved model, loaded and ready to predict."""
    # TODO: the file names a layer class, "Standardize", that this process has never told Keras about.
    return keras.models.load_model(model_path)


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "custom_layers"
    samples = np.load(models / "samples.npz")
    for name in ("model.keras", "model.h5"):
        probabilities = load_digit_model(str(models / name)).predict(samples["request"], verbose=0)
        print(name, "predicted:", probabilities.argmax(-1), "true:", samples["labels"])
