# expect: ok
# Read what training did from the record saved beside the model.
import json
from pathlib import Path

import keras
import numpy as np


def classify_uint8_images(model_path, images):
    scaling = json.loads(Path(model_path).with_suffix(".scaling.json").read_text())
    model = keras.models.load_model(model_path)
    return model.predict(np.asarray(images, dtype="float32") / scaling["divide_by"], verbose=0)
