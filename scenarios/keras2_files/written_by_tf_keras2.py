"""The team still on tf.keras 2: trains both networks and saves them as tf.keras 2 saves them.

Run by train.py as `python -m scenarios.keras2_files.written_by_tf_keras2 WORKDIR` in a process of
its own with TF_USE_LEGACY_KERAS=1, whatever Keras generation train.py itself runs: the files must
be written by tf.keras 2 (the tf_keras package), with the configs it writes. Writes into WORKDIR:

- model.keras, model.h5: the depthwise-convolution digit classifier;
- model_gru.keras, model_gru.h5: the GRU classifier reading images row by row;
- model_tf_ops.keras, model_tf_ops.h5: a functional dense classifier whose input is scaled by plain
  arithmetic (TFOpLambda layers in tf.keras 2);
- model.weights.h5: the classifier's weights alone, saved by tf.keras 2 from its own reloaded file
  (the one-off migration a team can do while it still has tf.keras 2);
- ORACLE: both models' in-memory predictions on the held-back data, taken before saving, and
  their accuracy, for train.py to put into the probe.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import tf_keras

# Everything below, the architecture module included, says `import keras`: make that tf.keras 2,
# exactly the module `from tensorflow import keras` gives a TF_USE_LEGACY_KERAS=1 user.
sys.modules["keras"] = tf_keras

ORACLE = "tf_keras2_oracle.npz"


def as_sequences(rows: np.ndarray) -> np.ndarray:
    """Rows of 64 raw pixels (0 to 16) as 8 time steps of 8 pixels, scaled to [0, 1]."""
    return (rows / 16.0).reshape(-1, 8, 8).astype("float32")


def main(workdir: Path) -> None:
    import keras

    from scenarios.keras2_files import architecture
    from scenarios.machinery import data, models

    assert keras.__version__.startswith("2."), f"expected tf.keras 2, got Keras {keras.__version__}"
    keras.utils.set_random_seed(0)

    images = data.digit_images()
    classifier = architecture.depthwise_net()
    classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    classifier.fit(images.x_train, images.y_train, epochs=6, batch_size=32, verbose=0)
    oracle = classifier.predict(images.x_test, verbose=0)
    models.save_every_format(classifier, workdir)

    rows = data.digit_rows()
    reader = architecture.gru_net()
    reader.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    reader.fit(as_sequences(rows.x_train), rows.y_train, epochs=5, batch_size=32, verbose=0)
    sequences = as_sequences(rows.x_test)
    oracle_sequences = reader.predict(sequences, verbose=0)
    models.save_every_format(reader, workdir, stem="model_gru")

    scaler = architecture.scaled_rows_net()
    scaler.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    scaler.fit(rows.x_train, rows.y_train, epochs=10, batch_size=32, verbose=0)
    oracle_rows = scaler.predict(rows.x_test, verbose=0)
    models.save_every_format(scaler, workdir, stem="model_tf_ops")

    # The migration: tf.keras 2 reads its own file back and keeps only the weights.
    keras.models.load_model(workdir / "model.h5").save_weights(workdir / "model.weights.h5")

    np.savez(workdir / ORACLE, images=images.x_test, labels=images.y_test, oracle=oracle,
             sequences=sequences, labels_sequences=rows.y_test, oracle_sequences=oracle_sequences,
             rows=rows.x_test.astype("float32"), labels_rows=rows.y_test, oracle_rows=oracle_rows,
             train_rows=len(images.x_train), keras_version=keras.__version__)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
