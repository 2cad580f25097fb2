"""Exercise 6 · load_digit_model: a digit classifier with a custom layer (reference solution).

A saved model stores a custom layer as its class name and its config (here the mean and std),
never the class's code. load_model() looks the name up among the classes registered with Keras
and those passed in custom_objects, so the serving process defines the class, exactly as
training did, and passes it under the name the file stores: "Standardize".
"""

import keras
import numpy as np


class Standardize(keras.layers.Layer):
    """(x - mean) / std for every pixel, with the training set's statistics."""

    def __init__(self, mean, std, **kwargs):
        super().__init__(**kwargs)
        self.mean = np.asarray(mean, dtype="float32")
        self.std = np.asarray(std, dtype="float32")

    def call(self, inputs):
        return (inputs - self.mean) / self.std

    def get_config(self):
        return {**super().get_config(), "mean": self.mean.tolist(), "std": self.std.tolist()}


def load_digit_model(model_path):
    """The team's saved model, loaded and ready to predict."""
    return keras.models.load_model(model_path, custom_objects={"Standardize": Standardize})


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "custom_layers"
    samples = np.load(models / "samples.npz")
    for name in ("model.keras", "model.h5"):
        probabilities = load_digit_model(str(models / name)).predict(samples["request"], verbose=0)
        print(name, "predicted:", probabilities.argmax(-1), "true:", samples["labels"])
