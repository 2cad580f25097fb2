"""Training side: a digit classifier written as a keras.Model subclass, in the training script
itself, and the same network as the registered class of network.py."""

from __future__ import annotations

from pathlib import Path

import keras

from scenarios.machinery import data, generation
from scenarios.machinery.artifacts import FORMATS, model_path, save_probe


class DigitNet(keras.Model):
    """As subclassed models are first written: defined where they are trained, never registered."""

    def __init__(self, hidden_units=32, classes=10, **kwargs):
        super().__init__(**kwargs)
        self.hidden = keras.layers.Dense(hidden_units, activation="relu")
        self.scores = keras.layers.Dense(classes, activation="softmax")

    def call(self, pixels):
        return self.scores(self.hidden(pixels / 16.0))


def save_every_format(model, workdir: Path, stem: str) -> dict:
    """Save `stem.keras` and `stem.h5`; return what refused to save, by format.

    Keras 3 saves a subclassed model to .h5 without a word (and can never load it back). tf.keras 2
    refuses at save time with NotImplementedError, so there is no .h5 file to serve on that generation.
    """
    refused = {}
    for fmt in FORMATS:
        try:
            model.save(model_path(workdir, stem, fmt))
        except NotImplementedError as error:
            if generation.current() != "2" or fmt != "h5":
                raise
            refused[fmt] = f"{type(error).__name__}: {error}"
    return refused


def train(workdir: Path) -> dict:
    split = data.digit_rows()
    model = DigitNet()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(split.x_train, split.y_train, epochs=15, batch_size=32, verbose=0)
    refused = save_every_format(model, workdir, "model")

    # The same trained weights in the registered class, whose module a serving process can import.
    from scenarios.subclassed_model.network import DigitNet as RegisteredDigitNet

    registered = RegisteredDigitNet()
    registered(split.x_test[:1])  # a subclassed model creates its weights on its first call
    registered.set_weights(model.get_weights())
    save_every_format(registered, workdir, "model_registered")

    rows, labels = split.x_test, split.y_test
    oracle = model.predict(rows, verbose=0)
    save_probe(workdir, labels=labels, oracle=oracle, request=rows)
    return {
        "data": f"scikit-learn digits as flat rows of {rows.shape[1]} raw pixel values (0 to 16)",
        "model": "DigitNet(keras.Model): x / 16 → Dense(32, relu) → Dense(10, softmax) in call()",
        "train_rows": len(split.x_train),
        "test_accuracy": float((oracle.argmax(-1) == labels).mean()),
        "test_rows": len(labels),
        # What the generation said when asked to save the subclass as .h5, if it refused.
        "save_refused": refused,
    }
