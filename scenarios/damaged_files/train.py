"""Training side: a small digit classifier, saved, and the files that stand in for it when a
deployment goes wrong: a Git LFS pointer, a download cut in half, an HTML error page, and each
format's file under the other format's extension. Also what the real-world fixes fetch from: the
LFS objects (as `git lfs pull` would bring them) and the origin's copies with their checksums."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import keras

from scenarios.machinery import data, models
from scenarios.machinery.artifacts import FORMATS, model_path, save_probe

# What a web server sends instead of the file: a 404 page, saved under the model's name.
HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>404 Not Found</title></head>
<body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body>
</html>
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def lfs_pointer(path: Path) -> str:
    """The text git-lfs commits in place of a large file (its spec, v1): what a clone holds until
    `git lfs pull` replaces it with the object."""
    return f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256(path)}\nsize {Path(path).stat().st_size}\n"


def lfs_object_name(oid: str) -> str:
    """Where this lesson's LFS store keeps an object: one flat file per object, named by its oid,
    beside the models (git-lfs itself uses .git/lfs/objects/<oid[:2]>/<oid[2:4]>/<oid>)."""
    return f"lfs-object-{oid}"


def train(workdir: Path) -> dict:
    workdir = Path(workdir)
    split = data.digit_rows()
    model = keras.Sequential([
        keras.Input((split.x_train.shape[1],)),
        keras.layers.Rescaling(1 / 16),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ], name="digits")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"], steps_per_execution=16)
    model.fit(split.x_train, split.y_train, epochs=15, batch_size=32, verbose=0)
    models.save_every_format(model, workdir)

    downloads = {}
    for fmt in FORMATS:
        real = model_path(workdir, "model", fmt)
        content = real.read_bytes()
        oid = sha256(real)
        # The repository's clone without git-lfs: the pointer sits where the model should be.
        model_path(workdir, "model_lfs_pointer", fmt).write_text(lfs_pointer(real))
        # The local LFS store, filled as `git lfs pull` would.
        shutil.copyfile(real, workdir / lfs_object_name(oid))
        # A download that stopped half way, and the origin it came from, with its published checksum.
        model_path(workdir, "model_truncated", fmt).write_bytes(content[: len(content) // 2])
        shutil.copyfile(real, workdir / f"origin-model.{fmt}")
        downloads[f"model_truncated.{fmt}"] = {"url": f"origin-model.{fmt}", "sha256": oid, "size": len(content)}
        # An error page saved under the model's name (a wrong or expired link).
        model_path(workdir, "model_html", fmt).write_text(HTML_PAGE)
    # Each format's file under the other format's extension: a .keras zip renamed .h5, and the reverse.
    shutil.copyfile(model_path(workdir, "model", "keras"), model_path(workdir, "model_renamed", "h5"))
    shutil.copyfile(model_path(workdir, "model", "h5"), model_path(workdir, "model_renamed", "keras"))
    (workdir / "downloads.json").write_text(json.dumps(downloads, indent=1))

    rows, labels = split.x_test, split.y_test
    oracle = model.predict(rows, verbose=0)
    save_probe(workdir, labels=labels, oracle=oracle, request=rows)
    return {
        "data": f"scikit-learn digits as flat rows of {rows.shape[1]} raw pixel values (0 to 16)",
        "model": "Rescaling(1/16) → Dense(32, relu) → Dense(10, softmax)",
        "train_rows": len(split.x_train),
        "test_accuracy": float((oracle.argmax(-1) == labels).mean()),
        "test_rows": len(labels),
        "sizes": {f"model.{fmt}": model_path(workdir, "model", fmt).stat().st_size for fmt in FORMATS},
    }
