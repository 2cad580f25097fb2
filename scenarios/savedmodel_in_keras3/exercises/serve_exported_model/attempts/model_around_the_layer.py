# expect: ok
# A Keras model around the layer, so the rest of the service can keep calling predict().
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
    model = keras.Sequential([keras.Input((64,)), layer])
    outputs = model.predict(np.asarray(rows, dtype="float32"), verbose=0)
    return outputs["output_0"].argmax(axis=-1)
