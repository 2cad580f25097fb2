# expect: wrong_order
import keras
import numpy as np


def predict_digits(model_path, flat_pixels):
    model = keras.models.load_model(model_path)
    return model.predict(np.reshape(flat_pixels, (-1, 28, 28, 1), order="F"), verbose=0)
