# expect: refit_on_request
# The brightest pixel of the whole request as the scale: 255 in a big request, less for one image.
import keras
import numpy as np


def classify_uint8_images(model_path, images):
    model = keras.models.load_model(model_path)
    pixels = np.asarray(images, dtype="float32")
    return model.predict(pixels / pixels.max(), verbose=0)
