"""One folder is one whole lesson: the machinery finds a scenario, its page and its exercises by
looking at folders, so adding a lesson is adding a folder. Proved on a package made here."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest

from scenarios.machinery import registry
from scenarios.machinery.docsite import notebooks
from scenarios.machinery.exercises import catalog

LESSON = '''
from scenarios.machinery.declare import Case, MatchesOracle, Scenario

SCENARIO = Scenario(
    name="made_here", title="Made here: a lesson in a temporary package", summary="proves discovery",
    task="multiclass", train="lessons_made_here.made_here.train:train",
    cases=(Case(name="fix", title="the fix", serve="lessons_made_here.made_here.serve:predict",
                expect=MatchesOracle(), why="it matches"),),
)
'''
CHECK = '''
from scenarios.machinery.exercises.catalog import Exercise

EXERCISE = Exercise(number=99, title="Made here", function="predict", hints=("one", "two"))
'''


@pytest.fixture
def made_here(tmp_path, monkeypatch):
    """A package holding one lesson folder (declaration, exercise), and none of the real ones."""
    package = tmp_path / "lessons_made_here"
    lesson = package / "made_here"
    exercise = lesson / "exercises" / "predict_here"
    (exercise / "attempts").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (lesson / "__init__.py").write_text(textwrap.dedent(LESSON))
    (lesson / "exercises" / "__init__.py").write_text("")
    (exercise / "__init__.py").write_text("")
    (exercise / "check.py").write_text(textwrap.dedent(CHECK))
    (exercise / "stub.py").write_text('"""Made here."""\n\ndef predict(model_path, rows):\n    return None  # TODO\n')
    (exercise / "attempts" / "returns_nothing.py").write_text("# expect: returned_none\n")
    (lesson / "not_a_lesson").mkdir()  # a folder without a SCENARIO is passed by
    (lesson / "not_a_lesson" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("lessons_made_here")
    for name in [m for m in sys.modules if m.startswith("lessons_made_here")]:
        del sys.modules[name]


def test_a_lesson_folder_in_any_package_is_discovered_with_its_exercise(made_here, monkeypatch):
    found = registry.discover(made_here)
    assert list(found) == ["made_here"]
    assert found["made_here"].SCENARIO.name == "made_here"

    (exercise,) = catalog.discover(found)
    assert (exercise.name, exercise.scenario, exercise.number) == ("predict_here", "made_here", 99)
    assert exercise.filename == "99_predict_here.py"
    assert "TODO" in exercise.stub()
    assert [p.name for p in exercise.attempts()] == ["returns_nothing.py"]

    # Without a page.py of its own, the lesson gets the generic page rendered from its declaration.
    real = registry.lessons()
    monkeypatch.setattr(registry, "lessons", lambda: {**real, **found})
    assert notebooks.page_for("made_here").generic
    assert registry.folder("made_here") == Path(made_here.__file__).parent / "made_here"


def test_each_real_lesson_folder_is_whole():
    for name in registry.names():
        folder = registry.folder(name)
        for part in ("__init__.py", "__main__.py", "train.py", "serve_broken.py", "serve_fixed.py", "page.py"):
            assert (folder / part).is_file(), f"{name} has no {part}"
    for exercise in catalog.EXERCISES:
        assert exercise.folder.parent.parent == registry.folder(exercise.scenario)
        for part in ("check.py", "stub.py", "solution.py"):
            assert (exercise.folder / part).is_file(), f"{exercise.name} has no {part}"
    numbers = [exercise.number for exercise in catalog.EXERCISES]
    assert numbers == sorted(set(numbers)), "exercise numbers give one order"
