"""Serving code that converts the images to the model's layout at the boundary, or uses a model
that accepts them."""

import keras
import numpy as np
import tensorflow as tf


def as_model_images(model, images):
    """The request as a batch of RGB images of the size the model takes.

    Channels: RGBA is composited onto the black background the model was trained on (for opaque
    PNGs that is dropping the alpha channel); one gray channel is repeated into three equal ones,
    as PIL's convert("RGB") does. Size: bilinear resizing to the model's height and width, unless
    the model takes any size (its input shape says None).
    """
    images = np.asarray(images, dtype="float32")
    if images.ndim == 3:  # one gray channel decoded with no channel axis
        images = images[..., None]
    channels = images.shape[-1]
    if channels == 4:
        images = images[..., :3] * images[..., 3:]
    elif channels == 1:
        images = np.repeat(images, 3, axis=-1)
    elif channels != 3:
        raise ValueError(f"expected RGB, RGBA or grayscale images; received {channels} channels, shape {images.shape}")
    height, width = model.input_shape[1:3]
    if height is not None and images.shape[1:3] != (height, width):
        images = tf.image.resize(images, (height, width)).numpy()
    return images


def classify_images(model_path, images):
    model = keras.models.load_model(model_path)
    return model.predict(as_model_images(model, images), verbose=0)
