"""Training side: a breast-cancer classifier with BatchNormalization and Dropout, saved for serving."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np

from scenarios.machinery import data, models
from scenarios.machinery.artifacts import save_probe


def train(workdir: Path) -> dict:
    split = data.breast_cancer()
    normalization = keras.layers.Normalization()
    normalization.adapt(split.x_train)
    model = keras.Sequential(
        [
            keras.Input((split.x_train.shape[1],)),
            normalization,
            keras.layers.Dense(16),
            # Both layers behave differently in training: BatchNormalization uses the statistics of the
            # batch it is given (and updates its moving averages), Dropout zeroes random units.
            keras.layers.BatchNormalization(),
            keras.layers.Activation("relu"),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(1, activation="sigmoid"),
        ],
        name="batchnorm_dropout_classifier",
    )
    # No steps_per_execution: serving calls predict_on_batch(), which a saved steps_per_execution
    # breaks on tf.keras 2 (see preprocessing_mismatch).
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(split.x_train, split.y_train, epochs=20, batch_size=32, verbose=0)
    models.save_every_format(model, workdir)

    oracle = model.predict(split.x_test, verbose=0)
    save_probe(workdir, labels=split.y_test, oracle=oracle, request=split.x_test)
    return {
        "data": f"scikit-learn breast cancer ({split.x_train.shape[1]} raw measurements)",
        "model": "Normalization → Dense(16) → BatchNormalization → ReLU → Dropout(0.5) → Dense(1, sigmoid)",
        "train_rows": len(split.x_train),
        "test_accuracy": float(np.mean((oracle[:, 0] > 0.5) == split.y_test)),
        "test_rows": len(split.y_test),
    }
