"""Exercise 9 · load_checked_model: a Git LFS pointer, a download cut short, or a web page (reference solution).

load_model() picks its reader by the extension and never says what a file really is. So the file
is identified first, by its first bytes: a zip archive is a .keras model, HDF5 a .h5 model (an
HDF5 header records the file's size, so a cut one shows), a Git LFS pointer names the real file by
its sha256. The pointer's object comes from the store, checked against that sha256 and size; a
download cut short is fetched again from its origin and checked against the published sha256 (a
partial file cannot be repaired). Anything else is refused, saying what it is.
"""

import hashlib
import json
import shutil
import struct
import tempfile
import zipfile
from pathlib import Path

import keras

ZIP, HDF5 = b"PK\x03\x04", b"\x89HDF\r\n\x1a\n"
LFS = b"version https://git-lfs.github.com/spec/v1"


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def model_format(path):
    """"keras" or "h5" for a whole model file, None for anything else (a cut one included)."""
    with open(path, "rb") as stream:
        head = stream.read(64)
    if head.startswith(ZIP) and zipfile.is_zipfile(path):
        return "keras"
    if head.startswith(HDF5):
        offset = 40 if head[8] == 0 else 44 if head[8] == 1 else 28  # the end-of-file address in the superblock
        return "h5" if Path(path).stat().st_size >= struct.unpack_from("<Q", head, offset)[0] else None
    return None


def load_checked_model(model_path):
    """The Keras model that `model_path` holds or names; an error saying what the file is otherwise."""
    path = Path(model_path)
    size = path.stat().st_size
    head = path.read_bytes()[:200]
    with tempfile.TemporaryDirectory() as scratch:
        if head.startswith(LFS):
            fields = dict(line.split(" ", 1) for line in head.decode().splitlines() if " " in line)
            oid = fields["oid"].removeprefix("sha256:")
            real = path.parent / f"lfs-object-{oid}"
            if not real.is_file() or real.stat().st_size != int(fields["size"]) or sha256(real) != oid:
                raise ValueError(f"{path} is a Git LFS pointer to {oid}, which the store does not hold intact: "
                                 f"run `git lfs pull`")
        elif model_format(path) is None and head.startswith((ZIP, HDF5)):
            published = json.loads((path.parent / "downloads.json").read_text())[path.name]
            origin = (path.parent / published["url"]).resolve().as_uri()
            real = Path(keras.utils.get_file(fname=path.name, origin=origin, file_hash=published["sha256"],
                                             hash_algorithm="sha256", cache_dir=scratch))
        elif model_format(path):
            real = path
        else:
            kind = "an HTML page" if head.lstrip().lower().startswith((b"<!doctype html", b"<html")) else "no model"
            raise ValueError(f"{path} is {kind} ({size} bytes, starting {head[:20]!r}), not a Keras model file")
        fmt = model_format(real)
        if fmt is None:
            raise ValueError(f"{path}: what it names ({real}) is not a whole model file either")
        # load_model() picks its reader by the extension: name the file for what it holds.
        named = Path(scratch) / f"model.{fmt}"
        shutil.copyfile(real, named)
        return keras.models.load_model(named)


if __name__ == "__main__":
    import numpy as np

    models = Path(__file__).resolve().parent / "models" / "damaged_files"
    samples = np.load(models / "samples.npz")
    for name in ("model.keras", "model_lfs_pointer.keras", "model_truncated.h5", "model_html.h5"):
        try:
            predicted = load_checked_model(str(models / name)).predict(samples["request"], verbose=0).argmax(-1)
            print(f"{name}: predicted {predicted}, true {samples['labels']}")
        except Exception as error:
            print(f"{name}: {type(error).__name__}: {error}")
