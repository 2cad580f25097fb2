# expect: not_probabilities
# Percentages for a friendlier display.
import keras
import numpy as np


def predict_one_digit(model_path, image):
    model = keras.models.load_model(model_path)
    return 100 * model.predict(image[np.newaxis], verbose=0)[0]
