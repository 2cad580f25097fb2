# expect: init_without_kwargs
# The layer rewritten from memory: only the arguments it needs.
import keras
import numpy as np


class Standardize(keras.layers.Layer):
    def __init__(self, mean, std):
        super().__init__()
        self.mean = np.asarray(mean, dtype="float32")
        self.std = np.asarray(std, dtype="float32")

    def call(self, inputs):
        return (inputs - self.mean) / self.std


def load_digit_model(model_path):
    return keras.models.load_model(model_path, custom_objects={"Standardize": Standardize})
