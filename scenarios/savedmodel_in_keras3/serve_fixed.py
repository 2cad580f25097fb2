"""Serving the exported SavedModel with Keras 3: as an inference-only layer, or through TensorFlow.

Keras 3's load_model() reads .keras and .h5 files only. A SavedModel is TensorFlow's format: Keras 3
wraps it in keras.layers.TFSMLayer, which calls one of its endpoints, and TensorFlow itself loads
it with tf.saved_model.load. Either way, what comes back is what the endpoint returns: for
"serving_default", a dict of named outputs.
"""

import functools
import tempfile
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from scenarios.savedmodel_in_keras3.shipped import unpacked_savedmodel

# model.export() names the outputs of "serving_default" output_0, output_1, ..., in the model's order.
OUTPUT = "output_0"


def predict_digits_tfsmlayer(model_path, rows):
    with unpacked_savedmodel(model_path) as export_dir:
        layer = keras.layers.TFSMLayer(export_dir, call_endpoint="serving_default")
    return np.asarray(layer(rows)[OUTPUT])


def predict_digits_serve_endpoint(model_path, rows):
    # model.export() also writes the endpoint "serve", which returns the model's output itself.
    with unpacked_savedmodel(model_path) as export_dir:
        layer = keras.layers.TFSMLayer(export_dir, call_endpoint="serve")
    return np.asarray(layer(rows))


def predict_digits_signature(model_path, rows):
    with unpacked_savedmodel(model_path) as export_dir:
        serving = tf.saved_model.load(export_dir).signatures["serving_default"]
    # Read the output's name from the signature rather than guessing it: "output_0" from Keras 3's
    # export, the last layer's name from tf.keras 2's model.save(dir).
    (output_name,) = serving.structured_outputs
    return serving(tf.constant(rows, dtype=tf.float32))[output_name].numpy()


def predict_digits_exported(model_path, rows):
    # Keras 3 writes a SavedModel with export(), not save(); its "serve" endpoint returns the output.
    model = keras.models.load_model(model_path)
    with tempfile.TemporaryDirectory(prefix="export-") as scratch:
        export_dir = str(Path(scratch) / "exported_model")
        model.export(export_dir)
        exported = tf.saved_model.load(export_dir)
        return exported.serve(tf.constant(rows, dtype=tf.float32)).numpy()


@functools.cache
def upload_layer(model_path):
    with unpacked_savedmodel(model_path) as export_dir:
        return keras.layers.TFSMLayer(export_dir, call_endpoint="serving_default")


def read_digit(model_path, upload):
    """An upload endpoint: one image per request, answered with the digit it shows (one-hot)."""
    probabilities = np.asarray(upload_layer(model_path)(upload)[OUTPUT])
    digit = int(np.argmax(probabilities[0]))
    return np.eye(10, dtype="float32")[[digit]]
