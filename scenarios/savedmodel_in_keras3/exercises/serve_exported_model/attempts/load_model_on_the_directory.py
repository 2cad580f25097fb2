# expect: raised
# As under TensorFlow 2's Keras: load the SavedModel directory as a model.
import tarfile
import tempfile
from pathlib import Path

import keras


def serve_exported_model(archive_path, rows):
    with tempfile.TemporaryDirectory() as scratch:
        with tarfile.open(archive_path) as archive:
            archive.extractall(scratch, filter="data")
        model = keras.models.load_model(str(Path(scratch) / "exported_model"))
    return model.predict(rows, verbose=0).argmax(axis=-1)
