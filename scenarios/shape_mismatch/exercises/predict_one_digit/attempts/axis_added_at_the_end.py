# expect: raised
import keras
import numpy as np


def predict_one_digit(model_path, image):
    model = keras.models.load_model(model_path)
    return model.predict(np.expand_dims(image, -1), verbose=0)[0]
