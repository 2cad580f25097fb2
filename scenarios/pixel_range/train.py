"""Training side: two small conv nets on 8-bit digit images, one trained on pixels / 255, one on the
raw 0–255 values, saved for a serving process with the scaling each one was trained behind."""

from __future__ import annotations

import json
from pathlib import Path

import keras
import numpy as np

from scenarios.machinery import data, models
from scenarios.machinery.artifacts import save_probe

EPOCHS = 5


def as_8bit_images(rows: np.ndarray) -> np.ndarray:
    """scikit-learn's 8×8 digits (intensities 0 to 16) as the uint8 images, 0 to 255, that a PNG
    decoder or a camera hands over: shape (n, 8, 8, 1)."""
    return np.round(rows * 255 / 16).astype("uint8").reshape(-1, 8, 8, 1)


def network() -> list:
    # A convolution followed by BatchNormalization, as most image networks are built: the layer's
    # stored statistics (the mean and spread of what it saw in training) are what makes a change of
    # pixel scale so damaging.
    return [
        keras.layers.Conv2D(8, (3, 3), use_bias=False),
        keras.layers.BatchNormalization(),
        keras.layers.ReLU(),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ]


def trained(images: np.ndarray, labels: np.ndarray, name: str) -> keras.Model:
    model = keras.Sequential([keras.Input((8, 8, 1)), *network()], name=name)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(images, labels, epochs=EPOCHS, batch_size=32, verbose=0)
    return model


def write_scaling(workdir: Path, stem: str, divide_by: float) -> None:
    """What the training script did to the pixels, saved beside the model: plain JSON numbers."""
    (Path(workdir) / f"{stem}.scaling.json").write_text(json.dumps({"divide_by": divide_by}))


def train(workdir: Path) -> dict:
    split = data.digit_rows()
    x_train, x_test = as_8bit_images(split.x_train), as_8bit_images(split.x_test)

    # The usual training script: pixels divided by 255 in numpy, outside the model.
    model = trained(x_train.astype("float32") / 255.0, split.y_train, "trained_on_0_to_1")
    models.save_every_format(model, workdir)
    write_scaling(workdir, "model", 255.0)

    # The same trained layers behind a Rescaling layer: the scaling travels inside the file.
    rescaling = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Rescaling(1 / 255), *model.layers],
                                 name="rescaling_inside")
    models.save_every_format(rescaling, workdir, stem="model_rescaling")

    # A network trained on the raw 0–255 values, with no scaling at all.
    model_raw = trained(x_train.astype("float32"), split.y_train, "trained_on_0_to_255")
    models.save_every_format(model_raw, workdir, stem="model_raw")
    write_scaling(workdir, "model_raw", 1.0)

    oracle = model.predict(x_test.astype("float32") / 255.0, verbose=0)
    oracle_raw = model_raw.predict(x_test.astype("float32"), verbose=0)
    save_probe(
        workdir,
        labels=split.y_test,
        oracle=oracle,
        # What a serving endpoint receives: uint8 images, 0 to 255, as decoded.
        request=x_test,
        raw_model_request=x_test,
        oracle_raw_model_request=oracle_raw,
        labels_raw_model_request=split.y_test,
    )
    accuracy = float(np.mean(oracle.argmax(-1) == split.y_test))
    return {
        "data": "scikit-learn digits as 8×8 uint8 images (0 to 255)",
        "model": "Conv2D(8, 3×3) → BatchNormalization → ReLU → Flatten → Dense(10, softmax), trained on pixels / 255; "
                 "the same network trained on raw 0–255 pixels",
        "train_rows": len(x_train),
        "test_accuracy": accuracy,
        "test_rows": len(split.y_test),
        "test_accuracy_raw_model": float(np.mean(oracle_raw.argmax(-1) == split.y_test)),
    }
