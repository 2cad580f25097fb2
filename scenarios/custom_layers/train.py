"""Training side: a digit classifier behind a custom Standardize layer, one behind a custom activation,
one with a custom layer named like Keras's own, and the same trained weights saved behind each draft
and behind the registered layer."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np

from scenarios.custom_layers import layers, team_layers
from scenarios.machinery import data, models
from scenarios.machinery.artifacts import save_probe


def compiled(model: keras.Model) -> keras.Model:
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                  steps_per_execution=16)
    return model


def train(workdir: Path) -> dict:
    split = data.digit_rows()
    pixels = split.x_train.shape[1]
    # Per-pixel statistics of the training rows. A pixel that is 0 in every training image has no
    # spread: it is divided by 1 instead of 0.
    mean = split.x_train.mean(axis=0)
    std = np.where(split.x_train.std(axis=0) > 0, split.x_train.std(axis=0), 1.0)

    dense = [keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10, activation="softmax")]

    def behind(standardize: keras.layers.Layer) -> keras.Model:
        # The same Dense layer objects each time: every model below shares the trained weights.
        return compiled(keras.Sequential([keras.Input((pixels,)), standardize, *dense]))

    model = behind(team_layers.Standardize(mean, std))
    model.fit(split.x_train, split.y_train, epochs=10, batch_size=32, verbose=0)
    models.save_every_format(model, workdir)
    # The drafts that break the config contract, and the registered layer from layers.py.
    models.save_every_format(behind(team_layers.StandardizeNoKwargs(mean, std)), workdir, stem="model_no_kwargs")
    models.save_every_format(behind(team_layers.StandardizeRawArrays(mean, std)), workdir, stem="model_raw_arrays")
    models.save_every_format(behind(layers.Standardize(mean, std)), workdir, stem="model_registered")

    # A second small network whose only custom piece is its hidden activation, a plain function.
    activation_model = compiled(keras.Sequential([
        keras.Input((pixels,)),
        keras.layers.Rescaling(1 / 16),
        keras.layers.Dense(32, activation=team_layers.scaled_tanh),
        keras.layers.Dense(10, activation="softmax"),
    ]))
    activation_model.fit(split.x_train, split.y_train, epochs=10, batch_size=32, verbose=0)
    models.save_every_format(activation_model, workdir, stem="model_activation")

    # A third whose custom piece carries Keras's own class name: the team's frozen BatchNormalization.
    named_like_keras_model = compiled(keras.Sequential([
        keras.Input((pixels,)),
        keras.layers.Rescaling(1 / 16),
        keras.layers.Dense(32, activation="relu"),
        team_layers.BatchNormalization(freeze=True),
        keras.layers.Dense(10, activation="softmax"),
    ]))
    named_like_keras_model.fit(split.x_train, split.y_train, epochs=10, batch_size=32, verbose=0)
    models.save_every_format(named_like_keras_model, workdir, stem="model_named_like_keras")

    rows, labels = split.x_test, split.y_test
    oracle = model.predict(rows, verbose=0)
    activation_oracle = activation_model.predict(rows, verbose=0)
    named_like_keras_oracle = named_like_keras_model.predict(rows, verbose=0)
    save_probe(workdir, labels=labels, oracle=oracle, request=rows,
               # The same rows for the other two models, with each model's own predictions as its oracle.
               activation_request=rows, oracle_activation_request=activation_oracle,
               labels_activation_request=labels,
               named_like_keras_request=rows, oracle_named_like_keras_request=named_like_keras_oracle,
               labels_named_like_keras_request=labels)
    return {
        "data": f"scikit-learn digits as flat rows of {pixels} raw pixel values (0 to 16)",
        "model": ("Standardize(per-pixel mean, std) → Dense(32, relu) → Dense(10, softmax); "
                  "Rescaling(1/16) → Dense(32, scaled_tanh) → Dense(10, softmax); and Rescaling(1/16) → "
                  "Dense(32, relu) → the team's BatchNormalization(freeze=True) → Dense(10, softmax)"),
        "train_rows": len(split.x_train),
        "test_accuracy": float((oracle.argmax(-1) == labels).mean()),
        "test_rows": len(labels),
        "activation_model_test_accuracy": float((activation_oracle.argmax(-1) == labels).mean()),
        "named_like_keras_model_test_accuracy": float((named_like_keras_oracle.argmax(-1) == labels).mean()),
    }
