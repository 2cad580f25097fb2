# expect: argmax_without_axis
# The probabilities read by their key, then np.argmax as for a single image.
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
    return np.argmax(layer(rows)["output_0"])
