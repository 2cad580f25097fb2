# expect: returned_dict
# The layer's answer, passed on as it comes.
import tarfile
import tempfile
from pathlib import Path

import keras


def serve_exported_model(archive_path, rows):
    with tempfile.TemporaryDirectory() as scratch:
        with tarfile.open(archive_path) as archive:
            archive.extractall(scratch, filter="data")
        layer = keras.layers.TFSMLayer(str(Path(scratch) / "exported_model"), call_endpoint="serving_default")
    return layer(rows)
