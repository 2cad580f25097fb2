"""Exercise 4 · load_for_evaluation: a model compiled with a custom loss, loaded to be evaluated.

A small regressor (disease progression one year on, from 10 measurements of the diabetes data)
was compiled with a loss function defined in its training script,

    def custom_loss(y_true, y_pred):
        return tf.reduce_mean(tf.square(y_true - y_pred))

trained, and saved twice: models/custom_objects/model.keras and the legacy
models/custom_objects/model.h5. A monitoring job loads it every night and calls
`model.evaluate(x, y)` on newly labelled patients, to see whether its loss is drifting.

Your task: make `load_for_evaluation` return the loaded model, ready to evaluate with the loss
it was trained with, for either file. It must give the same predictions as the trained model.

    python 04_load_for_evaluation.py                             # try it on a few sample rows
    python -m scenarios.exercises check load_for_evaluation      # is it right?
    python -m scenarios.exercises hint load_for_evaluation       # stuck? one hint at a time
"""

import keras
import numpy as np


def load_for_evaluation(model_path):
    """The saved model, loaded so that model.evaluate(x, y) reports its training loss."""
    # TODO: the file was compiled with custom_loss, which this process has never defined.
    model = keras.models.load_model(model_path)
    return model


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "custom_objects"
    samples = np.load(models / "samples.npz")
    for name in ("model.keras", "model.h5"):
        model = load_for_evaluation(str(models / name))
        print(name, "loss on the samples:", model.evaluate(samples["request"], samples["labels"], verbose=0))
