"""Training side: a one-unit sigmoid classifier on the breast-cancer data, and the same network
with its head rewritten as a two-way softmax."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np

from scenarios.machinery import data, models
from scenarios.machinery.artifacts import save_probe


def train(workdir: Path) -> dict:
    split = data.breast_cancer()
    features = split.x_train.shape[1]
    # Normalization inside the model: the serving side sends raw measurements, and this lesson is
    # about the output end only.
    normalization = keras.layers.Normalization()
    normalization.adapt(split.x_train)
    hidden = keras.layers.Dense(8, activation="relu")
    model = keras.Sequential(
        [keras.Input((features,)), normalization, hidden, keras.layers.Dense(1, activation="sigmoid")],
        name="sigmoid_classifier",
    )
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"],
                  steps_per_execution=16)
    model.fit(split.x_train, split.y_train, epochs=20, batch_size=32, verbose=0)
    models.save_every_format(model, workdir)

    # The same trained network with a two-way softmax head. For the sigmoid's logit z,
    # softmax([0, z]) = [1 - sigmoid(z), sigmoid(z)], so column 1 is the same probability and argmax
    # picks class 1 exactly when sigmoid(z) > 0.5. A model trained with a softmax head from the start
    # decodes the same way; rewriting this one keeps the oracle comparable.
    kernel, bias = model.layers[-1].get_weights()
    head = keras.layers.Dense(2, activation="softmax")
    softmax_model = keras.Sequential([keras.Input((features,)), normalization, hidden, head], name="softmax_classifier")
    head.set_weights([np.concatenate([np.zeros_like(kernel), kernel], axis=1), np.concatenate([np.zeros_like(bias), bias])])
    models.save_every_format(softmax_model, workdir, stem="model_softmax")

    # The serving functions of this lesson return class labels, so the oracle is the class labels the
    # original model gives in memory, decoded the right way for one sigmoid unit: probability > 0.5.
    # (The quality measure reads 0/1 labels as they are: a label is "positive" when it is > 0.5.)
    probabilities = model.predict(split.x_test, verbose=0)
    oracle = (probabilities[:, 0] > 0.5).astype("int64")
    save_probe(workdir, labels=split.y_test, oracle=oracle, request=split.x_test)
    return {
        "data": f"scikit-learn breast cancer ({features} raw measurements; 1 = benign, 0 = malignant)",
        "model": "Normalization → Dense(8, relu) → Dense(1, sigmoid)",
        "train_rows": len(split.x_train),
        "test_accuracy": float(np.mean(oracle == split.y_test)),
        "test_rows": len(split.y_test),
        "output_shape": list(model.output_shape),
    }
