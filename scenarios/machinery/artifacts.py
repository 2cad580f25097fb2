"""The files a training run leaves for serving, and the cache that lets us train only once.

A training run writes into its directory: the model in every format (model.keras, model.h5, and any
extra models a scenario saves), `probe.npz` and `trained.json`. The probe holds what serving code is
sent (`request` and any other named layouts), the true labels (`labels`) and the oracle: the
in-memory model's own predictions on the probe (`oracle`), taken before saving. A fix is proved by
matching the oracle; a silent failure by moving away from it.

Trained directories are cached under a key made of the code that produces them and the installed
library versions, so a library upgrade or an edited training script retrains, and nothing else does.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import sys
from pathlib import Path

FORMATS = ("keras", "h5")
PROBE = "probe.npz"
TRAINED = "trained.json"
LIBRARIES = ("tensorflow", "keras", "numpy", "scikit-learn", "h5py")
MACHINERY = Path(__file__).resolve().parent


def installed_versions() -> dict[str, str]:
    versions = {"python": sys.version.split()[0]}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def model_path(workdir: Path, stem: str, fmt: str) -> Path:
    return Path(workdir) / f"{stem}.{fmt}"


def cache_root() -> Path:
    configured = os.environ.get("SCENARIOS_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "keras-load-scenarios"


def source_hash(*folders: Path, recursive: bool = False) -> str:
    """One hash of the Python source in `folders`: their own .py files, or with `recursive` every .py
    file below them. Every cache key is built on it, so no list of files has to be kept by hand."""
    digest = hashlib.sha256()
    for folder in folders:
        folder = Path(folder)
        files = sorted(folder.rglob("*.py") if recursive else folder.glob("*.py")) if folder.is_dir() else [folder]
        for path in files:
            if "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def versions_hash() -> str:
    return hashlib.sha256(json.dumps(installed_versions(), sort_keys=True).encode()).hexdigest()


def training_key(scenario_package: Path) -> str:
    """Changes whenever the scenario's code (its own modules, not its page or exercises), the shared
    machinery or a library version does."""
    return hashlib.sha256((source_hash(scenario_package, MACHINERY) + versions_hash()).encode()).hexdigest()[:16]


def cached_training(scenario_name: str, key: str) -> Path:
    return cache_root() / f"{scenario_name}-{key}"


def copy_trained(source: Path, destination: Path, recursive: bool = False) -> None:
    """Copy the files of `source` into `destination` (and its subfolders too when `recursive`)."""
    destination.mkdir(parents=True, exist_ok=True)
    for item in Path(source).iterdir():
        if item.is_file():
            shutil.copy2(item, destination / item.name)
        elif recursive and item.is_dir():
            shutil.copytree(item, destination / item.name, dirs_exist_ok=True)


def recorded_run(scenario_name: str, scenario_package: Path, fmt: str) -> Path:
    """Where a served run is kept for reuse: keyed like training, plus how serving is done."""
    # The training key already covers the serving machinery (fresh.py, child.py, quiet.py).
    digest = hashlib.sha256(training_key(scenario_package).encode())
    digest.update(fmt.encode())
    return cache_root() / "runs" / f"{scenario_name}-{fmt}-{digest.hexdigest()[:16]}"


def read_trained_info(workdir: Path) -> dict:
    return json.loads((Path(workdir) / TRAINED).read_text())


def save_probe(workdir: Path, *, labels, oracle, **requests) -> None:
    """Write what serving code will be sent (`requests`, by name), the true labels and the oracle."""
    import numpy as np

    np.savez(Path(workdir) / PROBE, labels=labels, oracle=oracle, **requests)
