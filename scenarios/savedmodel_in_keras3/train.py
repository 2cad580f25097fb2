"""Training side: a digit classifier saved as model.keras and model.h5, and exported as a SavedModel.

Keras 3 writes the SavedModel with model.export(dir); tf.keras 2 wrote one with model.save(dir),
the default format of TensorFlow 2's Keras. Either directory is packed into
model.savedmodel.tar.gz (see shipped.py), the way it is shipped to a server.
"""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import keras
import numpy as np

from scenarios.machinery import data, generation, models
from scenarios.machinery.artifacts import save_probe
from scenarios.savedmodel_in_keras3.shipped import ARCHIVE_SUFFIX, EXPORT_DIR


def export_savedmodel(model: keras.Model, workdir: Path) -> None:
    export_dir = workdir / EXPORT_DIR
    if generation.current() == "2":
        model.save(export_dir)  # tf.keras 2: no extension means a SavedModel directory
    else:
        model.export(export_dir, verbose=False)  # Keras 3: save() takes only .keras and .h5
    with tarfile.open(workdir / f"model{ARCHIVE_SUFFIX}", "w:gz") as archive:
        archive.add(export_dir, arcname=EXPORT_DIR)
    shutil.rmtree(export_dir)  # only the archive is shipped


def train(workdir: Path) -> dict:
    workdir = Path(workdir)
    split = data.digit_rows()
    pixels = split.x_train.shape[1]
    model = keras.Sequential(
        [
            keras.Input((pixels,)),
            keras.layers.Rescaling(1 / 16),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="digit_classifier",
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"], steps_per_execution=16)
    model.fit(split.x_train, split.y_train, epochs=15, batch_size=32, verbose=0)

    rows, labels = split.x_test, split.y_test
    oracle = model.predict(rows, verbose=0)
    models.save_every_format(model, workdir)
    export_savedmodel(model, workdir)
    save_probe(
        workdir,
        labels=labels,
        oracle=oracle,
        request=rows,
        # The upload endpoint's requests: one image per call, answered with the digit it shows. Its
        # oracle is the trained model's own decision for each image, one-hot.
        uploads=rows,
        oracle_uploads=np.eye(10, dtype="float32")[oracle.argmax(-1)],
        labels_uploads=labels,
    )
    return {
        "data": f"scikit-learn digits as flat rows of {pixels} raw pixel values (0 to 16)",
        "model": "Rescaling(1/16) → Dense(32, relu) → Dense(10, softmax), also exported as a SavedModel",
        "train_rows": len(split.x_train),
        "test_accuracy": float((oracle.argmax(-1) == labels).mean()),
        "test_rows": len(labels),
    }
