# expect: wrong_order
import keras
import numpy as np


def predict_one_digit(model_path, image):
    model = keras.models.load_model(model_path)
    return model.predict(np.transpose(image, (1, 0, 2))[None], verbose=0)[0]
