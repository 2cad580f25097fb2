"""Training side: a two-input functional model on the breast-cancer data, the worst-case
measurements in one input and the average ones in the other."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np

from scenarios.machinery import data, models
from scenarios.machinery.artifacts import save_probe

# scikit-learn's 30 columns come in three blocks of ten: the mean of each nucleus measurement, its
# standard error, and its worst (largest) value. Two blocks of equal width, so a swap fits either input.
MEAN, WORST = slice(0, 10), slice(20, 30)


def branch(name: str, training_columns: np.ndarray):
    """An input named `name`, standardized inside the model by statistics of its own block."""
    inputs = keras.Input((training_columns.shape[1],), name=name)
    normalization = keras.layers.Normalization()
    normalization.adapt(training_columns)
    return inputs, normalization(inputs)


def train(workdir: Path) -> dict:
    split = data.breast_cancer()
    # The training script lists the worst-case block first: the model's input order is
    # (worst_measurements, mean_measurements), the reverse of the columns' order in the data.
    worst, worst_scaled = branch("worst_measurements", split.x_train[:, WORST])
    mean, mean_scaled = branch("mean_measurements", split.x_train[:, MEAN])
    hidden = keras.layers.Dense(8, activation="relu")(keras.layers.Concatenate()([worst_scaled, mean_scaled]))
    model = keras.Model([worst, mean], keras.layers.Dense(1, activation="sigmoid")(hidden), name="two_input_classifier")
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"],
                  steps_per_execution=16)
    model.fit([split.x_train[:, WORST], split.x_train[:, MEAN]], split.y_train, epochs=20, batch_size=32, verbose=0)
    models.save_every_format(model, workdir)

    rows = split.x_test
    oracle = model.predict([rows[:, WORST], rows[:, MEAN]], verbose=0)
    # What the serving side receives: whole rows of 30 raw measurements, in the data set's column order.
    save_probe(workdir, labels=split.y_test, oracle=oracle, request=rows)
    return {
        "data": "scikit-learn breast cancer: the 10 mean and the 10 worst nucleus measurements of each row",
        "model": "inputs (worst_measurements, mean_measurements), each Normalization → Concatenate → "
                 "Dense(8, relu) → Dense(1, sigmoid)",
        "train_rows": len(split.x_train),
        "test_accuracy": float(np.mean((oracle[:, 0] > 0.5) == split.y_test)),
        "test_rows": len(split.y_test),
        "input_names": [t.name for t in model.inputs],
    }
