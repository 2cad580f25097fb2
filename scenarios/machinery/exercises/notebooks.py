"""The exercises as Jupyter notebooks, generated from the very same stub files.

A stub is a docstring of instructions, the code to complete, and an `if __name__ == "__main__":`
block that tries it on sample rows. The notebook has the same three parts as cells, plus a cell
that runs the checker. The code cell to complete is tagged "exercise"; `check` reads that cell
back when the learner works in the notebook instead of the .py file.
"""

from __future__ import annotations

import ast
import textwrap

import nbformat

from scenarios.machinery.exercises.catalog import Exercise

EXERCISE_TAG = "exercise"
MAIN_GUARD = 'if __name__ == "__main__":'


def split_stub(text: str) -> tuple[str, str, str]:
    """(instructions, code to complete, try-it code) of a stub or solution file."""
    module = ast.parse(text)
    instructions = ast.get_docstring(module) or ""
    lines = text.splitlines()
    docstring_end = module.body[0].end_lineno if instructions else 0
    body = "\n".join(lines[docstring_end:])
    code, _, main = body.partition(MAIN_GUARD)
    return instructions, code.strip() + "\n", textwrap.dedent(main.strip("\n"))


def markdown_instructions(instructions: str) -> str:
    title, _, rest = instructions.partition("\n")
    # The indented command lines of the docstring read as a code block in markdown too.
    return f"# {title}\n{rest}"


def build(exercise: Exercise) -> nbformat.NotebookNode:
    instructions, code, main = split_stub(exercise.stub())
    # The notebook lives in notebooks/, one level below the models/ folder of the workspace.
    main = main.replace("Path(__file__).resolve().parent", 'Path("..").resolve()')
    check = (
        "import subprocess, sys\n\n"
        "# Save the notebook first (Ctrl+S): the checker reads the saved file, in a fresh process.\n"
        f'command = [sys.executable, "-m", "scenarios.exercises", "check", "{exercise.name}", "--workspace", ".."]\n'
        "print(subprocess.run(command, capture_output=True, text=True).stdout)"
    )
    notebook = nbformat.v4.new_notebook()
    notebook.metadata.update(
        kernelspec={"name": "python3", "display_name": "Python 3", "language": "python"},
        language_info={"name": "python"},
    )
    notebook.cells = [
        nbformat.v4.new_markdown_cell(markdown_instructions(instructions)),
        nbformat.v4.new_code_cell(
            "# Start TensorFlow without its C++ start-up notices (they would fill this notebook).\n"
            "from scenarios.machinery.exercises.kernel import quiet_tensorflow\n\nquiet_tensorflow()"
        ),
        nbformat.v4.new_code_cell(code.strip(), metadata={"tags": [EXERCISE_TAG]}),
        nbformat.v4.new_markdown_cell("## Try it on a few sample rows"),
        nbformat.v4.new_code_cell(main.strip()),
        nbformat.v4.new_markdown_cell(
            "## Check your work\n\nThe checker calls your function in a fresh process on held-back data and "
            f"compares its answers with the trained model's. Hints: `python -m scenarios.exercises hint {exercise.name}`."
        ),
        nbformat.v4.new_code_cell(check),
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
