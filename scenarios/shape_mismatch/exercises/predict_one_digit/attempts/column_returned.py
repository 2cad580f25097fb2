# expect: wrong_shape
# The right batch of one, and the answer turned into a column.
import keras
import numpy as np


def predict_one_digit(model_path, image):
    model = keras.models.load_model(model_path)
    return model.predict(image[np.newaxis], verbose=0).T
