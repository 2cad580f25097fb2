"""The files a training run leaves for serving, and the cache that lets us train only once.

A training run writes into its directory: the model in every format (model.keras, model.h5, and any
extra models a scenario saves), `probe.npz` and `trained.json`. The probe holds what serving code is
sent (`request` and any other named layouts), the true labels (`labels`) and the oracle: the
in-memory model's own predictions on the probe (`oracle`), taken before saving. A fix is proved by
matching the oracle; a silent failure by moving away from it.

Trained directories are cached under a key made of the code that produces them and the installed
library versions, so a library upgrade or an edited training script retrains, and nothing else does.
Every cache entry carries a manifest of its files' hashes, written last before the entry appears, and
is checked against it before use: a damaged or partial entry is never trusted (see `damage`). A cache
that cannot be written is replaced, for this process, by a temporary one (see `writable_cache`).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from scenarios.machinery.scratch import OWNER

FORMATS = ("keras", "h5")
PROBE = "probe.npz"
TRAINED = "trained.json"
MANIFEST = "manifest.json"
# Bookkeeping files that belong to a folder, not to its contents: never copied, never hashed.
_BOOKKEEPING = (MANIFEST, OWNER)
LIBRARIES = ("tensorflow", "keras", "tf_keras", "numpy", "scikit-learn", "h5py")
MACHINERY = Path(__file__).resolve().parent
# Machinery that only reads, routes or presents runs: editing it must neither retrain a model nor
# re-execute a page (paths relative to MACHINERY; a folder stands for everything below it).
PRESENTS_ONLY = ("matching.py", "keras_classes.py", "bench.py", "cli.py", "report.py", "docsite/build.py", "docsite/__main__.py",
                 "docsite/mkdocs_hooks.py", "docsite/paste.py", "docsite/indexes.py", "docsite/diagram.py",
                 "docsite/hygiene.py", "docsite/reach.py", "exercises/checker.py", "exercises/checks.py",
                 "exercises/sandbox.py", "exercises/cli.py", "exercises/workspace.py", "exercises/notebooks.py",
                 "exercises/kernel.py")


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


def source_hash(*folders: Path, recursive: bool = False, presentation: bool = False) -> str:
    """One hash of the Python source in `folders`: their own .py files, or with `recursive` every .py
    file below them, less the machinery that only presents runs (PRESENTS_ONLY) unless `presentation`
    is asked for. Every cache key is
    built on it, so no list of files has to be kept by hand."""
    digest = hashlib.sha256()
    skipped = set() if presentation else {MACHINERY / name for name in PRESENTS_ONLY}
    for folder in folders:
        folder = Path(folder)
        files = sorted(folder.rglob("*.py") if recursive else folder.glob("*.py")) if folder.is_dir() else [folder]
        for path in files:
            if "__pycache__" not in path.parts and path.resolve() not in skipped:
                digest.update(str(path.relative_to(folder.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def versions_hash() -> str:
    return hashlib.sha256(json.dumps(installed_versions(), sort_keys=True).encode()).hexdigest()


def _lesson_sources(scenario_package: Path) -> tuple[list[Path], list[Path]]:
    """The lesson's own modules split in two: those training runs (train.py and its helpers), and
    those only serving and judging read (the declaration, serve_*.py). Its page and exercises are neither."""
    modules = sorted(Path(scenario_package).glob("*.py"))
    serving = [m for m in modules if m.name == "__init__.py" or m.name.startswith("serve_")]
    training = [m for m in modules if m not in serving and m.name not in ("page.py", "__main__.py")]
    return training, serving


def training_key(scenario_package: Path, generation: str = "3") -> str:
    """Changes whenever the code that trains (the lesson's training modules, the shared machinery), a
    library version or the Keras generation does; not when its page, declaration or serving code does."""
    training, _ = _lesson_sources(scenario_package)
    return hashlib.sha256((source_hash(*training, MACHINERY) + versions_hash() + generation).encode()).hexdigest()[:16]


def entry_name(scenario_name: str, generation: str = "3") -> str:
    """The scenario's name in the cache: Keras 2 artifacts are kept apart from Keras 3 ones."""
    return scenario_name if generation == "3" else f"{scenario_name}_keras{generation}"


def cached_training(scenario_name: str, key: str, generation: str = "3") -> Path:
    return cache_root() / f"{entry_name(scenario_name, generation)}-{key}"


def copy_trained(source: Path, destination: Path, recursive: bool = False) -> None:
    """Copy the files of `source` into `destination` (and its subfolders too when `recursive`)."""
    destination.mkdir(parents=True, exist_ok=True)
    for item in Path(source).iterdir():
        if item.name in _BOOKKEEPING:
            continue
        if item.is_file():
            shutil.copy2(item, destination / item.name)
        elif recursive and item.is_dir():
            shutil.copytree(item, destination / item.name, dirs_exist_ok=True)


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _contents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not (p.parent == folder and p.name in _BOOKKEEPING))


