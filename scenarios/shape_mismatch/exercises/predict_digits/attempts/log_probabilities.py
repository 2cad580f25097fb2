# expect: logits
# Log-probabilities "for numerical stability": not what the caller asked for.
import keras
import numpy as np


def predict_digits(model_path, flat_pixels):
    model = keras.models.load_model(model_path)
    return np.log(model.predict(flat_pixels.reshape(-1, 28, 28, 1), verbose=0))
