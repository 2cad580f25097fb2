"""How the exported SavedModel reaches the server: an archive beside the model files.

A SavedModel is a directory (saved_model.pb, variables/, assets/), so it travels packed, as model
registries and TF Hub ship them: `model.savedmodel.tar.gz`, holding the directory
`exported_model/`. The runner hands every serving function `<workdir>/model.<fmt>`; the archive's
path is derived from it, so each case finds the same export whichever format the run serves.
"""

import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

ARCHIVE_SUFFIX = ".savedmodel.tar.gz"
EXPORT_DIR = "exported_model"


def archive_for(model_path) -> Path:
    """<workdir>/model.keras or model.h5 → <workdir>/model.savedmodel.tar.gz."""
    return Path(model_path).with_suffix(ARCHIVE_SUFFIX)


@contextmanager
def unpacked_savedmodel(model_path):
    """The SavedModel directory, unpacked into a temporary folder that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="savedmodel-") as scratch:
        with tarfile.open(archive_for(model_path)) as archive:
            archive.extractall(scratch, filter="data")  # plain files only: no links, nothing outside scratch
        yield str(Path(scratch) / EXPORT_DIR)
