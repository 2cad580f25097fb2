"""The learner's workspace: the exercise files, the trained models they use, and small bits of state.

Layout of a workspace:

    01_predict_digits.py ...          the files the learner edits (never overwritten once edited)
    notebooks/01_predict_digits.ipynb the same exercises as notebooks
    models/<scenario>/                the trained model files, and samples.npz to try the code on
    .keras-exercises.json             marks the folder as a workspace; remembers revealed hints

Which exercises pass is remembered *outside* the workspace (in the cache folder, keyed by the
workspace's path and each file's content), because `check` must never write into the workspace.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from scenarios.machinery import generation, registry, runner, scratch
from scenarios.machinery.artifacts import PROBE, TRAINED, cache_root
from scenarios.machinery.exercises import catalog, notebooks
from scenarios.machinery.exercises.catalog import Exercise

DEFAULT = "keras-exercises"
STATE = ".keras-exercises.json"
SAMPLE_ROWS = 5


class NoWorkspace(Exception):
    """Raised with a one-line message a learner can act on."""


def find(explicit: str | None = None) -> Path:
    """The workspace named on the command line; else the one the current directory is in; else
    ./keras-exercises."""
    if explicit is not None:
        path = Path(explicit)
        if not (path / STATE).is_file():
            raise NoWorkspace(f"{explicit} is not an exercise workspace (start one with: "
                              f"python -m scenarios.exercises start {explicit})")
        return path
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / STATE).is_file():
            return folder
    if (Path(DEFAULT) / STATE).is_file():
        return Path(DEFAULT)
    raise NoWorkspace("no exercise workspace here or in ./keras-exercises "
                      "(start one with: python -m scenarios.exercises start)")


# --- start --------------------------------------------------------------------------------------


def start(folder: Path, say=print, keras: str = generation.DEFAULT) -> None:
    """Write the exercises into `folder`, with models trained on Keras generation `keras`."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NoWorkspace(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / STATE).is_file():
        raise NoWorkspace(f"{folder} is not empty and is not an exercise workspace; pick a new folder")
    if (folder / STATE).is_file() and generation_of(folder) != keras:
        raise NoWorkspace(f"{folder} is a workspace for Keras {generation_of(folder)}; start another folder "
                          f"for Keras {keras}")
    folder.mkdir(parents=True, exist_ok=True)
    say("Preparing the trained models (trained once, then reused from the cache)...")
    for scenario in dict.fromkeys(exercise.scenario for exercise in catalog.EXERCISES):
        how = install_models(scenario, folder / "models" / scenario, keras)
        say(f"  models/{scenario}/  {how}")
    say(f"Exercises in {folder}:")
    for exercise in catalog.EXERCISES:
        file_state = write_unless_edited(folder / exercise.filename, exercise.stub())
        notebook_state = write_unless_edited(folder / "notebooks" / exercise.notebook, notebooks.text(exercise))
        say(f"  {exercise.filename:28} {file_state:22} notebooks/{exercise.notebook}  {notebook_state}")
    if not (folder / STATE).exists():
        save_state(folder, {"hints": {}, "keras": keras})
    write_unless_edited(folder / "README.md", readme())


def install_models(scenario_name: str, destination: Path, keras: str = generation.DEFAULT) -> str:
    """Copy the scenario's trained model files (not the held-back probe the checker uses) into the
    workspace, with a few sample rows to try code on."""
    import numpy as np

    with scratch.folder("exercise-models-") as scratch_folder:
        _, how = runner.ensure_trained(registry.get(scenario_name), scratch_folder, keras)
        destination.mkdir(parents=True, exist_ok=True)
        for item in scratch_folder.iterdir():
            # The tampered copies exist for the checker to prove that no code from a file runs;
            # they are no part of what a serving team hands over.
            if item.is_file() and item.name not in (PROBE, TRAINED) and not item.name.startswith("model_tampered"):
                shutil.copy2(item, destination / item.name)
        with np.load(scratch_folder / PROBE) as probe:
            np.savez(destination / "samples.npz", request=probe["request"][:SAMPLE_ROWS],
                     labels=probe["labels"][:SAMPLE_ROWS])
    return "trained just now" if how == "trained" else "reused from the cache"


def write_unless_edited(path: Path, text: str) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return "new"
    if path.read_text() == text:
        return "unchanged"
    return "kept your edits"


