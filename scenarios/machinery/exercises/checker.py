"""Checking a learner's file: run it in a sandbox, bring back what it returned, judge it here.

This side never imports TensorFlow and never imports or executes the learner's code. For each
check it makes a scratch folder with a *box* (copies of the model files the exercise hands out,
and the learner's working directory) and an *out* folder (the request arrays going in, what came
back, the evidence a tampered model file leaves when its code runs). The sandbox
(scenarios.machinery.exercises.sandbox) runs the learner's function there, in a process that cannot
read the training cache, and kills everything it started before it reports. The answers (the
original model's predictions, and the predictions of the usual wrong fixes, computed by trusted
code in a fresh process of their own) stay in this process, which judges with the same comparison
the scenarios use (scenarios.machinery.verdict).
"""

from __future__ import annotations

import importlib
import json
import shutil
import textwrap
from pathlib import Path

import numpy as np

from scenarios.machinery import fresh, generation, registry, runner, scratch
from scenarios.machinery.artifacts import PROBE, cache_root
from scenarios.machinery.exercises import sandbox
from scenarios.machinery.exercises.catalog import Exercise
from scenarios.machinery.exercises.checks import Answers, crashed, failed, preamble
from scenarios.machinery.quiet import clean

TIME_LIMIT = 60.0  # seconds for one exercise's whole check; learner code may loop forever
# The sandbox's supervisor enforces TIME_LIMIT itself; this outer margin only catches a supervisor
# that could not (it is never shorter, or the learner's processes could outlive a killed supervisor).
_OUTER_MARGIN = 30.0
_MAX_RESULT_BYTES = 256 * 2**20

_artifacts: dict[tuple[str, str], Path] = {}


def artifacts_for(scenario_name: str, into: Path | None = None, keras: str = generation.DEFAULT) -> Path:
    """The scenario's trained files (model files, probe with the held-back data) for Keras generation
    `keras`, trained once and cached, copied into a folder private to this process (or `into`)."""
    if (scenario_name, keras) not in _artifacts:
        if into is None:
            into = scratch.make(f"exercise-{scenario_name}-")
        runner.ensure_trained(registry.get(scenario_name), Path(into), keras)
        _artifacts[scenario_name, keras] = Path(into)
    return _artifacts[scenario_name, keras]


def check_module(exercise: Exercise):
    return importlib.import_module(exercise.module)


def check_file(exercise: Exercise, source_file: Path, artifacts: Path | None = None, timeout: float = TIME_LIMIT,
               keras: str = generation.DEFAULT) -> dict:
    """Run the learner's `source_file` through the exercise's calls in a sandbox of Keras generation
    `keras` (against models trained on it); judge what came back."""
    artifacts = artifacts or artifacts_for(exercise.scenario, keras=keras)
    check = check_module(exercise)
    with np.load(Path(artifacts) / PROBE) as stored:
        probe = dict(stored)
    calls = check.calls(probe)
    source_file = Path(source_file).resolve()
    with scratch.folder("exercise-check-") as scratch_folder:
        box, out = scratch_folder / "box", scratch_folder / "out"
        box.mkdir()
        (out / sandbox.EVIDENCE_DIR).mkdir(parents=True)
        for inside, artifact in check.files(Path(artifacts)).items():
            (box / inside).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(Path(artifacts) / artifact, box / inside)
        np.savez(out / sandbox.INPUTS, **{name: array for call in calls for name, array in call.arrays().items()})
        spec = {
            "source": str(source_file), "learner_folder": str(source_file.parent),
            "function": exercise.function, "box": str(box), "out": str(out), "timeout": timeout,
            "forbidden": [str(cache_root()), str(Path(artifacts).resolve()), str(scratch_folder)],
            "calls": [call.spec() for call in calls],
        }
        (scratch_folder / "spec.json").write_text(json.dumps(spec))
        log_file = scratch_folder / "sandbox.log"
        fresh.run("scenarios.machinery.exercises.sandbox:main", [str(scratch_folder / "spec.json")], log_file,
                  timeout + _OUTER_MARGIN, cwd=str(box), keras=keras)
        answers = _read_answers(out, calls, source_file)
        evidence = sorted(p.name for p in (out / sandbox.EVIDENCE_DIR).iterdir())
    if isinstance(answers, dict):  # the learner's code never got to answer
        result = answers if answers["mistake"] != "timeout" else {**answers, "summary": answers["summary"].format(timeout=timeout)}
    else:
        answers.evidence = evidence
        result = preamble(answers, exercise.function, source_file.name) or check.judge(
            answers, probe, Alternatives(exercise, artifacts, keras))
        result = _other_generation(result, keras)
    result["file"] = str(source_file)
    return result


