"""Training side: small conv nets on 16×16 RGB digit images, saved for a serving process, with the
images a serving endpoint really receives: RGBA and grayscale PNGs, and images of another size."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from scenarios.machinery import data, models
from scenarios.machinery.artifacts import save_probe

SIZE, OTHER_SIZE = 16, 20
EPOCHS = 5
# Ink colours for the digits, on a black background: white, red, green, blue, yellow, magenta, cyan.
INKS = np.array([[1, 1, 1], [1, .3, .3], [.3, 1, .3], [.4, .5, 1], [1, 1, .3], [1, .4, 1], [.3, 1, 1]], "float32")
# How a PNG library turns RGB into one gray channel (ITU-R 601 luma, PIL's convert("L")).
LUMA = np.array([0.299, 0.587, 0.114], "float32")


def coloured(rows: np.ndarray, size: int, seed: int) -> np.ndarray:
    """scikit-learn's 8×8 digits drawn at size×size in one ink colour each (chosen by `seed`), on
    black, as RGB floats in [0, 1]: shape (n, size, size, 3)."""
    intensity = data.upscale(rows.reshape(-1, 8, 8) / 16.0, size).astype("float32")
    inks = INKS[np.random.RandomState(seed).randint(len(INKS), size=len(rows))]
    return intensity[..., None] * inks[:, None, None, :]


def fitted(model: keras.Model, images: np.ndarray, labels: np.ndarray) -> keras.Model:
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], steps_per_execution=8)
    model.fit(images, labels, epochs=EPOCHS, batch_size=64, verbose=0)
    return model


def train(workdir: Path) -> dict:
    split = data.digit_rows()
    x_train = coloured(split.x_train, SIZE, seed=1)
    rgb = coloured(split.x_test, SIZE, seed=2)
    larger = coloured(split.x_test, OTHER_SIZE, seed=2)  # the same test digits, drawn at 20×20
    labels = split.y_test

    # A fixed-size network: its Flatten → Dense head only fits 16×16 inputs.
    model = fitted(keras.Sequential([
        keras.Input((SIZE, SIZE, 3)),
        keras.layers.Conv2D(8, (3, 3), activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ], name="fixed_size"), x_train, split.y_train)
    models.save_every_format(model, workdir)

    # The same trained layers behind a Resizing layer: any size in, 16×16 to the network.
    resizing = keras.Sequential([keras.Input((None, None, 3)), keras.layers.Resizing(SIZE, SIZE), *model.layers],
                                name="resizing_inside")
    models.save_every_format(resizing, workdir, stem="model_resizing")

    # A network whose head pools over the whole image, so its input has no fixed height or width.
    pooled = fitted(keras.Sequential([
        keras.Input((None, None, 3)),
        keras.layers.Conv2D(16, (3, 3), activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, (3, 3), activation="relu"),
        keras.layers.GlobalMaxPooling2D(),
        keras.layers.Dense(10, activation="softmax"),
    ], name="global_pooling"), x_train, split.y_train)
    models.save_every_format(pooled, workdir, stem="model_global_pooling")

    # What a serving endpoint receives: PNGs decoded with their alpha channel (opaque), grayscale
    # PNGs decoded to one channel, and images of another size.
    rgba = np.concatenate([rgb, np.ones_like(rgb[..., :1])], axis=-1)
    gray = (rgb @ LUMA)[..., None]
    # The right conversions, whose predictions by the in-memory model are the oracles: alpha
    # dropped (the PNGs are opaque), gray repeated into three equal channels (what PIL's
    # convert("RGB") does), bilinear resizing to 16×16 (tf.image.resize's default).
    oracle = model.predict(rgb, verbose=0)
    save_probe(
        workdir,
        labels=labels,
        oracle=oracle,
        request=rgba,
        gray_request=gray,
        oracle_gray_request=model.predict(np.repeat(gray, 3, axis=-1), verbose=0),
        labels_gray_request=labels,
        larger_request=larger,
        oracle_larger_request=model.predict(tf.image.resize(larger, (SIZE, SIZE)).numpy(), verbose=0),
        labels_larger_request=labels,
        # The pooling network takes the 20×20 images as they are: its oracle is its own answer on them.
        larger_request_pooled=larger,
        oracle_larger_request_pooled=pooled.predict(larger, verbose=0),
        labels_larger_request_pooled=labels,
    )
    return {
        "data": f"scikit-learn digits drawn as {SIZE}×{SIZE} RGB images, one ink colour each",
        "model": "Conv2D(8, 3×3, relu) → MaxPooling → Flatten → Dense(10, softmax), input (16, 16, 3); "
                 "a global-pooling network with input (None, None, 3)",
        "train_rows": len(x_train),
        "test_accuracy": float(np.mean(oracle.argmax(-1) == labels)),
        "test_rows": len(labels),
        "test_accuracy_global_pooling": float(np.mean(pooled.predict(rgb, verbose=0).argmax(-1) == labels)),
    }
