"""Exercise 4 · load_for_evaluation: a model compiled with a custom loss (reference solution).

A saved model stores a custom function by name only. load_model() compiles the model by default,
so it must turn the stored name "custom_loss" back into a function, and a fresh process has none
by that name. The fix supplies one, computing exactly what training computed. compile=False alone
would load, but leave a model without a loss, which cannot evaluate.
"""

import keras
import numpy as np


def custom_loss(y_true, y_pred):
    # The training script's loss, written with keras.ops so it works on any backend.
    return keras.ops.mean(keras.ops.square(y_true - y_pred))


def load_for_evaluation(model_path):
    """The saved model, loaded so that model.evaluate(x, y) reports its training loss."""
    return keras.models.load_model(model_path, custom_objects={"custom_loss": custom_loss})


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "custom_objects"
    samples = np.load(models / "samples.npz")
    for name in ("model.keras", "model.h5"):
        model = load_for_evaluation(str(models / name))
        print(name, "loss on the samples:", model.evaluate(samples["request"], samples["labels"], verbose=0))
