# expect: ok
from pathlib import Path

import keras


def score_patients(model_dir, raw_rows):
    # The same network saved with a Normalization layer in front takes raw rows.
    model = keras.models.load_model(Path(model_dir) / "model_with_normalization.keras")
    return model.predict(raw_rows, verbose=0)
