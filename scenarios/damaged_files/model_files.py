"""What a file at a model's path really is, found from its first bytes and its size, and how to get
the real model when it can be had. Nothing here trusts the file name.

A .keras file is a zip archive; a .h5 file is HDF5. A Git LFS pointer, a download cut short, or a
web page saved under the model's name is neither, and load_model() says so in words that name none
of them ("File not found" for a file that exists, "file signature not found"). identify() names
them, before load_model() runs. (Keras is imported only where a model is loaded or fetched:
identifying a file needs none of it.)
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import struct
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ZIP = b"PK\x03\x04"
HDF5 = b"\x89HDF\r\n\x1a\n"
LFS = b"version https://git-lfs.github.com/spec/v1"
# The downloads' origins and checksums, as a release page publishes them, beside the models.
DOWNLOADS = "downloads.json"


class NotAModelFile(ValueError):
    """The path holds no Keras model, and nothing says where the real one is."""


@dataclass(frozen=True)
class Identified:
    kind: str  # "keras", "h5", "lfs_pointer", "cut_short", "html", "folder", "missing" or "unknown"
    description: str
    oid: str = ""
    size: int = 0


def identify(path) -> Identified:
    """What `path` holds, from its first bytes and its size (and, for HDF5, the size its header records)."""
    path = Path(path)
    if not path.exists():
        return Identified("missing", "nothing: there is no such file")
    if path.is_dir():
        inside = sorted(p.name for p in path.iterdir() if p.suffix in (".keras", ".h5"))
        shown = ", ".join(inside[:8]) + (", …" if len(inside) > 8 else "")
        return Identified("folder", f"a folder, not a model file; the model files in it: {shown or 'none'}")
    size = path.stat().st_size
    with open(path, "rb") as stream:
        head = stream.read(512)
    if head.startswith(LFS):
        fields = dict(line.split(" ", 1) for line in head.decode("ascii", "replace").splitlines() if " " in line)
        oid = fields.get("oid", "").removeprefix("sha256:")
        object_size = int(fields.get("size", "0") or 0)
        return Identified("lfs_pointer", f"a Git LFS pointer ({size} bytes of text) to the object sha256:{oid[:12]}…, "
                                         f"{object_size} bytes: the model itself was never fetched", oid, object_size)
    if head.startswith(ZIP):
        if zipfile.is_zipfile(path):
            return Identified("keras", f"a zip archive, as a .keras file is ({size} bytes)", size=size)
        return Identified("cut_short", f"the start of a zip archive (a .keras file), {size} bytes with no end "
                                       f"record: a download cut short", size=size)
    if head.startswith(HDF5):
        recorded = hdf5_recorded_size(head)
        if recorded and size < recorded:
            return Identified("cut_short", f"the first {size} of the {recorded} bytes its HDF5 header records "
                                           f"(a .h5 file): a download cut short", size=size)
        return Identified("h5", f"an HDF5 file, as a .h5 file is ({size} bytes)", size=size)
    text = head.lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html")):
        title = re.search(rb"<title>(.*?)</title>", head, re.I | re.S)
        said = f", titled '{title.group(1).decode('utf-8', 'replace').strip()}'" if title else ""
        return Identified("html", f"an HTML page ({size} bytes{said}): what a web server sent instead of the file")
    return Identified("unknown", f"{size} bytes that are neither a zip archive nor HDF5, starting {head[:16]!r}")


def hdf5_recorded_size(head: bytes) -> int | None:
    """The end-of-file address an HDF5 superblock records (versions 0 to 3, 8-byte offsets), which a
    whole file reaches; None when the header is another layout."""
    version = head[8] if len(head) > 8 else None
    if version in (0, 1) and len(head) >= 52 and head[13] == 8:
        return struct.unpack_from("<Q", head, 40 if version == 0 else 44)[0]
    if version in (2, 3) and len(head) >= 36 and head[9] == 8:
        return struct.unpack_from("<Q", head, 28)[0]
    return None


def sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def lfs_object(store: Path, oid: str) -> Path:
    """Where the LFS store keeps an object. git-lfs uses .git/lfs/objects/<oid[:2]>/<oid[2:4]>/<oid>;
    this lesson's store is flat: one file per object, named by its oid, beside the models."""
    return Path(store) / f"lfs-object-{oid}"


def from_the_lfs_store(path: Path, found: Identified) -> Path:
    """The object the pointer names, as `git lfs pull` would put it in place, checked against the
    pointer's sha256 and size."""
    stored = lfs_object(path.parent, found.oid)
    if not stored.is_file():
        raise NotAModelFile(f"{path} is {found.description}, and the LFS store has no such object: "
                            f"run `git lfs pull` in the repository")
    if stored.stat().st_size != found.size or sha256(stored) != found.oid:
        raise NotAModelFile(f"{path} is {found.description}, and the store's copy does not match it")
    return stored


def fetched_again(path: Path, found: Identified, into: Path) -> Path:
    """The whole file, downloaded again from its origin into `into` and checked against the published
    sha256 (keras.utils.get_file refuses a download whose hash differs)."""
    import keras

    published = json.loads((path.parent / DOWNLOADS).read_text()) if (path.parent / DOWNLOADS).is_file() else {}
    if path.name not in published:
        raise NotAModelFile(f"{path} is {found.description}, and {DOWNLOADS} names no origin to fetch it from again")
    entry = published[path.name]
    origin = (path.parent / entry["url"]).resolve().as_uri()
    return Path(keras.utils.get_file(fname=path.name, origin=origin, file_hash=entry["sha256"],
                                     hash_algorithm="sha256", cache_dir=str(into)))


def load_checked_model(path):
    """load_model() on what `path` really holds: a model in either format whatever its extension,
    the object a Git LFS pointer names, or a download cut short fetched again. Anything else is
    refused, naming what the file is."""
    import keras

    path = Path(path)
    found = identify(path)
    with tempfile.TemporaryDirectory(prefix="checked-model-") as scratch:
        if found.kind == "lfs_pointer":
            real = from_the_lfs_store(path, found)
        elif found.kind == "cut_short":
            real = fetched_again(path, found, Path(scratch))
        elif found.kind in ("keras", "h5"):
            real = path
        else:
            raise NotAModelFile(f"{path} is not a Keras model file: it is {found.description}")
        kind = identify(real).kind
        if kind not in ("keras", "h5"):
            raise NotAModelFile(f"{path} is {found.description}, and what that gave is {identify(real).description}")
        # load_model() picks its reader by the extension: give it the one the content has.
        named = Path(scratch) / f"model.{kind}"
        shutil.copyfile(real, named)
        return keras.models.load_model(named)
