# expect: raised
# The batch axis in front, and the channel moved to the front as well.
import keras
import numpy as np


def predict_one_digit(model_path, image):
    model = keras.models.load_model(model_path)
    return model.predict(np.transpose(image, (2, 0, 1))[np.newaxis], verbose=0)[0]
