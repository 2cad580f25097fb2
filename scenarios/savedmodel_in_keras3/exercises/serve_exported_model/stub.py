"""Exercise 8 · serve_exported_model: read digits from an exported SavedModel with Keras 3.

A digit classifier (rows of 64 pixel values, 0 to 16) was exported for serving as a TensorFlow
SavedModel, a directory, and shipped packed: models/savedmodel_in_keras3/model.savedmodel.tar.gz.
`unpacked_savedmodel` below unpacks it for you and gives you the directory. The service used to
load that directory with `keras.models.load_model`, under TensorFlow 2's Keras. It now runs
Keras 3, which refuses it.

Your task: make `serve_exported_model` return the digit each row shows, according to the
exported model: integers, shape (n,), for a request of any size, a single row included. Use the
SavedModel itself; the check hands your function the archive and nothing else.

    python 08_serve_exported_model.py                           # try it on a few sample rows
    python -m scenarios.exercises check serve_exported_model    # is it right?
    python -m scenarios.exercises hint serve_exported_model     # stuck? one hint at a time
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
        # TODO: Keras 3 cannot load a SavedModel directory as a model. Get the model's answer another way.
        model = keras.models.load_model(export_dir)
        return np.argmax(model.predict(rows, verbose=0), axis=-1)


if __name__ == "__main__":
    models = Path(__file__).resolve().parent / "models" / "savedmodel_in_keras3"
    samples = np.load(models / "samples.npz")
    print("predicted digits:", serve_exported_model(str(models / "model.savedmodel.tar.gz"), samples["request"]))
    print("true digits:     ", samples["labels"])
