"""Training side: a tumour classifier compiled with a metric function defined right here in the script."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from scenarios.machinery import data, models
from scenarios.machinery.artifacts import save_probe


def f1_metric(y_true, y_pred):
    # The F1 score of the 0.5 threshold, per batch, as many Keras 2 tutorials wrote it; defined in the
    # training script, which is exactly what a serving process lacks. TensorFlow ops: the same code on
    # Keras 3 and on tf.keras 2.
    y_true = tf.cast(tf.reshape(y_true, [-1]), tf.float32)
    y_pred = tf.cast(tf.reshape(y_pred, [-1]) > 0.5, tf.float32)
    true_positives = tf.reduce_sum(y_true * y_pred)
    return 2 * true_positives / (tf.reduce_sum(y_true) + tf.reduce_sum(y_pred) + 1e-7)


def train(workdir: Path) -> dict:
    split = data.breast_cancer()
    features = split.x_train.shape[1]
    model = keras.Sequential([
        keras.Input((features,)),
        # The scaling inside the model, from the training rows, so serving sends raw measurements.
        keras.layers.Normalization(mean=split.x_train.mean(axis=0), variance=split.x_train.var(axis=0)),
        keras.layers.Dense(10, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy", f1_metric],
                  steps_per_execution=16)
    model.fit(split.x_train, split.y_train, epochs=20, batch_size=32, verbose=0)
    models.save_every_format(model, workdir)

    rows, labels = split.x_test, split.y_test
    oracle = model.predict(rows, verbose=0)
    _, accuracy, f1 = model.evaluate(rows, labels, batch_size=len(rows), verbose=0)
    save_probe(workdir, labels=labels, oracle=oracle, request=rows,
               # What a monitoring job receives: the same rows, each with its true label in the last column.
               labelled_rows=np.hstack([rows, labels[:, None]]).astype("float32"),
               oracle_labelled_rows=oracle, labels_labelled_rows=labels)
    return {
        "data": f"scikit-learn breast cancer ({features} raw measurements per tumour)",
        "model": "Normalization → Dense(10, relu) → Dense(1, sigmoid), metrics=['accuracy', f1_metric]",
        "train_rows": len(split.x_train),
        "test_accuracy": float(accuracy),
        "test_rows": len(labels),
        "test_f1": float(f1),
    }
