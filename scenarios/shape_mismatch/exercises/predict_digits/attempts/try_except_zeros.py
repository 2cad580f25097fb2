# expect: silenced
import keras
import numpy as np


def predict_digits(model_path, flat_pixels):
    model = keras.models.load_model(model_path)
    try:
        return model.predict(flat_pixels, verbose=0)
    except ValueError:
        return np.zeros((len(flat_pixels), 10))