def readme() -> str:
    lines = [
        "# Keras load-and-predict exercises",
        "",
        "Each file is a short piece of serving code with a bug from one of the scenarios. Fix the code",
        "where the TODO says, then check it. The checker runs your function in a fresh process on",
        "held-back data and compares its answers with the trained model's.",
        "",
        "    python -m scenarios.exercises list           # progress",
        "    python -m scenarios.exercises check [NAME]   # check one exercise, or all",
        "    python -m scenarios.exercises hint NAME      # the next hint",
        "    python -m scenarios.exercises solution NAME  # once it passes",
        "    python -m scenarios.exercises watch          # re-check whenever you save",
        "",
        "Prefer notebooks? The same exercises are in notebooks/; `check` reads a notebook's exercise",
        "cell when you have edited the notebook and left the .py file alone.",
        "",
        "`start` refreshes the files in models/; it never overwrites a file you have edited.",
        "",
    ]
    lines += [f"- {e.filename}: {e.title} (scenario {e.scenario})" for e in catalog.EXERCISES]
    return "\n".join(lines) + "\n"


# --- what to check ------------------------------------------------------------------------------


def source_to_check(folder: Path, exercise: Exercise) -> tuple[Path | None, str, str]:
    """(file, code, what to call it) of the learner's current attempt: the .py file, or the
    notebook's exercise cell when only the notebook has been edited."""
    py_file = Path(folder) / exercise.filename
    notebook_file = Path(folder) / "notebooks" / exercise.notebook
    py_text = py_file.read_text() if py_file.exists() else None
    if (py_text is None or py_text == exercise.stub()) and notebook_file.exists():
        try:
            code = notebooks.exercise_code(notebook_file.read_text())
        except Exception:  # an unreadable notebook is not the learner's attempt; fall back
            code = None
        if code is not None and code.strip() != notebooks.split_stub(exercise.stub())[1].strip():
            return notebook_file, code, f"notebooks/{exercise.notebook}, exercise cell"
    if py_text is None:
        raise NoWorkspace(f"{py_file} is missing (run start again to restore it)")
    return py_file, py_text, exercise.filename


def fingerprint(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()[:16]


# --- state --------------------------------------------------------------------------------------


def load_state(folder: Path) -> dict:
    try:
        return json.loads((Path(folder) / STATE).read_text())
    except (OSError, ValueError):
        return {"hints": {}}


def generation_of(folder: Path) -> str:
    """The Keras generation the workspace was started for: its models, and the process checking it."""
    return load_state(folder).get("keras", generation.DEFAULT)


def save_state(folder: Path, state: dict) -> None:
    (Path(folder) / STATE).write_text(json.dumps(state, indent=1) + "\n")


def next_hint(folder: Path, exercise: Exercise) -> tuple[int, str]:
    """Reveal one more hint (1-based number, text); after the last, keep showing the last."""
    state = load_state(folder)
    shown = min(state.setdefault("hints", {}).get(exercise.name, 0) + 1, len(exercise.hints))
    state["hints"][exercise.name] = shown
    save_state(folder, state)
    return shown, exercise.hints[shown - 1]


def _progress_file(folder: Path) -> Path:
    key = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:16]
    return cache_root() / "exercise-progress" / f"{key}.json"


def load_progress(folder: Path) -> dict:
    try:
        return json.loads(_progress_file(folder).read_text())
    except (OSError, ValueError):
        return {}


def record_result(folder: Path, exercise: Exercise, code: str, passed: bool) -> None:
    """Remember the outcome of a check. Checks may run at once (two terminals, `watch` and `check`):
    a lock makes each read-modify-write whole, and each writer has its own temporary file. A cache
    that cannot be written costs only the record, with one warning: the check itself stands."""
    import fcntl
    import os
    import sys

    path = _progress_file(folder)
    staging = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
            progress = load_progress(folder)
            progress[exercise.name] = {"fingerprint": fingerprint(code), "passed": passed}
            handle, staging = tempfile.mkstemp(dir=path.parent, prefix=f"{path.stem}-", suffix=".tmp")
            with os.fdopen(handle, "w") as out:
                out.write(json.dumps(progress, indent=1))
            os.replace(staging, path)
            staging = None
    except OSError as error:
        print(f"warning: could not record this result in {path.parent} ({error.strerror or error}); "
              "`list` will not show it", file=sys.stderr)
    finally:
        if staging is not None:
            Path(staging).unlink(missing_ok=True)


def status(folder: Path, exercise: Exercise) -> str:
    """"done", "not done", "not started" or "changed since last check"."""
    try:
        _, code, _ = source_to_check(folder, exercise)
    except NoWorkspace:
        return "missing"
    if code == exercise.stub():
        return "not started"
    recorded = load_progress(folder).get(exercise.name)
    if recorded and recorded["fingerprint"] == fingerprint(code):
        return "done" if recorded["passed"] else "not done"
    return "changed since last check"
