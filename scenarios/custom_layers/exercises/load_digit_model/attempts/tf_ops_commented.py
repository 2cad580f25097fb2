# expect: ok
"""The layer written with TensorFlow ops, given under the stored name.

Note to self: safe_mode=False would not help here; the class is stored by name, not as code.
"""
import keras
import tensorflow as tf


class Standardize(keras.layers.Layer):
    def __init__(self, mean, std, **kwargs):
        super().__init__(**kwargs)
        self.mean = tf.constant(mean, dtype=tf.float32)
        self.std = tf.constant(std, dtype=tf.float32)

    def call(self, inputs):
        return tf.math.divide(tf.math.subtract(inputs, self.mean), self.std)


def load_digit_model(model_path):
    # never safe_mode=False: it is about lambdas stored in a file
    return keras.models.load_model(model_path, custom_objects={"Standardize": Standardize})
