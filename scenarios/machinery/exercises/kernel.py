"""What the exercise notebooks call inside their Jupyter kernel: prepare(), hint() and check().

A notebook runs on its own, in Jupyter or Colab, inside a workspace made by `start` or in any
folder: its first cell installs this package when it is missing, then prepare() finds or trains the
models its code reads, hint() reveals the hints one at a time, and check() runs the same sandboxed
checker as `python -m scenarios.exercises check` on the exercise cell the learner last ran (what the
kernel holds, so there is no file to save first, and Colab, whose notebook is no local file, works).

Only the standard library at module level: the notebook's install cell imports this module right
after installing the package, before anything else of it is needed.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

# What prepare() found: the folder holding models/ and the Keras generation, by exercise name.
_prepared: dict[str, tuple[Path, str]] = {}
# Hints revealed outside a workspace, where there is no state file to remember them in.
_hints_shown: dict[str, int] = {}


def quiet_tensorflow() -> None:
    """Start TensorFlow without its C++ notices. TensorFlow 2.21 writes oneDNN/CUDA notices straight
    to file descriptor 2 when it is imported and when it first touches a device, whatever
    TF_CPP_MIN_LOG_LEVEL says, and Jupyter shows that descriptor under the cell. So both steps happen
    once with descriptor 2 pointed at /dev/null, which is then restored for the learner's own errors."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
    saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        import keras

        keras.ops.zeros((1,))  # first device use: the cuInit notice happens here
    finally:
        os.dup2(saved, 2)
        os.close(null)
        os.close(saved)


def _workspace() -> Path | None:
    from scenarios.machinery.exercises import workspace

    try:
        return workspace.find()
    except workspace.NoWorkspace:
        return None


def _generation(found: Path | None) -> str:
    from scenarios.machinery import generation
    from scenarios.machinery.exercises import workspace

    return workspace.generation_of(found) if found else generation.DEFAULT


def prepare(exercise_name: str) -> Path:
    """The folder whose models/<scenario>/ the notebook's code reads: the workspace the notebook sits
    in, else the current folder. The models are copied there the way `start` does it, trained first
    (seeded, small) when the cache has none; then TensorFlow is started quietly."""
    from scenarios.machinery import generation
    from scenarios.machinery.exercises import catalog, workspace

    exercise = catalog.get(exercise_name)
    found = _workspace()
    folder = found or Path.cwd()
    keras = _generation(found)
    # A tf.keras 2 workspace's models are read with tf.keras 2 here too, as the check will.
    os.environ.update(generation.environment(keras))
    generation.use(keras)
    models = folder / "models" / exercise.scenario
    if not (models / "samples.npz").exists():
        print(f"Preparing {models} (trained once, then reused from the cache)...")
        how = workspace.install_models(exercise.scenario, models, keras)
        print(f"  models/{exercise.scenario}/  {how}")
    quiet_tensorflow()
    _prepared[exercise.name] = (folder, keras)
    return folder


def hint(exercise_name: str) -> None:
    """Print the next hint (after the last one, the last one again)."""
    from scenarios.machinery.exercises import catalog, workspace

    exercise = catalog.get(exercise_name)
    found = _workspace()
    if found:
        number, text = workspace.next_hint(found, exercise)
    else:
        number = _hints_shown[exercise.name] = min(_hints_shown.get(exercise.name, 0) + 1, len(exercise.hints))
        text = exercise.hints[number - 1]
    print(f"Hint {number} of {len(exercise.hints)}: {text}")


def exercise_cell(function: str) -> str:
    """The source of the last cell this kernel ran that defines `function` at its top level."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    for source in reversed(shell.user_ns.get("In", []) if shell else []):
        try:
            module = ast.parse(source)
        except SyntaxError:
            continue
        if any(isinstance(node, ast.FunctionDef) and node.name == function for node in module.body):
            return source.rstrip("\n") + "\n"
    raise LookupError(f"no cell that defines {function}() has run in this notebook yet: run the exercise cell, "
                      "then this one")


def check(exercise_name: str) -> None:
    """Check the exercise cell as last run, in the sandboxed checker, and print its report."""
    from scenarios.machinery import generation, scratch
    from scenarios.machinery.exercises import catalog, checker, workspace

    exercise = catalog.get(exercise_name)
    folder, keras = _prepared.get(exercise.name) or (_workspace(), _generation(_workspace()))
    if keras not in exercise.generations:
        print(f"- {exercise.name}: Keras 3 only, not in this tf.keras {keras} workspace: {exercise.keras3_only_why}.")
        return
    code = exercise_cell(exercise.function)
    # The cell goes to a scratch file outside the workspace, as `check` does with a notebook's cell.
    with scratch.folder("exercise-notebook-") as scratch_folder:
        source = scratch_folder / exercise.filename
        source.write_text(code)
        result = checker.check_file(exercise, source, keras=keras)
    shown_as = "the exercise cell" + ("" if keras == generation.DEFAULT else f", tf.keras {keras}")
    print(checker.report(exercise, result, shown_as))
    if folder is not None and (Path(folder) / workspace.STATE).is_file():
        workspace.record_result(Path(folder), exercise, code, result["passed"])
    if not result["passed"]:
        print(f'  Stuck? hint("{exercise.name}") in a cell shows a hint ({len(exercise.hints)} in all).')
