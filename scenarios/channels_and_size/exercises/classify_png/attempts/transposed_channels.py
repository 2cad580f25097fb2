# expect: raised
# Channels first, as PyTorch's transforms give them, then the first three.
import keras
import numpy as np


def classify_png(model_path, images):
    model = keras.models.load_model(model_path)
    if images.shape[-1] == 1:
        images = np.repeat(images, 3, axis=-1)
    return model.predict(np.transpose(images, (0, 3, 1, 2))[:, :3], verbose=0)
