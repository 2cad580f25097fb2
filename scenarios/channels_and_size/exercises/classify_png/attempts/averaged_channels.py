# expect: to_gray
# Make every request gray, then give the model its three channels: one conversion for all.
import keras
import numpy as np


def classify_png(model_path, images):
    model = keras.models.load_model(model_path)
    gray = np.asarray(images, dtype="float32").mean(axis=-1, keepdims=True)
    return model.predict(np.repeat(gray, 3, axis=-1), verbose=0)
