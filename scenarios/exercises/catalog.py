"""The exercises: which scenario each one belongs to, the function the learner completes, the hints.

Plain data, like the scenario declarations: the CLI can list exercises and show hints without
importing TensorFlow. The stub a learner edits is stubs/<file>, the reference solution is
solutions/<file>; the metadata and the behavioural check (run in a fresh process) live in
library/<name>.py, one module per exercise.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Exercise:
    number: int
    name: str
    scenario: str
    title: str
    # The function the learner completes and the checker calls.
    function: str
    hints: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"{self.number:02d}_{self.name}.py"

    @property
    def notebook(self) -> str:
        return f"{self.number:02d}_{self.name}.ipynb"

    def stub(self) -> str:
        return (HERE / "stubs" / self.filename).read_text()

    def solution(self) -> str:
        return (HERE / "solutions" / self.filename).read_text()

    def check(self, trial) -> dict:
        """Judge the learner's function (inside the fresh trial process): library/<name>.py's check."""
        return importlib.import_module(f"scenarios.exercises.library.{self.name}").check(trial)


def _discover() -> tuple[Exercise, ...]:
    """Every module in library/ declares one exercise; they are numbered in the order to take them."""
    from scenarios.exercises import library

    found = [importlib.import_module(f"{library.__name__}.{info.name}").EXERCISE
             for info in pkgutil.iter_modules(library.__path__)]
    return tuple(sorted(found, key=lambda exercise: exercise.number))


EXERCISES = _discover()


def names() -> list[str]:
    return [exercise.name for exercise in EXERCISES]


def get(name: str) -> Exercise:
    """Look an exercise up by its name, its number ("1", "01") or its file name."""
    for exercise in EXERCISES:
        if name in (exercise.name, exercise.filename, exercise.filename[:-3], str(exercise.number),
                    f"{exercise.number:02d}"):
            return exercise
    raise KeyError(name)
