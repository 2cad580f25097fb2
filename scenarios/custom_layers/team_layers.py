"""The custom pieces as the training team wrote them: plain classes and a function, registered nowhere.

`Standardize` keeps the config contract (every constructor argument comes back from get_config() as
plain numbers, and **kwargs reaches Layer), but no registration: a saved file names it only as
"Standardize". The two drafts break the contract, one way each. `scaled_tanh` is an activation
function, saved by its name alone. `BatchNormalization` is the team's own layer named as Keras names
its own, as keras-resnet's frozen batch normalization is.
"""

import keras
import numpy as np
import tensorflow as tf


class Standardize(keras.layers.Layer):
    """(x - mean) / std for every pixel, with the training set's statistics."""

    def __init__(self, mean, std, **kwargs):
        super().__init__(**kwargs)
        self.mean = np.asarray(mean, dtype="float32")
        self.std = np.asarray(std, dtype="float32")

    def call(self, inputs):
        return (inputs - self.mean) / self.std

    def get_config(self):
        # Plain lists: JSON holds them in either file format, and __init__ turns them back into arrays.
        return {**super().get_config(), "mean": self.mean.tolist(), "std": self.std.tolist()}


class StandardizeNoKwargs(Standardize):
    """The same layer with the __init__ people write first: no **kwargs to pass on to Layer."""

    def __init__(self, mean, std):
        super().__init__(mean, std)


class StandardizeRawArrays(Standardize):
    """The same layer whose get_config() returns the NumPy arrays themselves."""

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "std": self.std}


class BatchNormalization(keras.layers.BatchNormalization):
    """Keras's batch normalization with a `freeze` switch that keeps it in inference mode, training or
    not (for fine-tuning on small batches), under Keras's own class name."""

    def __init__(self, freeze=False, **kwargs):
        super().__init__(**kwargs)
        self.freeze = freeze

    def call(self, inputs, training=None):
        return super().call(inputs, training=False if self.freeze else training)

    def get_config(self):
        return {**super().get_config(), "freeze": self.freeze}


def scaled_tanh(x):
    # LeCun's scaled hyperbolic tangent. TensorFlow ops: the same code on Keras 3 and on tf.keras 2.
    return 1.7159 * tf.tanh(x * (2.0 / 3.0))
