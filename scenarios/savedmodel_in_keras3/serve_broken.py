"""Serving code that treats the exported SavedModel as TensorFlow 2's Keras did."""

import functools
import tempfile
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from scenarios.savedmodel_in_keras3.shipped import unpacked_savedmodel


def predict_digits(model_path, rows):
    with unpacked_savedmodel(model_path) as export_dir:
        model = keras.models.load_model(export_dir)  # as tf.keras 2 loaded a SavedModel directory
    return model.predict(rows, verbose=0)


@functools.cache
def upload_layer(model_path):
    # Loaded once per serving process, as a service does at start-up. Loading reads the variables
    # into memory, so the layer keeps working once the unpacked directory is gone.
    with unpacked_savedmodel(model_path) as export_dir:
        return keras.layers.TFSMLayer(export_dir, call_endpoint="serving_default")


def read_digit(model_path, upload):
    """An upload endpoint: one image per request, answered with the digit it shows (one-hot)."""
    outputs = upload_layer(model_path)(upload)
    digit = np.argmax(outputs)  # outputs is a dict: numpy sees one object, and its argmax is 0
    return np.eye(10, dtype="float32")[[digit]]


def predict_digits_exported_the_tf2_way(model_path, rows):
    # The step that prepares a SavedModel for TF Serving, as TensorFlow 2 tutorials wrote it, then
    # a client of its serving signature.
    model = keras.models.load_model(model_path)
    with tempfile.TemporaryDirectory(prefix="export-") as scratch:
        export_dir = str(Path(scratch) / "exported_model")
        model.save(export_dir)
        serving = tf.saved_model.load(export_dir).signatures["serving_default"]
        (output_name,) = serving.structured_outputs
        return serving(tf.constant(rows, dtype=tf.float32))[output_name].numpy()
