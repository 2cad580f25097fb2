"""Training side: a digit classifier whose pixel scaling is a Lambda layer, and safer rebuilds of it."""

from __future__ import annotations

from pathlib import Path

import keras

from scenarios.machinery import data, models
from scenarios.machinery.artifacts import save_probe

# A module global of the training script, read by one Lambda below: the saved bytecode stores the
# name SCALE, not its value.
SCALE = 16.0


def train(workdir: Path) -> dict:
    split = data.digit_rows()
    pixels = split.x_train.shape[1]
    dense = [keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10, activation="softmax")]
    # The convenient way to put preprocessing in a model: a Lambda. Keras can only save it as Python
    # bytecode, which is why loading it is refused by default.
    model = keras.Sequential([keras.Input((pixels,)), keras.layers.Lambda(lambda x: x / 16.0), *dense])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"], steps_per_execution=16)
    model.fit(split.x_train, split.y_train, epochs=15, batch_size=32, verbose=0)
    models.save_every_format(model, workdir)

    # The same trained weights behind scaling layers that save as plain configuration, no code.
    rescaling = keras.Sequential([keras.Input((pixels,)), keras.layers.Rescaling(1 / 16), *dense])
    models.save_every_format(rescaling, workdir, stem="model_rescaling")
    from scenarios.lambda_layer.layers import DivideBy

    registered = keras.Sequential([keras.Input((pixels,)), DivideBy(16), *dense])
    models.save_every_format(registered, workdir, stem="model_registered_layer")

    # What a tampered copy can carry: the same scaling, plus any code at all. This one only writes
    # a harmless file into the directory of whoever loads it with safe_mode=False.
    tampered = models.built_without_evidence(
        workdir, lambda: keras.Sequential([keras.Input((pixels,)), models.tampered_lambda(1 / 16.0), *dense])
    )
    models.save_every_format(tampered, workdir, stem="model_tampered")

    # The team's own file, whose Lambda reads a global of this script instead of a literal: loading
    # it elsewhere, even with safe_mode=False, brings back the code but not the name it reads.
    global_scale = keras.Sequential([keras.Input((pixels,)), keras.layers.Lambda(lambda x: x / SCALE), *dense])
    models.save_every_format(global_scale, workdir, stem="model_global_scale")

    rows, labels = split.x_test, split.y_test
    oracle = model.predict(rows, verbose=0)
    save_probe(workdir, labels=labels, oracle=oracle, request=rows)
    return {
        "data": f"scikit-learn digits as flat rows of {pixels} raw pixel values (0 to 16)",
        "model": "Lambda(x / 16) → Dense(32, relu) → Dense(10, softmax)",
        "train_rows": len(split.x_train),
        "test_accuracy": float((oracle.argmax(-1) == labels).mean()),
        "test_rows": len(labels),
    }
