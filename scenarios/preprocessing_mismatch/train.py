"""Training side: the article's dense net behind a StandardScaler, on the breast-cancer data."""

from __future__ import annotations

import json
from pathlib import Path

import keras
import numpy as np
from sklearn.preprocessing import StandardScaler

from scenarios.machinery import data, models
from scenarios.machinery.artifacts import save_probe

SCALER_FILE = "scaler.json"


def train(workdir: Path) -> dict:
    split = data.breast_cancer()
    scaler = StandardScaler().fit(split.x_train)
    model = models.dense_classifier(split.x_train.shape[1])
    # steps_per_execution only batches work per graph call; it keeps training to about a second.
    model.compile(
        optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"], steps_per_execution=16
    )
    model.fit(scaler.transform(split.x_train), split.y_train, epochs=20, batch_size=32, verbose=0)
    models.save_every_format(model, workdir)

    # The scaler's state, as plain numbers anyone can read: no pickle, nothing executable.
    (Path(workdir) / SCALER_FILE).write_text(
        json.dumps({"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist()}, indent=1)
    )

    # The alternative: the scaling as a layer inside the model, adapted on the same training rows,
    # so the saved file carries it and serving code sends raw features.
    normalization = keras.layers.Normalization()
    normalization.adapt(split.x_train)
    with_normalization = keras.Sequential(
        [keras.Input((split.x_train.shape[1],)), normalization, *model.layers], name="normalizing_classifier"
    )
    with_normalization.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    models.save_every_format(with_normalization, workdir, stem="model_with_normalization")

    oracle = model.predict(scaler.transform(split.x_test), verbose=0)
    save_probe(workdir, labels=split.y_test, oracle=oracle, request=split.x_test)
    means = split.x_train.mean(axis=0)
    return {
        "data": (
            f"scikit-learn breast cancer ({split.x_train.shape[1]} features whose training means run "
            f"from {means.min():.2g} to {means.max():,.0f})"
        ),
        "model": "StandardScaler → Dense(10, relu) → Dense(1, sigmoid)",
        "train_rows": len(split.x_train),
        "test_accuracy": float(np.mean((oracle[:, 0] > 0.5) == split.y_test)),
        "test_rows": len(split.y_test),
        "feature_means": [float(means.min()), float(means.max())],
    }