def _other_generation(result: dict, keras: str) -> dict:
    """A model file read by the other Keras generation fails in words that never say so: say it."""
    if result["passed"] or "batch_shape" not in str(result.get("got", "")):
        return result
    wrote, read = ("Keras 3", "tf.keras 2 (tf_keras, or tf.keras under TF_USE_LEGACY_KERAS=1)") if keras == "3" else (
        "tf.keras 2", "Keras 3")
    return {**result, "mistake": "other_generation", "summary": "the model file was read by the other Keras generation",
            "advice": (f"These model files were saved by {wrote}, and your code loaded them with {read}, which does "
                       f"not know the 'batch_shape' that {wrote} writes. Use the same generation on both sides: "
                       + ("import keras (Keras 3) here, or start a tf.keras 2 workspace: "
                          "python -m scenarios.exercises start DIR --keras 2." if keras == "3" else
                          "this workspace is tf.keras 2; `import keras` gives you tf.keras 2 in the check."))}


def _read_answers(out: Path, calls, source_file: Path):
    try:
        status = json.loads((out / sandbox.STATUS).read_text())
    except (OSError, ValueError):
        status = {"status": "exited", "code": None}
    if status["status"] == "timeout":
        return failed("timeout", "your code did not finish within {timeout:g} seconds and was stopped",
                      advice="Look for a loop that never ends, or something waiting for input.")
    if status["status"] != "exited" or status.get("code") != 0:
        return crashed(status.get("code"))
    try:
        if sum(p.stat().st_size for p in (out / sandbox.RESULTS, out / sandbox.ARRAYS)) > _MAX_RESULT_BYTES:
            return crashed(None)
        results = json.loads((out / sandbox.RESULTS).read_text())
        with np.load(out / sandbox.ARRAYS, allow_pickle=False) as stored:
            arrays = dict(stored)
        return Answers.from_results(results, arrays, calls, source_file)
    except (OSError, ValueError, KeyError, TypeError):
        return crashed(None)


class Alternatives:
    """What the usual wrong fixes predict, computed by the exercise's trusted `alternatives()` in a
    fresh process of its own, only when an answer needs explaining, once per exercise and process."""

    _computed: dict[tuple[str, str], dict] = {}

    def __init__(self, exercise: Exercise, artifacts: Path, keras: str = generation.DEFAULT):
        self.exercise, self.artifacts, self.keras = exercise, Path(artifacts), keras

    def __getitem__(self, name: str) -> np.ndarray:
        key = (self.exercise.name, str(self.artifacts))
        if key not in self._computed:
            self._computed[key] = self._compute()
        return self._computed[key][name]

    def _compute(self) -> dict:
        with scratch.folder("exercise-alternatives-") as scratch_folder:
            result = scratch_folder / "alternatives.npz"
            status = fresh.run("scenarios.machinery.exercises.checker:compute_alternatives",
                               [self.exercise.module, str(self.artifacts), str(result)], scratch_folder / "log",
                               timeout=300, cwd=str(scratch_folder), keras=self.keras)
            if status != 0:
                tail = clean((scratch_folder / "log").read_text(errors="replace")).strip().splitlines()[-3:]
                raise runner.ChildFailed(f"computing {self.exercise.name}'s alternatives failed: " + " / ".join(tail))
            with np.load(result, allow_pickle=False) as stored:
                return dict(stored)


def compute_alternatives(argv: list[str]) -> None:
    """In a fresh, trusted process: the exercise's alternatives() on the trained files."""
    module, artifacts, result = argv
    with np.load(Path(artifacts) / PROBE) as stored:
        probe = dict(stored)
    np.savez(result, **importlib.import_module(module).alternatives(Path(artifacts), probe))


def report(exercise: Exercise, result: dict, shown_as: str | None = None) -> str:
    """The result as a learner reads it: what was called, what was expected, what came back."""
    where = shown_as or Path(result.get("file", exercise.filename)).name
    if result["passed"]:
        return f"✓ {exercise.name} ({where}): {result['summary']}."
    lines = [f"✗ {exercise.name} ({where}): {result['summary']}."]
    for label in ("call", "expected", "got"):
        if result.get(label):
            text = clean(str(result[label]))
            first, *rest = text.splitlines()
            lines.append(f"  {label.capitalize() + ':':9} {first}")
            lines.extend(f"  {'':9} {line}" for line in rest)
    if result.get("advice"):
        lines.extend(textwrap.wrap(clean(result["advice"]), width=96, initial_indent="  ",
                                   subsequent_indent="  "))
    return "\n".join(lines)
