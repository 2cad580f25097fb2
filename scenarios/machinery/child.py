"""The fresh process: trains a scenario's model, or serves it, and records what happened.

Called as main(["train"|"serve", ...]) in a fresh process by scenarios.machinery.runner, never by hand. A serving
child imports only the serving modules it is told to, so whatever training defined (a custom loss,
a fitted scaler) is absent, exactly as in a real serving script. Cases run in their declared order,
broken ones first, so nothing a fix loads can help a broken case succeed.
"""

from __future__ import annotations

import importlib
import json
import linecache
import os
import sys
import time
import traceback
from pathlib import Path

import numpy as np

from scenarios.machinery import generation, registry
from scenarios.machinery.artifacts import PROBE, TRAINED, installed_versions, model_path
from scenarios.machinery.quiet import clean


def resolve(target: str):
    module_name, function_name = target.split(":")
    return getattr(importlib.import_module(module_name), function_name)


def describe_error(error: BaseException, own_file: str | None) -> dict:
    """What was raised and where: its type, its message (without ANSI codes), and the last line of
    `own_file` (the serving code, or a learner's file) that was running; the last frame when none
    was. `own` says whether the line is in `own_file`. One describer for scenarios and exercises."""
    own_path = Path(own_file).resolve() if own_file else None
    if isinstance(error, SyntaxError) and error.filename and own_path and Path(error.filename).resolve() == own_path:
        where = {"file": own_path.name, "lineno": error.lineno, "line": (error.text or "").strip(), "own": True}
    else:
        frames = traceback.extract_tb(error.__traceback__)
        own = [f for f in frames if own_path and Path(f.filename).resolve() == own_path]
        frame = own[-1] if own else (frames[-1] if frames else None)
        if frame is None:
            where = {"file": "", "lineno": 0, "line": "", "own": False}
        else:
            line = (frame.line or linecache.getline(frame.filename, frame.lineno)).strip()
            where = {"file": Path(frame.filename).name, "lineno": frame.lineno, "line": line, "own": bool(own)}
    return {"type": type(error).__name__, "message": clean(str(error)), **where}


def serve_case(case, workdir: Path, fmt: str, probe) -> dict:
    before = set(os.listdir(workdir))
    outcome = _serve_case(case, workdir, fmt, probe)
    # Files the case left behind: serving code should write none, so any that appear are evidence.
    outcome["new_files"] = sorted(set(os.listdir(workdir)) - before - {"predictions"})
    return outcome


def _serve_case(case, workdir: Path, fmt: str, probe) -> dict:
    request = probe[case.request]
    started = time.perf_counter()
    serve_file = None
    try:
        function = resolve(case.serve)
        serve_file = sys.modules[function.__module__].__file__
        path = str(model_path(workdir, case.model, fmt))
        if case.batch_size:
            chunks = [request[i : i + case.batch_size] for i in range(0, len(request), case.batch_size)]
            predictions = np.concatenate([np.asarray(function(path, chunk)) for chunk in chunks])
        else:
            predictions = np.asarray(function(path, request))
    except Exception as error:  # the outcome under study, recorded rather than raised
        return {
            "raised": describe_error(error, serve_file),
            "seconds": time.perf_counter() - started,
        }
    predictions_file = workdir / "predictions" / f"{fmt}-{case.name}.npy"
    predictions_file.parent.mkdir(exist_ok=True)
    np.save(predictions_file, predictions)
    # Relative to the workdir, so that a recorded run can be judged again wherever it is copied.
    predictions = str(predictions_file.relative_to(workdir))
    return {"raised": None, "predictions": predictions, "seconds": time.perf_counter() - started}


def imported_versions() -> dict[str, str]:
    """The versions of the modules this process actually runs, not merely what pip installed, and
    its Keras generation. (scikit-learn is read from its metadata: importing it only to ask would
    cost every serving run.)"""
    import keras  # in a Keras 2 process, tf_keras (scenarios.machinery.generation)
    import tensorflow as tf

    running = generation.current()
    return {**installed_versions(), "generation": running, "tensorflow": tf.__version__,
            generation.LIBRARY[running]: keras.__version__, "numpy": np.__version__}


def main(argv: list[str]) -> None:
    command, scenario_name, workdir, result_file, *rest = argv
    scenario = registry.get(scenario_name)
    workdir = Path(workdir)
    if command == "train":
        import keras  # deferred so that a serving child decides what it imports

        keras.utils.set_random_seed(0)
        started = time.perf_counter()
        info = resolve(scenario.train)(workdir)
        info = {**info, "seconds": time.perf_counter() - started, "generation": generation.current(),
                "versions": installed_versions()}
        (workdir / TRAINED).write_text(json.dumps(info, indent=2))
        result = info
    else:
        (fmt,) = rest
        with np.load(workdir / PROBE) as probe:
            probe = dict(probe)
        result = {
            "versions": imported_versions(),
            "outcomes": {case.name: serve_case(case, workdir, fmt, probe)
                         for case in scenario.cases if case.applies_on(generation.current(), fmt)},
        }
    Path(result_file).write_text(json.dumps(result, indent=2))


