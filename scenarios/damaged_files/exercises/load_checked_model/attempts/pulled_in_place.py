# expect: ok
# What the real tools do, in place: the pointer is replaced by its object (as `git lfs pull` does),
# and get_file, given the cut file's own folder, notices the wrong hash and downloads it again.
import hashlib
import json
from pathlib import Path

import keras


def load_checked_model(model_path):
    path = Path(model_path)
    head = path.read_bytes()[:200]
    if head.startswith(b"version https://git-lfs.github.com/spec/v1"):
        oid = head.decode().split("oid sha256:")[1].split()[0]
        content = (path.parent / f"lfs-object-{oid}").read_bytes()
        if hashlib.sha256(content).hexdigest() != oid:
            raise ValueError(f"{path}: the LFS store's object {oid} is damaged")
        path.write_bytes(content)
    elif head.lstrip().lower().startswith(b"<!doctype html"):
        raise ValueError(f"{path} is an HTML page ({path.stat().st_size} bytes), not a model")
    else:
        published = json.loads((path.parent / "downloads.json").read_text()).get(path.name)
        if published and hashlib.sha256(path.read_bytes()).hexdigest() != published["sha256"]:
            keras.utils.get_file(fname=path.name, origin=(path.parent / published["url"]).resolve().as_uri(),
                                 file_hash=published["sha256"], hash_algorithm="sha256",
                                 cache_dir=str(path.parent), cache_subdir="")
    return keras.models.load_model(path)
