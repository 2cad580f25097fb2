"""Training side: the article's regressor, compiled with a loss defined right here in the script."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from scenarios.machinery import data, models
from scenarios.machinery.artifacts import save_probe


def custom_loss(y_true, y_pred):
    # The article's loss, defined in the training script: exactly what a serving process lacks.
    return tf.reduce_mean(tf.square(y_true - y_pred))


def train(workdir: Path) -> dict:
    split = data.diabetes()
    model = models.dense_regressor(split.x_train.shape[1])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss=custom_loss, steps_per_execution=16)
    model.fit(split.x_train, split.y_train, epochs=40, batch_size=32, verbose=0)
    models.save_every_format(model, workdir)

    # The same trained weights compiled with the registered loss from losses.py, which computes the
    # same thing: the file now names "scenarios>custom_mse", findable by anyone who imports it.
    from scenarios.custom_objects.losses import custom_mse

    registered = models.dense_regressor(split.x_train.shape[1])
    registered.set_weights(model.get_weights())
    registered.compile(optimizer=keras.optimizers.Adam(0.05), loss=custom_mse)
    models.save_every_format(registered, workdir, stem="model_registered_loss")

    # A tampered copy: the same weights behind a Lambda that passes rows through unchanged and runs
    # its author's code, for the exercise to prove that a fix never runs code from the file.
    def tampered_model():
        tampered = keras.Sequential([keras.Input((split.x_train.shape[1],)), models.tampered_lambda(),
                                     *models.dense_regressor(split.x_train.shape[1]).layers])
        tampered.set_weights(model.get_weights())
        tampered.compile(optimizer=keras.optimizers.Adam(0.05), loss=custom_loss)
        return tampered

    models.save_every_format(models.built_without_evidence(workdir, tampered_model), workdir, stem="model_tampered")

    oracle = model.predict(split.x_test, verbose=0)
    save_probe(workdir, labels=split.y_test, oracle=oracle, request=split.x_test)
    test_loss = model.evaluate(split.x_test, split.y_test, verbose=0)
    return {
        "data": "scikit-learn diabetes (10 features; target divided by 100)",
        "model": "Dense(10, relu) → Dense(1, linear), loss=custom_loss",
        "train_rows": len(split.x_train),
        "test_loss": float(test_loss),
        "test_rows": len(split.y_test),
        "test_target_variance": float(np.var(split.y_test)),
    }
