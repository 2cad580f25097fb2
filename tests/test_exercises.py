"""The exercises: every stub fails, every reference solution passes, learners' other correct
solutions pass, their usual wrong fixes fail with the message aimed at them, and the workspace
commands keep the learner's work safe.

Checks run the way learners run them: in a fresh process forked from the warm interpreter
(scenarios.machinery.fresh), against trained artifacts copied once per session from the training cache.
Attempts live in each exercise's attempts/ folder, one file each, first line `# expect: <mistake id>`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from scenarios.machinery.exercises import catalog, checker, cli, notebooks, workspace

PROJECT = Path(__file__).resolve().parent.parent

# Words each wrong fix's message must contain: proof that the learner is told about *that* mistake.
TARGETED = {
    "wrong_order": "order='F'",
    "silenced": "try/except",
    "refit_on_request": "fitted on the rows being scored",
    "pickle": "pickle",
    "safe_mode": "safe_mode=False",
    "not_compiled": "compile=False",
    "wrong_loss": "mean of the squared differences",
    "raised": "single row",
    "no_scaling": "standardized",
    "batch_kept": "first (only) row",
    "returned_labels": "probability of every class",
    "wrong_scaling": "Scale once, by 1 / 16",
    "not_finite": "division by zero",
    "rounded": "round only when you display it",
    "softmax_twice": "already returns probabilities",
    "logits": "gives exactly the model's probabilities",
    "not_probabilities": "changed them after predict()",
    "per_image_statistic": "the same constant, 16.0",
    "integer_division": "floor division",
    "inverse_scaling": "undoes a standardization",
    "normalization_not_applied": "finalize_state()",
    "variance_not_squared": "square of the scale",
    "scaled_twice": "applies the scaling twice",
    "compiled_without_loss": "with no loss",
    "registered_name": "looks up \"custom_loss\" exactly",
    "broadcast_loss": "broadcast to a",
    # The same mistake id, aimed differently in another exercise.
    ("predict_one_digit", "raised"): "batch axis at the front",
    ("predict_one_digit", "wrong_order"): "without reordering",
    ("predict_one_digit", "wrong_shape"): "predictions[0]",
    ("predict_digits", "wrong_shape"): "np.resize never complains",
    # One attempt (exercise/attempt) among several with the same mistake id, aimed at its own cause.
    "predict_digits/channels_first": "channels-last by default",
    "predict_one_digit/flattened": "one flat row of pixels",
    "predict_one_digit/channels_first": "channels-last by default",
    "classify_digits/zscore_on_request": "standardized with the request's mean and spread",
    "classify_digits/divided_by_each_image_max": "divided by its own brightest pixel",
    "classify_digits/normalized_rows": "its own length",
    "classify_digits/zscore_each_image": "standardized with its own mean and spread",
    # Exercise 11 (classify_uint8_images): its own words for the mistake ids it shares.
    ("classify_uint8_images", "no_scaling"): "trained on pixels / 255",
    ("classify_uint8_images", "scaled_twice"): "Scale exactly once",
    ("classify_uint8_images", "wrong_constant"): "divided by exactly 255",
    ("classify_uint8_images", "per_image_statistic"): "one constant, 255",
    ("classify_uint8_images", "refit_on_request"): "statistic of the images sent",
    # Exercise 10 (classify_png).
    "classify_png/first_three_channels": "only one channel to take",
    "classify_png/transposed_channels": "channel axis first",
    ("classify_png", "to_gray"): "throws the colour away",
    ("classify_png", "channel_order"): "OpenCV's order",
    ("classify_png", "gray_in_one_channel"): "three equal values",
    # Exercise 9 (load_checked_model).
    "load_checked_model/object_without_extension": "lfs-object-<oid> has none",
    ("load_checked_model", "unclear_error"): "sends them looking in the wrong place",
    # Exercise 7 (load_teachable_machine_model): tf.keras 2 files loaded in Keras 3.
    ("load_teachable_machine_model", "shim_ignored"): "without looking at custom_objects",
    ("load_teachable_machine_model", "compile_false"): "not the layers",
    ("load_teachable_machine_model", "architecture_differs"): "DepthwiseConv2D included",
    # Exercise 8 (serve_exported_model): a SavedModel served with Keras 3.
    ("serve_exported_model", "raised"): "keras.layers.TFSMLayer",
    ("serve_exported_model", "argmax_of_dict"): "the argmax of one object is 0",
    ("serve_exported_model", "returned_dict"): "a dict of named outputs",
    ("serve_exported_model", "argmax_without_axis"): "along the class axis",
    # Exercise 6 (load_digit_model): a custom layer class the serving process must hand to Keras.
    ("load_digit_model", "raised"): 'custom_objects={"Standardize": Standardize}',
    "load_digit_model/class_defined_not_given": "does not look for classes in your module",
    ("load_digit_model", "compile_false"): "always rebuilds",
    ("load_digit_model", "registered_name"): "Custom>Standardize",
    ("load_digit_model", "init_without_kwargs"): "**kwargs on to super().__init__()",
    ("load_digit_model", "wrong_math"): "matches the class only by the name",
    "load_digit_model/centered_only": "never divided by the std",
    "load_digit_model/variance_instead_of_std": "divided by the variance",
}
NOISE = re.compile(r"\x1b\[|oneDNN|cuda|tensorflow/core|absl|Traceback \(most recent call last\)", re.I)


def attempts() -> list[Path]:
    """Every learner-style attempt: <lesson>/exercises/<name>/attempts/<what it does>.py."""
    return [path for exercise in catalog.EXERCISES for path in exercise.attempts()]


def expected_verdict(path: Path) -> str:
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect: "), path
    return first.removeprefix("# expect: ").strip()


def exercise_of(path: Path) -> catalog.Exercise:
    return catalog.get(path.parent.parent.name)


@pytest.fixture(scope="session")
def exercise_artifacts(tmp_path_factory):
    """Each scenario's trained files, copied once per session from the training cache (training
    happens only if the cache is cold), shared by every check in this file."""
    root = tmp_path_factory.mktemp("exercise-artifacts")
    return {name: checker.artifacts_for(name, into=root / name)
            for name in dict.fromkeys(e.scenario for e in catalog.EXERCISES)}


def run_check(exercise, source: Path, artifacts: dict, **options) -> tuple[dict, str]:
    result = checker.check_file(exercise, source, artifacts[exercise.scenario], **options)
    text = checker.report(exercise, result)
    assert not NOISE.search(text), text
    return result, text


# --- the author check: stubs fail, solutions pass ----------------------------------------------


@pytest.mark.parametrize("name", catalog.names())
def test_the_untouched_stub_fails_and_the_reference_solution_passes(name, exercise_artifacts, tmp_path):
    exercise = catalog.get(name)
    (tmp_path / "stub").mkdir()
    (tmp_path / "solution").mkdir()
    stub = tmp_path / "stub" / exercise.filename
    solution = tmp_path / "solution" / exercise.filename
    stub.write_text(exercise.stub())
    solution.write_text(exercise.solution())

    result, text = run_check(exercise, stub, exercise_artifacts)
    assert not result["passed"], text
    # The stub fails as the scenario does, not because the checker broke.
    assert result["mistake"] in {"raised", "no_scaling"}, text
    assert "Expected:" in text and "Got:" in text
    assert "TODO" in exercise.stub() and "TODO" not in exercise.solution()

    result, text = run_check(exercise, solution, exercise_artifacts)
    assert result["passed"], text


def test_every_exercise_has_two_other_correct_solutions_and_two_wrong_fixes():
    for exercise in catalog.EXERCISES:
        verdicts = [expected_verdict(p) for p in attempts() if exercise_of(p) == exercise]
        assert verdicts.count("ok") >= 2, exercise.name
        assert len([v for v in verdicts if v != "ok"]) >= 2, exercise.name
    assert set(catalog.names()) == {exercise_of(p).name for p in attempts()}


@pytest.mark.parametrize("attempt", attempts(), ids=lambda p: f"{p.parent.parent.name}__{p.stem}")
def test_attempt_gets_the_right_verdict_and_message(attempt, exercise_artifacts):
    exercise, expected = exercise_of(attempt), expected_verdict(attempt)
    result, text = run_check(exercise, attempt, exercise_artifacts)
    assert result["mistake"] == expected, text
    assert result["passed"] == (expected == "ok"), text
    if expected != "ok":
        # The words aimed at this attempt, else at its mistake in this exercise, else at its mistake.
        key = next(key for key in [f"{exercise.name}/{attempt.stem}", (exercise.name, expected), expected, None]
                   if key in TARGETED or key is None)
        assert key is not None, f"no TARGETED words for {attempt.stem} ({expected})"
        assert TARGETED[key] in " ".join(text.split()), text  # the advice is wrapped to the terminal's width
        assert "Expected:" in text, text
        assert result["advice"], text  # every failure says what to do about it


# --- a learner's code cannot hang or break the checker -----------------------------------------


def test_an_endless_loop_is_stopped_by_the_time_limit(exercise_artifacts, tmp_path):
    exercise = catalog.get("predict_digits")
    source = tmp_path / exercise.filename
    source.write_text("def predict_digits(model_path, flat_pixels):\n    while True:\n        pass\n")
    result, text = run_check(exercise, source, exercise_artifacts, timeout=1.5)
    assert result["mistake"] == "timeout" and "1.5 seconds" in text


def test_sys_exit_and_os_exit_in_the_learners_code_are_reported_not_fatal(exercise_artifacts, tmp_path):
    exercise = catalog.get("predict_one_digit")
    source = tmp_path / exercise.filename
    source.write_text("import sys\n\ndef predict_one_digit(model_path, image):\n    sys.exit(3)\n")
    result, text = run_check(exercise, source, exercise_artifacts)
    assert result["mistake"] == "raised" and "SystemExit" in text and "line 4" in text, text
    source.write_text("import os\n\ndef predict_one_digit(model_path, image):\n    os._exit(3)\n")
    result, text = run_check(exercise, source, exercise_artifacts)
    assert result["mistake"] == "crashed" and "exit status 3" in text, text


def test_a_syntax_error_is_reported_with_its_line(exercise_artifacts, tmp_path):
    exercise = catalog.get("score_patients")
    source = tmp_path / exercise.filename
    source.write_text("import numpy\n\ndef score_patients(model_dir, raw_rows)\n    return raw_rows\n")
    result, text = run_check(exercise, source, exercise_artifacts)
    assert result["mistake"] == "import_failed", text
    assert "line 3" in text and "SyntaxError" in text


def test_a_renamed_function_is_named_in_the_message(exercise_artifacts, tmp_path):
    exercise = catalog.get("load_for_evaluation")
    source = tmp_path / exercise.filename
    source.write_text(exercise.solution().replace("def load_for_evaluation(", "def load_model_for_eval("))
    result, text = run_check(exercise, source, exercise_artifacts)
    assert result["mistake"] == "no_function" and "load_for_evaluation" in text


# --- the workspace ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def started_workspace(exercise_artifacts, tmp_path_factory):
    folder = tmp_path_factory.mktemp("started") / "ws"
    workspace.start(folder, say=lambda *_: None)
    return folder


@pytest.fixture()
def ws(started_workspace, tmp_path):
    """A freshly started workspace of this test's own (a copy: `start` itself runs once per module)."""
    folder = tmp_path / "ws"
    shutil.copytree(started_workspace, folder)
    return folder


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_start_writes_exercises_notebooks_and_models_but_not_the_held_back_data(ws):
    for exercise in catalog.EXERCISES:
        assert (ws / exercise.filename).read_text() == exercise.stub()
        assert (ws / "notebooks" / exercise.notebook).exists()
        models = ws / "models" / exercise.scenario
        assert (models / "model.keras").exists() and (models / "samples.npz").exists()
        assert not (models / "probe.npz").exists()
        assert not list(models.glob("model_tampered*")), "the checker's tampered copies stay out of the workspace"


