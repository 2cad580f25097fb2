"""The exercises, found in the lessons' folders: <lesson>/exercises/<name>/.

Each exercise folder holds the stub the learner edits (stub.py), the reference solution
(solution.py), the learner-style attempts the tests use (attempts/), and check.py: the metadata
(number, title, the function to complete, hints) as EXERCISE, and the check. Its name comes from
its folder and its scenario from the lesson it sits in, so adding one is adding a folder.

Plain data: the CLI can list exercises and show hints without importing TensorFlow.
"""

from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from scenarios.machinery import registry


@dataclass(frozen=True)
class Exercise:
    number: int
    title: str
    # The function the learner completes and the checker calls.
    function: str
    hints: tuple[str, ...]
    # The Keras generations a learner may work in ("3", and "2" for tf.keras 2), and, when it is
    # Keras 3 only, why.
    generations: tuple[str, ...] = ("3", "2")
    keras3_only_why: str = ""
    # Filled in from the folder the exercise is found in.
    name: str = ""
    scenario: str = ""
    folder: Path | None = None

    @property
    def filename(self) -> str:
        return f"{self.number:02d}_{self.name}.py"

    @property
    def notebook(self) -> str:
        return f"{self.number:02d}_{self.name}.ipynb"

    @property
    def module(self) -> str:
        """The check module, for importing it: scenarios.<lesson>.exercises.<name>.check."""
        return f"scenarios.{self.scenario}.exercises.{self.name}.check"

    def stub(self) -> str:
        return (self.folder / "stub.py").read_text()

    def solution(self) -> str:
        return (self.folder / "solution.py").read_text()

    def attempts(self) -> list[Path]:
        return sorted((self.folder / "attempts").glob("*.py"))


def discover(lessons: dict[str, ModuleType]) -> tuple[Exercise, ...]:
    """Every <lesson>/exercises/<name>/check.py declares one exercise; they are numbered in the order
    to take them."""
    found = []
    for lesson, module in lessons.items():
        for check in sorted(Path(module.__file__).resolve().parent.glob("exercises/*/check.py")):
            name = check.parent.name
            declared = importlib.import_module(f"{module.__name__}.exercises.{name}.check").EXERCISE
            found.append(dataclasses.replace(declared, name=name, scenario=lesson, folder=check.parent))
    return tuple(sorted(found, key=lambda exercise: exercise.number))


EXERCISES = discover(registry.lessons())


def names() -> list[str]:
    return [exercise.name for exercise in EXERCISES]


def get(name: str) -> Exercise:
    """Look an exercise up by its name, its number ("1", "01") or its file name."""
    for exercise in EXERCISES:
        if name in (exercise.name, exercise.filename, exercise.filename[:-3], str(exercise.number),
                    f"{exercise.number:02d}"):
            return exercise
    raise KeyError(name)
