"""Exercise 7 · load_teachable_machine_model: a model file saved by tf.keras 2, loaded in Keras 3
(reference solution).

tf.keras 2 stored `groups: 1` in the DepthwiseConv2D configuration, an argument Keras 3's
DepthwiseConv2D does not take, so load_model() cannot rebuild the layer from the file. The
weights in the file are plain arrays: build the same network with Keras 3 and read only the
weights, which load_weights() does from .h5 and .keras files alike.
"""

import keras
import numpy as np


def teachable_machine_network():
    """The architecture the team trained, built with this process's Keras."""
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(8, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.DepthwiseConv2D(3, activation="relu"),
        keras.layers.Conv2D(16, 1, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])


def load_teachable_machine_model(model_path):
    """A Keras 3 model with the trained weights, from `model_path`: a .h5 or .keras file tf.keras 2 saved."""
    model = teachable_machine_network()
    model.load_weights(model_path)  # the weights only; the stored layer configs are never used
    return model


if __name__ == "__main__":
    from pathlib import Path

    models = Path(__file__).resolve().parent / "models" / "keras2_files"
    samples = np.load(models / "samples.npz")
    for name in ("model.h5", "model.keras"):
        model = load_teachable_machine_model(str(models / name))
        print(name, "predicted digits:", model.predict(samples["request"], verbose=0).argmax(axis=1),
              "true digits:", samples["labels"])
