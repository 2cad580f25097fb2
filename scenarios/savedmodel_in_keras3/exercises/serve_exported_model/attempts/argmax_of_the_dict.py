# expect: argmax_of_dict
# What the error message suggests, with the argmax the old code had.
import tarfile
import tempfile
from pathlib import Path

import keras
import numpy as np


def serve_exported_model(archive_path, rows):
    with tempfile.TemporaryDirectory() as scratch:
        with tarfile.open(archive_path) as archive:
            archive.extractall(scratch, filter="data")
        layer = keras.layers.TFSMLayer(str(Path(scratch) / "exported_model"), call_endpoint="serving_default")
    return np.argmax(layer(rows), axis=-1)
