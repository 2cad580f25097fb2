# expect: raised
# The right object from the store, handed to load_model() under its own name.
from pathlib import Path

import keras


def load_checked_model(model_path):
    path = Path(model_path)
    head = path.read_bytes()[:200]
    if head.startswith(b"version https://git-lfs"):
        oid = head.decode().split("oid sha256:")[1].split()[0]
        return keras.models.load_model(path.parent / f"lfs-object-{oid}")
    return keras.models.load_model(path)
