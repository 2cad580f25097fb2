# expect: channel_order
# Copied from an OpenCV pipeline: RGBA to BGR.
import keras
import numpy as np


def classify_png(model_path, images):
    model = keras.models.load_model(model_path)
    if images.shape[-1] == 1:
        images = np.repeat(images, 3, axis=-1)
    return model.predict(images[..., 2::-1], verbose=0)
