"""Exercise 5 · classify_digits: a digit classifier whose pixel scaling is a Lambda layer.

The training team built a small classifier for 8x8 handwritten digits (scikit-learn's digits:
64 raw pixel values per image, each from 0 to 16) and put the scaling inside the model, the
convenient way:

    keras.layers.Lambda(lambda x: x / 16.0)  →  Dense(32, relu)  →  Dense(10, softmax)

They sent you model.keras (and the legacy model.h5). In your serving process, load_model()
refuses it: a lambda can only be saved as Python bytecode, and loading it would mean running
code from the file. The error suggests safe_mode=False. Don't: that runs whatever the file
holds, and the checker also hands your function a tampered copy of the files whose lambda does
more than divide.

Your task: make `classify_digits` return the model's probabilities, shape (n, 10), for raw
pixel rows of shape (n, 64), the same numbers the model gave right after training, with
safe_mode left on. `model_dir` holds only what the team sent: model.keras and model.h5. (Your
models/lambda_layer/ folder also has the scenario's own fixed re-exports, model_rescaling.* and
model_registered_layer.*; the team did not send those, and the checker does not give them.)

    python 05_classify_digits.py                                 # try it on a few sample rows
    python -m scenarios.exercises check classify_digits          # is it right?
    python -m scenarios.exercises hint classify_digits           # stuck? one hint at a time
"""

from pathlib import Path

import keras
import numpy as np


def classify_digits(model_dir, pixel_rows):
    """Probabilities of the 10 digits, shape (n, 10), for raw `pixel_rows` (0 to 16) of shape (n, 64)."""
    # TODO: load_model() refuses the Lambda layer in this file. Serve the same predictions
    #       without running any code stored in the file (no safe_mode=False).
    model = keras.models.load_model(Path(model_dir) / "model.keras")
    return model.predict(pixel_rows, verbose=0)


if __name__ == "__main__":
    models = Path(__file__).resolve().parent / "models" / "lambda_layer"
    samples = np.load(models / "samples.npz")
    probabilities = classify_digits(str(models), samples["request"])
    print("predicted:", probabilities.argmax(-1), "true:", samples["labels"])
    print("confidence:", probabilities.max(-1).round(3))
