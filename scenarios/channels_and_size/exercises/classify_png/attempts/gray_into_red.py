# expect: gray_in_one_channel
# The gray channel padded with two empty ones to make three.
import keras
import numpy as np


def classify_png(model_path, images):
    model = keras.models.load_model(model_path)
    if images.shape[-1] == 1:
        images = np.pad(images, ((0, 0), (0, 0), (0, 0), (0, 2)))
    return model.predict(images[..., :3], verbose=0)