def test_start_on_an_existing_workspace_keeps_the_learners_edits(ws, capsys):
    edited = ws / catalog.EXERCISES[0].filename
    edited.write_text(edited.read_text() + "\n# my notes\n")
    (ws / catalog.EXERCISES[1].filename).unlink()
    assert cli.main(["start", str(ws)]) == 0
    out = capsys.readouterr().out
    assert edited.read_text().endswith("# my notes\n")
    assert "kept your edits" in out
    # A deleted exercise comes back; an untouched one stays as it was.
    assert (ws / catalog.EXERCISES[1].filename).read_text() == catalog.EXERCISES[1].stub()


def test_start_refuses_a_folder_that_is_not_a_workspace(tmp_path, capsys):
    (tmp_path / "precious.txt").write_text("mine")
    assert cli.main(["start", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["precious.txt"]


def test_check_reports_every_stub_as_not_done_and_never_modifies_the_workspace(ws, capsys):
    before = snapshot(ws)
    assert cli.main(["check", "--workspace", str(ws)]) == 1
    out = capsys.readouterr().out
    assert snapshot(ws) == before
    assert out.count("✗") == len(catalog.EXERCISES)
    assert f"Progress: 0/{len(catalog.EXERCISES)} done" in out
    assert not NOISE.search(out), out


def test_a_learners_session_list_check_hint_fix_check_solution(ws, capsys, monkeypatch):
    exercise = catalog.get("predict_digits")
    monkeypatch.chdir(ws / "models")  # inside the workspace: no --workspace needed

    assert cli.main(["list"]) == 0
    assert f"Progress: 0/{len(catalog.EXERCISES)}" in capsys.readouterr().out

    assert cli.main(["check", exercise.name]) == 1
    assert "✗ predict_digits" in capsys.readouterr().out

    assert cli.main(["solution", exercise.name]) == 1
    assert "def predict_digits" not in capsys.readouterr().out

    for number in (1, 2):
        assert cli.main(["hint", exercise.name]) == 0
        assert f"Hint {number} of {len(exercise.hints)}" in capsys.readouterr().out

    (ws / exercise.filename).write_text(exercise.solution())
    assert cli.main(["list"]) == 0
    assert "changed since last check" in capsys.readouterr().out
    assert cli.main(["check", exercise.name]) == 0
    assert "✓ predict_digits" in capsys.readouterr().out

    assert cli.main(["list"]) == 0
    assert f"Progress: 1/{len(catalog.EXERCISES)} done" in capsys.readouterr().out
    assert cli.main(["solution", exercise.name]) == 0
    assert capsys.readouterr().out == exercise.solution()


def test_hints_are_revealed_one_at_a_time_and_remembered(ws, capsys):
    exercise = catalog.get("score_patients")
    for number in [1, 2, 3, 3]:
        assert cli.main(["hint", exercise.name, "--workspace", str(ws)]) == 0
        out = capsys.readouterr().out
        assert f"Hint {number} of 3" in out and " ".join(exercise.hints[number - 1].split()) in " ".join(out.split())
    assert workspace.load_state(ws)["hints"][exercise.name] == 3


def test_solution_with_force_is_shown_before_passing(ws, capsys):
    exercise = catalog.get("load_for_evaluation")
    assert cli.main(["solution", exercise.name, "--workspace", str(ws), "--force"]) == 0
    assert capsys.readouterr().out == exercise.solution()


def test_a_notebook_learners_work_is_checked_from_the_notebook(ws, capsys):
    exercise = catalog.get("score_patients")
    path = ws / "notebooks" / exercise.notebook
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if notebooks.EXERCISE_TAG in c.metadata.get("tags", []))
    cell.source = notebooks.split_stub(exercise.solution())[1]
    nbformat.write(notebook, path)
    assert cli.main(["check", exercise.name, "--workspace", str(ws)]) == 0
    assert f"notebooks/{exercise.notebook}" in capsys.readouterr().out


@pytest.mark.parametrize("name", catalog.names())
def test_notebooks_are_generated_from_the_stubs(name):
    exercise = catalog.get(name)
    notebook = notebooks.build(exercise)
    nbformat.validate(notebook)
    instructions, code, _ = notebooks.split_stub(exercise.stub())
    assert notebooks.exercise_code(nbformat.writes(notebook)).strip() == code.strip()
    assert instructions.splitlines()[0] in notebook.cells[0].source
    assert notebooks.text(exercise) == notebooks.text(exercise)  # stable: `start` can tell edits apart


# --- bad input: one line on stderr, exit 2 ----------------------------------------------------


@pytest.mark.parametrize(
    "argv, words",
    [
        (["hint", "no_such_exercise"], "unknown exercise"),
        (["check", "no_such_exercise"], "unknown exercise"),  # outside a workspace: the name is the news
        (["check", "--frobnicate"], "unrecognized arguments"),
        (["check", "--workspace", "/nonexistent/ws"], "not an exercise workspace"),
        (["solution"], "required: name"),
        (["dance"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(argv, words, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and words in err, err
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_itself_exits_2_with_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "scenarios.exercises", "hint", "nope"], capture_output=True,
                          text=True, cwd=tmp_path, env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"},
                          timeout=60)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1 and "unknown exercise 'nope'" in done.stderr


def test_the_exercises_package_is_not_a_scenario():
    from scenarios.machinery import registry

    assert "exercises" not in registry.names()


# --- tf.keras 2: a learner may work in either generation where the exercise allows it -------------


@pytest.fixture(scope="session")
def keras2_artifacts(tmp_path_factory):
    root = tmp_path_factory.mktemp("exercise-artifacts-keras2")
    return {name: checker.artifacts_for(name, into=root / name, keras="2")
            for name in dict.fromkeys(e.scenario for e in catalog.EXERCISES if "2" in e.generations)}


@pytest.mark.parametrize("name", [e.name for e in catalog.EXERCISES if "2" in e.generations])
def test_on_tf_keras_2_the_stub_fails_and_the_solution_passes(name, keras2_artifacts):
    exercise = catalog.get(name)
    stub = run_check(exercise, exercise.folder / "stub.py", keras2_artifacts, keras="2")[0]
    solution, text = run_check(exercise, exercise.folder / "solution.py", keras2_artifacts, keras="2")
    assert not stub["passed"] and solution["passed"], text


def test_an_attempt_whose_verdict_differs_on_tf_keras_2_gets_that_verdict_there(keras2_artifacts):
    marked = [p for p in attempts() if re.match(r"# keras2: \w+", (p.read_text().splitlines() + ["", ""])[1])]
    assert marked, "no attempt declares a tf.keras 2 verdict"
    for path in marked:
        expected = path.read_text().splitlines()[1].split()[2]
        result, text = run_check(exercise_of(path), path, keras2_artifacts, keras="2")
        assert result["mistake"] == expected, text


def test_a_keras_3_model_read_with_tf_keras_is_named_as_the_other_generation(exercise_artifacts, tmp_path):
    exercise = catalog.get("predict_digits")
    source = tmp_path / exercise.filename
    source.write_text("import numpy as np\nimport tf_keras as keras\n\n\ndef predict_digits(model_path, flat_pixels):\n"
                      "    model = keras.models.load_model(model_path)\n"
                      "    return model.predict(np.reshape(flat_pixels, (-1, 28, 28, 1)), verbose=0)\n")
    result, text = run_check(exercise, source, exercise_artifacts)
    assert result["mistake"] == "other_generation", text
    assert "--keras 2" in " ".join(text.split()) and "Traceback" not in text


def test_a_tf_keras_2_workspace_is_checked_on_tf_keras_2(tmp_path, capsys, keras2_artifacts):
    folder = tmp_path / "ws2"
    assert cli.main(["start", str(folder), "--keras", "2"]) == 0
    capsys.readouterr()
    assert workspace.generation_of(folder) == "2"
    exercise = catalog.get("predict_digits")
    (folder / exercise.filename).write_text(exercise.solution())
    assert cli.main(["check", exercise.name, "--workspace", str(folder)]) == 0
    assert "tf.keras 2" in capsys.readouterr().out
    keras3_only = [e for e in catalog.EXERCISES if "2" not in e.generations]
    for other in keras3_only:
        assert cli.main(["check", other.name, "--workspace", str(folder)]) == 0
        assert "Keras 3 only" in capsys.readouterr().out
    # A workspace keeps its generation: starting it again for the other one is refused.
    assert cli.main(["start", str(folder), "--keras", "3"]) == 2
