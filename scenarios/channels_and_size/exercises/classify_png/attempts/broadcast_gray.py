# expect: ok
# Three copies of the gray channel side by side; alpha cut off by position.
import keras
import numpy as np


def classify_png(model_path, images):
    model = keras.models.load_model(model_path)
    if images.shape[-1] == 1:
        images = np.concatenate([images, images, images], axis=-1)
    elif images.shape[-1] == 4:
        images = np.delete(images, 3, axis=-1)
    return model.predict(images, verbose=0)
