# expect: wrong_math
# The layer rewritten from memory, dividing by the variance.
import keras
import numpy as np


class Standardize(keras.layers.Layer):
    def __init__(self, mean, std, **kwargs):
        super().__init__(**kwargs)
        self.mean = np.asarray(mean, dtype="float32")
        self.variance = np.asarray(std, dtype="float32") ** 2

    def call(self, inputs):
        return (inputs - self.mean) / self.variance


def load_digit_model(model_path):
    return keras.models.load_model(model_path, custom_objects={"Standardize": Standardize})
