# expect: refit_on_request
from pathlib import Path

import keras
from sklearn.preprocessing import StandardScaler


def score_patients(model_dir, raw_rows):
    model = keras.models.load_model(Path(model_dir) / "model.keras")
    return model.predict(StandardScaler().fit_transform(raw_rows), verbose=0)
