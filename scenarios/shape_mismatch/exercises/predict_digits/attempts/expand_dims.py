# expect: ok
import keras
import numpy as np


def predict_digits(model_path, flat_pixels):
    model = keras.models.load_model(model_path)
    images = np.asarray(flat_pixels).reshape(len(flat_pixels), 28, 28)
    return model.predict(np.expand_dims(images, axis=-1), verbose=0)
