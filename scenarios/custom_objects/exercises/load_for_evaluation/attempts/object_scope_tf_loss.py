# expect: ok
import keras
import tensorflow as tf


def custom_loss(y_true, y_pred):
    # Exactly the article's definition.
    return tf.reduce_mean(tf.square(y_true - y_pred))


def load_for_evaluation(model_path):
    with keras.saving.custom_object_scope({"custom_loss": custom_loss}):
        return keras.models.load_model(model_path)
