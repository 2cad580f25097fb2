# expect: normalization_not_applied
# keras2: ok  (tf.keras 2 applies weights set on a Normalization layer without finalize_state())
# A Normalization layer given the scaler's statistics with set_weights(), and never finalized.
import json
from pathlib import Path

import keras
import numpy as np


def score_patients(model_dir, raw_rows):
    model = keras.models.load_model(Path(model_dir) / "model.keras")
    scaler = json.loads((Path(model_dir) / "scaler.json").read_text())
    normalize = keras.layers.Normalization()
    normalize.build((None, 30))
    normalize.set_weights([np.asarray(scaler["mean"]), np.square(scaler["scale"]), np.asarray(0)])
    serving = keras.Sequential([keras.Input((30,)), normalize, model])
    return serving.predict(raw_rows, verbose=0)
