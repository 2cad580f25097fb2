"""The custom loss as it should live: in an importable module, registered with Keras.

Registration records the function under "scenarios>custom_mse" in the saved file. Any process that
imports this module before loading finds it again, with no custom_objects argument.
"""

import keras
import tensorflow as tf


@keras.saving.register_keras_serializable(package="scenarios")
def custom_mse(y_true, y_pred):
    return tf.reduce_mean(tf.square(y_true - y_pred))