def write_manifest(folder: Path) -> None:
    """Record the hash of every file in `folder`; call it last, once the folder is complete."""
    folder = Path(folder)
    files = {str(p.relative_to(folder)): _file_hash(p) for p in _contents(folder)}
    (folder / MANIFEST).write_text(json.dumps({"files": files}, indent=1))


def damage(folder: Path) -> str | None:
    """None when `folder` holds exactly the files its manifest lists, unchanged; else what is wrong,
    e.g. "model.keras: hash differs" (a folder without a manifest was never completed)."""
    folder = Path(folder)
    try:
        files = json.loads((folder / MANIFEST).read_text())["files"]
    except FileNotFoundError:
        return f"{MANIFEST} missing"
    except (OSError, ValueError, KeyError, TypeError):
        return f"{MANIFEST} unreadable"
    for name, expected in files.items():
        try:
            if _file_hash(folder / name) != expected:
                return f"{name}: hash differs"
        except FileNotFoundError:
            return f"{name}: missing"
        except OSError as error:
            return f"{name}: {error.strerror or error}"
    return None


def discard(folder: Path) -> None:
    """Remove a damaged entry: first moved aside in one step, so no reader sees it half removed."""
    folder = Path(folder)
    aside = folder.parent / f".{folder.name}.discarded-{os.getpid()}"
    try:
        os.rename(folder, aside)
    except OSError:  # gone already, or a cache we cannot write: nothing more to do
        return
    if aside.is_dir():
        shutil.rmtree(aside, ignore_errors=True)
    else:
        aside.unlink(missing_ok=True)


_fallbacks: dict[Path, Path] = {}


def writable_cache() -> Path:
    """The cache to write into: cache_root(), or, when that cannot be written (read-only, cannot be
    created, is a file), a temporary cache for this process, announced in one line on stderr."""
    root = cache_root()
    if root in _fallbacks:
        return _fallbacks[root]
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=root, prefix=".probe-")
        probe.close()
        return root
    except OSError as error:
        from scenarios.machinery import scratch

        fallback = _fallbacks[root] = scratch.make("scenarios-cache-")
        reason = "it is not a directory" if root.exists() and not root.is_dir() else error.strerror or str(error)
        print(f"warning: the cache {root} cannot be written ({reason}); using a temporary cache for this run, "
              f"so trained models are not kept", file=sys.stderr)
        return fallback


def cache_dirs() -> list[Path]:
    """Where cache entries may be read from: cache_root(), then this process's fallback if it has one."""
    root = cache_root()
    return [root, *([_fallbacks[root]] if root in _fallbacks else [])]


def recorded_run(scenario_name: str, scenario_package: Path, fmt: str, generation: str = "3") -> Path:
    """Where a served run is kept for reuse: keyed like training, plus how serving is done."""
    # The training key already covers the serving machinery (fresh.py, child.py, quiet.py).
    _, serving = _lesson_sources(scenario_package)
    digest = hashlib.sha256((training_key(scenario_package, generation) + source_hash(*serving)).encode())
    digest.update(fmt.encode())
    return cache_root() / "runs" / f"{entry_name(scenario_name, generation)}-{fmt}-{digest.hexdigest()[:16]}"


MESSAGES = "messages"


def record_messages(scenario_name: str, fmt: str, generation: str, served: dict) -> None:
    """Keep what each broken case raised in this run, in the cache, for `python -m scenarios.explain`:
    its index of messages is made of real runs on the installed versions. Best effort: a cache that
    cannot be written only means a smaller index."""
    raised = {name: outcome["raised"] for name, outcome in served["outcomes"].items() if outcome.get("raised")}
    record = {"scenario": scenario_name, "format": fmt, "generation": generation,
              "versions": served.get("versions", {}), "raised": raised}
    try:
        folder = writable_cache() / MESSAGES
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{entry_name(scenario_name, generation)}-{fmt}.json"
        scratch = target.with_name(f".{target.name}.{os.getpid()}")
        scratch.write_text(json.dumps(record, indent=1))
        os.replace(scratch, target)
    except OSError:
        pass


def recorded_messages() -> list[dict]:
    """Every run's recorded messages (see record_messages), from every readable cache."""
    records = []
    for root in cache_dirs():
        for path in sorted((root / MESSAGES).glob("*.json")) if (root / MESSAGES).is_dir() else []:
            try:
                records.append(json.loads(path.read_text()))
            except (OSError, ValueError):
                continue
    return records


def read_trained_info(workdir: Path) -> dict:
    return json.loads((Path(workdir) / TRAINED).read_text())


def save_probe(workdir: Path, *, labels, oracle, **requests) -> None:
    """Write what serving code will be sent (`requests`, by name), the true labels and the oracle."""
    import numpy as np

    np.savez(Path(workdir) / PROBE, labels=labels, oracle=oracle, **requests)
