"""Checking a learner's file: run it in a fresh process against the trained models, report in words.

This side never imports TensorFlow. The models the check uses come from the training cache
(runner.ensure_trained into a private temporary folder), not from the workspace: a check must not
depend on files the learner may have changed, and must never write into the workspace.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
import textwrap
from pathlib import Path

from scenarios.machinery import fresh, registry, runner
from scenarios.machinery.exercises.catalog import Exercise
from scenarios.machinery.quiet import clean

TIME_LIMIT = 60.0  # seconds for one exercise's whole check; learner code may loop forever

_artifacts: dict[str, Path] = {}


def artifacts_for(scenario_name: str, into: Path | None = None) -> Path:
    """The scenario's trained files (model files, probe with the held-back data), trained once and
    cached, copied into a folder private to this process (or `into`)."""
    if scenario_name not in _artifacts:
        if into is None:
            into = Path(tempfile.mkdtemp(prefix=f"exercise-{scenario_name}-"))
            atexit.register(shutil.rmtree, into, True)
        runner.ensure_trained(registry.get(scenario_name), Path(into))
        _artifacts[scenario_name] = Path(into)
    return _artifacts[scenario_name]


def check_file(exercise: Exercise, source_file: Path, artifacts: Path | None = None, timeout: float = TIME_LIMIT) -> dict:
    """Run the exercise's check on `source_file` in a fresh process; return its result dict."""
    artifacts = artifacts or artifacts_for(exercise.scenario)
    with tempfile.TemporaryDirectory(prefix="exercise-check-") as scratch:
        result_file = Path(scratch) / "result.json"
        log_file = Path(scratch) / "trial.log"
        status = fresh.run(
            "scenarios.machinery.exercises.trial:main",
            [exercise.name, str(Path(source_file).resolve()), str(artifacts), str(result_file)],
            log_file, timeout, cwd=scratch,
        )
        if result_file.exists():
            result = json.loads(result_file.read_text())
        elif status < 0:
            result = {
                "passed": False, "mistake": "timeout",
                "summary": f"your code did not finish within {timeout:g} seconds and was stopped",
                "advice": "Look for a loop that never ends, or something waiting for input.",
            }
        else:
            # The process died before writing a result: os._exit() or a crash in native code. Its
            # log holds TensorFlow's own notices, so it is not shown; the status says enough.
            result = {
                "passed": False, "mistake": "crashed",
                "summary": f"the process running your code ended abruptly (exit status {status})",
                "advice": "Look for os._exit(), or a call that crashes the interpreter.",
            }
    result["file"] = str(source_file)
    return result


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
