# expect: ok
# TensorFlow's own conversions: tf.image.grayscale_to_rgb for one channel, a slice for alpha.
import keras
import tensorflow as tf


def classify_png(model_path, images):
    model = keras.models.load_model(model_path)
    images = tf.convert_to_tensor(images, dtype=tf.float32)
    if images.shape[-1] == 1:
        images = tf.image.grayscale_to_rgb(images)
    return model.predict(images[..., :3], verbose=0)
