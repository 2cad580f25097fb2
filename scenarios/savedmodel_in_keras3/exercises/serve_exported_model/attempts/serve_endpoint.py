# expect: ok
# The "serve" endpoint that model.export() writes returns the probabilities themselves.
import tarfile
import tempfile
from pathlib import Path

import keras
import numpy as np


def serve_exported_model(archive_path, rows):
    with tempfile.TemporaryDirectory() as scratch:
        with tarfile.open(archive_path) as archive:
            archive.extractall(scratch, filter="data")
        layer = keras.layers.TFSMLayer(str(Path(scratch) / "exported_model"), call_endpoint="serve")
    return np.asarray(layer(np.asarray(rows, dtype="float32"))).argmax(axis=-1)
