# expect: ok
from pathlib import Path

import keras


def predict_digits(model_path, flat_pixels):
    # The training run also saved a model that starts with a Reshape layer.
    model = keras.models.load_model(Path(model_path).with_name("model_flat_input.keras"))
    return model.predict(flat_pixels, verbose=0)
