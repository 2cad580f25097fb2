"""Exercise 7 · load_teachable_machine_model: a model file saved by tf.keras 2, loaded in Keras 3.

A small digit classifier (28×28 grayscale images) was trained and saved with tf.keras 2, the
Keras of TensorFlow 2.15 and older, the way Teachable Machine exports its models. You have both
files it saved: models/keras2_files/model.h5 (the legacy HDF5 file; Teachable Machine calls it
keras_model.h5) and models/keras2_files/model.keras. Your serving code runs Keras 3, and
`keras.models.load_model` refuses both.

The network, as the team built it:

    keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(8, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.DepthwiseConv2D(3, activation="relu"),
        keras.layers.Conv2D(16, 1, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])

Your task: make `load_teachable_machine_model` return a Keras 3 model that predicts exactly what
the trained model did, for either file. The check calls it on model.h5 and on model.keras, then
calls `predict()` on what it returns, with held-back images of shape (n, 28, 28, 1).

    python 07_load_teachable_machine_model.py                          # try it on a few sample images
    python -m scenarios.exercises check load_teachable_machine_model   # is it right?
    python -m scenarios.exercises hint load_teachable_machine_model    # stuck? one hint at a time
"""

import keras
import numpy as np


def load_teachable_machine_model(model_path):
    """A Keras 3 model with the trained weights, from `model_path`: a .h5 or .keras file tf.keras 2 saved."""
    # TODO: Keras 3 cannot rebuild one of the layers from the configuration tf.keras 2 stored.
    model = keras.models.load_model(model_path)
    return model


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "keras2_files"
    samples = np.load(models / "samples.npz")
    for name in ("model.h5", "model.keras"):
        model = load_teachable_machine_model(str(models / name))
        print(name, "predicted digits:", model.predict(samples["request"], verbose=0).argmax(axis=1),
              "true digits:", samples["labels"])
