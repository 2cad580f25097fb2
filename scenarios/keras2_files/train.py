"""Training side: files written by tf.keras 2, and the same classifier re-saved by Keras 3.

Whatever generation this process runs (train.py runs in the generation the report is for), the
files must be written by a definite one, so each writer runs as a subprocess of its own:
written_by_tf_keras2.py under TF_USE_LEGACY_KERAS=1 trains both models and saves them, and
written_by_keras3.py under TF_USE_LEGACY_KERAS=0 re-saves the classifier as Keras 3 would. The
oracle is tf.keras 2's own in-memory predictions, computed in its subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from scenarios.keras2_files.written_by_tf_keras2 import ORACLE
from scenarios.machinery.artifacts import save_probe

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def write_with(module: str, legacy_keras: bool, workdir: Path) -> None:
    """Run `module` on `workdir` in a fresh interpreter of one Keras generation."""
    env = {
        **os.environ,
        "TF_USE_LEGACY_KERAS": "1" if legacy_keras else "0",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run([sys.executable, "-m", module, str(workdir)], env=env, cwd=PROJECT_ROOT, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{module} exited with {done.returncode}; its output is in this training log")


def train(workdir: Path) -> dict:
    workdir = Path(workdir).resolve()
    write_with("scenarios.keras2_files.written_by_tf_keras2", True, workdir)
    write_with("scenarios.keras2_files.written_by_keras3", False, workdir)
    with np.load(workdir / ORACLE) as written:
        written = dict(written)
    # Not a file the serving team is handed: its contents now live in the probe.
    (workdir / ORACLE).unlink()
    images, labels, oracle = written["images"], written["labels"], written["oracle"]
    save_probe(
        workdir,
        labels=labels,
        oracle=oracle,
        request=images,
        # The GRU's request: the same held-back digits as 8 rows of 8 pixels.
        sequences=written["sequences"],
        oracle_sequences=written["oracle_sequences"],
        labels_sequences=written["labels_sequences"],
        # The scaled-rows network's request: the same held-back digits as rows of 64 raw pixels.
        rows=written["rows"],
        oracle_rows=written["oracle_rows"],
        labels_rows=written["labels_rows"],
    )
    return {
        "data": ("scikit-learn digits, 8×8 upscaled to 28×28×1 (and, for the GRU, as 8 rows of 8 pixels; for "
                 "the scaled-rows network, as 64 raw pixels)"),
        "model": (f"tf.keras {written['keras_version']}: Conv2D → DepthwiseConv2D → 1×1 Conv2D → Dense(10, softmax), "
                  "GRU(24) → Dense(10, softmax), and x / 16 - 0.5 → Dense(32, relu) → Dense(10, softmax)"),
        "train_rows": int(written["train_rows"]),
        "test_accuracy": float(np.mean(oracle.argmax(-1) == labels)),
        "test_rows": len(labels),
        "sequence_test_accuracy": float(np.mean(written["oracle_sequences"].argmax(-1) == written["labels_sequences"])),
        "rows_test_accuracy": float(np.mean(written["oracle_rows"].argmax(-1) == written["labels_rows"])),
    }
