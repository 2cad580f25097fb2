# expect: ok
# TensorFlow alone: the serving signature, its output named from the signature itself.
import tarfile
import tempfile
from pathlib import Path

import tensorflow as tf


def serve_exported_model(archive_path, rows):
    with tempfile.TemporaryDirectory() as scratch:
        with tarfile.open(archive_path) as archive:
            archive.extractall(scratch, filter="data")
        signature = tf.saved_model.load(str(Path(scratch) / "exported_model")).signatures["serving_default"]
    (output_name,) = signature.structured_outputs
    probabilities = signature(tf.constant(rows, dtype=tf.float32))[output_name]
    return tf.argmax(probabilities, axis=-1).numpy()
