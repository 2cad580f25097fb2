# expect: ok
# np.resize to the same number of values is a reshape; Keras adds the channel axis back at the end.
import keras
import numpy as np


def predict_one_digit(model_path, image):
    model = keras.models.load_model(model_path)
    return model.predict(np.resize(image, (1, 28, 28)), verbose=0)[0]
