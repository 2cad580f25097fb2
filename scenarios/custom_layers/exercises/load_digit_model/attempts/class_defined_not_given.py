# expect: raised
# The class is in this file, so surely Keras can find it.
import keras
import numpy as np


class Standardize(keras.layers.Layer):
    def __init__(self, mean, std, **kwargs):
        super().__init__(**kwargs)
        self.mean = np.asarray(mean, dtype="float32")
        self.std = np.asarray(std, dtype="float32")

    def call(self, inputs):
        return (inputs - self.mean) / self.std

    def get_config(self):
        return {**super().get_config(), "mean": self.mean.tolist(), "std": self.std.tolist()}


def load_digit_model(model_path):
    return keras.models.load_model(model_path)
