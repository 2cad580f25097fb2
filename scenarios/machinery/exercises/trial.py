"""The fresh process that runs a learner's code: import their file, call their function, judge.

Started by scenarios.machinery.exercises.checker through scenarios.machinery.fresh, so it is a pristine interpreter that
has imported Keras and nothing else: no custom loss, no fitted scaler, nothing the training run
defined, exactly like a real serving process. A crash or an endless loop in the learner's code
kills only this process (the checker's time limit), never the checker.

main([exercise, source_file, artifacts_dir, result_file]) writes the check's result as JSON.
"""

from __future__ import annotations

import importlib
import importlib
import importlib.util
import json
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from scenarios.machinery.child import where_it_raised
from scenarios.machinery.quiet import clean, key_message


@dataclass
class Called:
    """What one call of the learner's function did: returned `value`, or raised (`raised`)."""

    value: object = None
    raised: dict | None = None


def brief(message: str, limit: int = 300) -> str:
    """The part of an exception message a learner needs: the cause, as the reports show it
    (key_message), without the JSON config some messages append, and with Keras's description of
    the input tensor shortened to the shapes."""
    text = key_message(clean(message), limit=None)
    text = re.split(r"\s*(?:Full object config|Config:|config=)", text)[0]
    text = re.sub(r"Invalid input shape for input Tensor\(.*?dtype=\w+\)(?: with name '[^']*' and path '[^']*')?\.",
                  "Invalid input shape.", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_error(error: BaseException, source_file: str) -> dict:
    if isinstance(error, SyntaxError) and error.filename and Path(error.filename).name == Path(source_file).name:
        where = {"file": Path(source_file).name, "lineno": error.lineno, "line": (error.text or "").strip()}
    else:
        where = where_it_raised(error, source_file)
    own = where["file"] == Path(source_file).name
    return {"type": type(error).__name__, "message": brief(str(error)), "own": own, **where}


class Trial:
    """The learner's function plus what a check needs: the held-back probe and the model files."""

    def __init__(self, exercise, source_file: Path, artifacts: Path, function, module):
        import numpy as np

        self.exercise = exercise
        self.source_file = Path(source_file)
        self.source = self.source_file.read_text()
        self.artifacts = Path(artifacts)
        self.function = function
        self.module = module
        with np.load(self.artifacts / "probe.npz") as probe:
            self.probe = dict(probe)

    def path(self, name: str) -> str:
        return str(self.artifacts / name)

    def call(self, *args) -> Called:
        try:
            return Called(value=self.function(*args))
        # The learner's failure is a result to report, not a crash; sys.exit() included.
        except (Exception, SystemExit) as error:
            return Called(raised=describe_error(error, str(self.source_file)))

    def function_source(self) -> str:
        import inspect

        try:
            return inspect.getsource(self.function)
        except (OSError, TypeError):
            return self.source


def load_learner_module(source_file: Path):
    # The workspace folder goes on sys.path so that a learner may import a helper module of their
    # own from it (for example a losses.py holding a registered custom loss).
    sys.path.insert(0, str(source_file.parent))
    # No __pycache__ folder in the learner's workspace: a check must leave it exactly as it was.
    sys.dont_write_bytecode = True
    spec = importlib.util.spec_from_file_location(f"learner_{source_file.stem}", source_file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run(exercise_name: str, source_file: str, artifacts_dir: str) -> dict:
    from scenarios.machinery.exercises import catalog, checks

    exercise = catalog.get(exercise_name)
    source_file = Path(source_file)
    try:
        module = load_learner_module(source_file)
    except (Exception, SystemExit) as error:
        raised = describe_error(error, str(source_file))
        return checks.failed(
            "import_failed",
            f"{source_file.name} could not be imported",
            expected=f"a module that defines {exercise.function}()",
            got=checks.raised_text(raised),
        )
    function = getattr(module, exercise.function, None)
    if not callable(function):
        return checks.failed(
            "no_function",
            f"{source_file.name} has no function {exercise.function}()",
            expected=f"a function named {exercise.function}",
            got="no such function (was it renamed?)",
        )
    trial = Trial(exercise, source_file, Path(artifacts_dir), function, module)
    return importlib.import_module(exercise.module).check(trial)


def main(argv: list[str]) -> None:
    exercise_name, source_file, artifacts_dir, result_file = argv
    try:
        result = run(exercise_name, source_file, artifacts_dir)
    except Exception:
        # A bug in the check itself, or the learner's code broke it: say so, keep the details in the log.
        traceback.print_exc()
        result = {"passed": False, "mistake": "checker_error", "summary": "the check itself failed; see the log"}
    Path(result_file).write_text(json.dumps(result, indent=1, default=str))

