# expect: ok
import keras
import numpy as np


def predict_one_digit(model_path, image):
    model = keras.models.load_model(model_path)
    return np.squeeze(model(image.reshape(1, 28, 28, 1)).numpy(), axis=0)
