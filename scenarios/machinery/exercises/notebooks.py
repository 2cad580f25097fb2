"""The exercises as Jupyter notebooks, generated from the very same stub files.

A stub is a docstring of instructions, the code to complete, and an `if __name__ == "__main__":`
block that tries it on sample rows. The notebook has the same three parts as cells, plus a cell
that runs the checker. The code cell to complete is tagged "exercise"; `check` reads that cell
back when the learner works in the notebook instead of the .py file.

A notebook travels: downloaded alone into Jupyter or Colab, its first cell (install_cell) installs
this package when the Python running it lacks it, and the calls into
scenarios.machinery.exercises.kernel train its models when they are absent and run the checker.
"""

from __future__ import annotations

import ast
import os
import textwrap

import nbformat

from scenarios.machinery.exercises.catalog import Exercise

EXERCISE_TAG = "exercise"
MAIN_GUARD = 'if __name__ == "__main__":'
DISTRIBUTION = "keras-load-scenarios"
# What `make dist` and the docs build write: keras_load_scenarios-<version>-py3-none-any.whl.
WHEEL_GLOB = DISTRIBUTION.replace("-", "_") + "-*.whl"
# Where a notebook installs the package from when no wheel lies beside it ("git+https://..."); the
# project's public home is not settled, so the build takes it from this variable.
GIT_URL_VARIABLE = "SCENARIOS_GIT_URL"


def install_cell(extras: str = "") -> str:
    """The first code cell of every downloadable notebook (exercises and pages alike): install the
    package, with `extras`, when it is missing; from a wheel beside the notebook, else from git."""
    extras = f"[{extras}]" if extras else ""
    from_wheel = f'f"{{wheels[-1]}}{extras}"' if extras else "str(wheels[-1])"
    return f"""\
# Installs the {DISTRIBUTION} package when this Python lacks it (a fresh Jupyter or Colab): from
# the wheel beside this notebook (the site offers it, `make dist` builds it), else from git.
import importlib, subprocess, sys
from importlib import metadata
from pathlib import Path

GIT_URL = {os.environ.get(GIT_URL_VARIABLE, "")!r}
try:
    metadata.version({DISTRIBUTION!r})
except metadata.PackageNotFoundError:
    wheels = sorted(Path.cwd().glob({WHEEL_GLOB!r}), key=lambda wheel: wheel.stat().st_mtime)
    if wheels:
        requirement = {from_wheel}
    elif GIT_URL:
        requirement = f"{DISTRIBUTION}{extras} @ {{GIT_URL}}"
    else:
        raise FileNotFoundError(f"no {WHEEL_GLOB} in {{Path.cwd()}}: download it from the site's Exercises page")
    tensorflow_was_loaded = "tensorflow" in sys.modules
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", requirement], check=True)
    importlib.invalidate_caches()
    if tensorflow_was_loaded:  # the old TensorFlow stays loaded in this process
        print("TensorFlow was imported before the install: restart the kernel (runtime), then run all cells")
print({DISTRIBUTION!r}, metadata.version({DISTRIBUTION!r}))"""


def split_stub(text: str) -> tuple[str, str, str]:
    """(instructions, code to complete, try-it code) of a stub or solution file."""
    module = ast.parse(text)
    instructions = ast.get_docstring(module) or ""
    lines = text.splitlines()
    docstring_end = module.body[0].end_lineno if instructions else 0
    body = "\n".join(lines[docstring_end:])
    code, _, main = body.partition(MAIN_GUARD)
    return instructions, code.strip() + "\n", textwrap.dedent(main.strip("\n"))


def markdown_instructions(instructions: str, exercise_name: str) -> str:
    title, _, rest = instructions.partition("\n")
    # The docstring ends with the commands for the .py file; the notebook has its own way to each.
    lines = rest.rstrip().splitlines()
    while lines and (lines[-1].startswith("    python ") or not lines[-1].strip()):
        lines.pop()
    return (f"# {title}\n" + "\n".join(lines) + "\n\n"
            "Run the cells in order: the first two install the package if this Python lacks it and fetch the "
            "models; then complete the function in the exercise cell, try it on sample rows, and check it. "
            f'Stuck? `hint("{exercise_name}")` in a cell shows one hint at a time.')


def build(exercise: Exercise) -> nbformat.NotebookNode:
    instructions, code, main = split_stub(exercise.stub())
    # prepare() names the folder that holds models/: the workspace, or the notebook's own folder.
    main = main.replace("Path(__file__).resolve().parent", "WORKSPACE")
    setup = (
        "# The models this exercise reads: from the workspace this notebook sits in, else ./models/,\n"
        "# trained here first (seeded, small; once, then cached) when they are absent.\n"
        "from scenarios.machinery.exercises.kernel import check, hint, prepare\n\n"
        f'WORKSPACE = prepare("{exercise.name}")'
    )
    notebook = nbformat.v4.new_notebook()
    notebook.metadata.update(
        kernelspec={"name": "python3", "display_name": "Python 3", "language": "python"},
        language_info={"name": "python"},
    )
    notebook.cells = [
        nbformat.v4.new_markdown_cell(markdown_instructions(instructions, exercise.name)),
        nbformat.v4.new_code_cell(install_cell()),
        nbformat.v4.new_code_cell(setup),
        nbformat.v4.new_code_cell(code.strip(), metadata={"tags": [EXERCISE_TAG]}),
        nbformat.v4.new_markdown_cell("## Try it on a few sample rows"),
        nbformat.v4.new_code_cell(main.strip()),
        nbformat.v4.new_markdown_cell(
            "## Check your work\n\nThe checker calls your function, as you last ran its cell, in a sandboxed fresh "
            "process on held-back data and compares its answers with the trained model's. Stuck? "
            f'`hint("{exercise.name}")` in a cell shows the next hint.'
        ),
        nbformat.v4.new_code_cell(f'check("{exercise.name}")'),
    ]
    # Stable cell ids, so that regenerating gives the same file and `start` can tell edits apart.
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"{exercise.name}-{number}"
    return notebook


def text(exercise: Exercise) -> str:
    return nbformat.writes(build(exercise))


def exercise_code(notebook_text: str) -> str:
    """The code of the cells tagged "exercise" in a (possibly edited) notebook."""
    notebook = nbformat.reads(notebook_text, as_version=4)
    cells = [cell.source for cell in notebook.cells
             if cell.cell_type == "code" and EXERCISE_TAG in cell.get("metadata", {}).get("tags", [])]
    return "\n\n".join(cells) + "\n"
