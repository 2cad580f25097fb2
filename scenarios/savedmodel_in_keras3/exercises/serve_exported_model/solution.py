"""Exercise 8 · serve_exported_model: read digits from an exported SavedModel with Keras 3
(reference solution).

Keras 3's load_model() reads .keras and .h5 files only. A SavedModel is TensorFlow's format, and
Keras 3 calls it through keras.layers.TFSMLayer, which runs one of its endpoints. The
"serving_default" endpoint returns a dict of named outputs, {"output_0": probabilities}: the digits
are the argmax of that array, along the class axis, never the argmax of the dict.
"""

import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

import keras
import numpy as np


@contextmanager
def unpacked_savedmodel(archive_path):
    """The SavedModel directory inside `archive_path`, unpacked into a temporary folder."""
    with tempfile.TemporaryDirectory() as scratch:
        with tarfile.open(archive_path) as archive:
            archive.extractall(scratch, filter="data")
        yield str(Path(scratch) / "exported_model")


def serve_exported_model(archive_path, rows):
    """The digit each of `rows` (shape (n, 64)) shows, as integers of shape (n,)."""
    with unpacked_savedmodel(archive_path) as export_dir:
        layer = keras.layers.TFSMLayer(export_dir, call_endpoint="serving_default")
    outputs = layer(np.asarray(rows, dtype="float32"))  # a dict: {"output_0": probabilities}
    probabilities = np.asarray(outputs["output_0"])
    return probabilities.argmax(axis=-1)


if __name__ == "__main__":
    models = Path(__file__).resolve().parent / "models" / "savedmodel_in_keras3"
    samples = np.load(models / "samples.npz")
    print("predicted digits:", serve_exported_model(str(models / "model.savedmodel.tar.gz"), samples["request"]))
    print("true digits:     ", samples["labels"])
