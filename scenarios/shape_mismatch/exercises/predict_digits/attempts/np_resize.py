# expect: wrong_shape
# np.resize instead of reshape, with the shape of one image batch: it never complains.
import keras
import numpy as np


def predict_digits(model_path, flat_pixels):
    model = keras.models.load_model(model_path)
    return model.predict(np.resize(flat_pixels, (1, 28, 28, 1)), verbose=0)
