"""The custom layer as it should live: in an importable module, registered, with the config contract kept.

Registration records the class under "scenarios>Standardize" in the saved file. Any process that
imports this module before load_model() finds it again, with no custom_objects argument; from_config()
then calls Standardize(**config), which works because get_config() returns every constructor argument
as plain numbers and __init__ passes name, trainable and dtype on to Layer through **kwargs.
"""

import keras
import numpy as np


@keras.saving.register_keras_serializable(package="scenarios")
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
