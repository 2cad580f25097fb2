"""Training side: the article's conv net on 28×28×1 digit images, saved for a serving process."""

from __future__ import annotations

from pathlib import Path

import keras

from scenarios.machinery import data, models
from scenarios.machinery.artifacts import save_probe

PROBE_ROWS = 120


def train(workdir: Path) -> dict:
    split = data.digit_images()
    model = models.conv_classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(split.x_train, split.y_train, epochs=2, batch_size=64, verbose=0)
    models.save_every_format(model, workdir)

    # The same network with the flattening moved inside it: it accepts the (n, 784) rows that the
    # serving side actually has, and the Reshape travels with the saved file.
    flat_input = keras.Sequential(
        [keras.Input((28 * 28,)), keras.layers.Reshape((28, 28, 1)), *model.layers], name="flat_input_classifier"
    )
    models.save_every_format(flat_input, workdir, stem="model_flat_input")

    images, labels = split.x_test[:PROBE_ROWS], split.y_test[:PROBE_ROWS]
    oracle = model.predict(images, verbose=0)
    save_probe(
        workdir,
        labels=labels,
        oracle=oracle,
        # What the serving side receives: rows of 784 pixels, as a web form or a CSV delivers them.
        request=images.reshape(len(images), -1),
        one_image=images[0],
        oracle_one_image=oracle[:1],
        labels_one_image=labels[:1],
    )
    _, accuracy = model.evaluate(split.x_test, split.y_test, verbose=0)
    return {
        "data": "scikit-learn digits, 8×8 upscaled to 28×28×1",
        "model": "Conv2D(32, 3×3, relu) → Flatten → Dense(10, softmax)",
        "train_rows": len(split.x_train),
        "test_accuracy": float(accuracy),
        "test_rows": len(split.y_test),
        "input_shape": list(model.input_shape),
    }
