"""Notebooks that travel: the downloadable notebooks run outside the repository, from the wheel.

The wheel is built once (as `make dist` builds it) and installed with `pip install --no-deps --target
DIR`; the kernels get DIR first on PYTHONPATH and start in a folder outside the repository, so the
checkout cannot be imported (the notebooks print where `scenarios` came from, and the test checks it).
TensorFlow and the other dependencies come from the project's .venv, and the trained models from
the shared SCENARIOS_CACHE_DIR (see conftest.py), so nothing here trains when the cache is warm.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from scenarios.machinery import registry
from scenarios.machinery.docsite import build, notebooks as page_notebooks
from scenarios.machinery.docsite.paths import ROOT
from scenarios.machinery.exercises import catalog, notebooks

EXERCISE = "predict_digits"
WHERE_FROM = "import scenarios\nprint(scenarios.__file__)"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build.build_wheel(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("installed")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target",
                    str(target), str(wheel)], check=True)
    return target


def _outside_the_repository(folder: Path) -> Path:
    assert not folder.resolve().is_relative_to(ROOT), f"{folder} is inside the repository"
    return folder


def _client(notebook, folder: Path, installed: Path, monkeypatch) -> NotebookClient:
    """For a kernel started in `folder`, with the installed wheel first on its path."""
    monkeypatch.setenv("PYTHONPATH", str(installed))
    return NotebookClient(notebook, kernel_name="python3", timeout=600,
                          resources={"metadata": {"path": str(_outside_the_repository(folder))}})


def _text(cell) -> str:
    return "".join(output.get("text", "") for output in cell.outputs)


def _errors(cell) -> list[str]:
    return [f"{o['ename']}: {o['evalue']}" for o in cell.outputs if o.get("output_type") == "error"]


# --- the wheel --------------------------------------------------------------------------------------


def test_the_wheel_holds_what_runs_and_nothing_generated(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "scenarios"
    needed = {p for p in package.rglob("*.py") if "__pycache__" not in p.parts and "attempts" not in p.parts}
    for name in registry.names():  # every lesson's page, which its page notebook is made of
        assert (registry.folder(name) / "page.py") in needed or page_notebooks.page_for(name).generic
    for exercise in catalog.EXERCISES:
        needed |= {exercise.folder / "check.py", exercise.folder / "stub.py", exercise.folder / "solution.py"}
    missing = sorted(str(p.relative_to(ROOT)) for p in needed if str(p.relative_to(ROOT)) not in names)
    assert not missing, f"the wheel lacks {missing[:5]}"
    meta = {n for n in names if n.split("/")[0].endswith(".dist-info")}
    strays = sorted(n for n in names - meta if not n.startswith("scenarios/") or "/attempts/" in n
                    or "__pycache__" in n or Path(n).suffix in (".pyc", ".ipynb", ".keras", ".h5", ".npz"))
    assert not strays, f"the wheel holds what it should not: {strays[:5]}"
    metadata = zipfile.ZipFile(wheel).read(next(n for n in meta if n.endswith("/METADATA"))).decode()
    # A page notebook installs these extras; pip would warn and install without them if they were unknown.
    assert "Provides-Extra: pages" in metadata


# --- the first cell: install when missing -------------------------------------------------------------


def test_the_install_cell_installs_the_wheel_beside_the_notebook_into_a_bare_python(wheel, tmp_path):
    venv = _outside_the_repository(tmp_path) / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    cell = tmp_path / "install_cell.py"
    cell.write_text(notebooks.install_cell("pages"))
    # Offline and without dependencies: this checks where the cell installs from, not pip's resolver.
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
           "PIP_NO_DEPS": "1", "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    python = str(venv / "bin" / "python")
    empty = tmp_path / "no-wheel-here"
    empty.mkdir()
    without = subprocess.run([python, str(cell)], cwd=empty, env=env, capture_output=True, text=True)
    assert without.returncode != 0 and notebooks.WHEEL_GLOB in without.stderr, without.stderr[-500:]

    beside = tmp_path / "notebook-folder"
    beside.mkdir()
    (beside / wheel.name).write_bytes(wheel.read_bytes())
    done = subprocess.run([python, str(cell)], cwd=beside, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-1000:]
    version = wheel.name.split("-")[1]
    assert done.stdout.split() == [notebooks.DISTRIBUTION, version]
    where = subprocess.run([python, "-c", WHERE_FROM], cwd=empty, env=env, capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(venv), where


# --- an exercise notebook, start to finish -------------------------------------------------------------


def test_an_exported_exercise_notebook_runs_outside_the_repository(installed, tmp_path, monkeypatch):
    exercise = catalog.get(EXERCISE)
    notebook = nbformat.reads(notebooks.text(exercise), as_version=4)
    code_cells = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    install, setup, _, try_it, check = code_cells
    client = _client(notebook, tmp_path, installed, monkeypatch)

    def run(source: str):
        notebook.cells.append(nbformat.v4.new_code_cell(source))
        client.execute_cell(notebook.cells[-1], len(notebook.cells) - 1)
        return notebook.cells[-1]

    with client.setup_kernel():
        for index in code_cells:
            try:
                client.execute_cell(notebook.cells[index], index)
            except CellExecutionError:
                # The stub's own bug may stop its try-it cell; nothing else may raise.
                assert index == try_it, _errors(notebook.cells[index])
        assert Path(_text(run(WHERE_FROM)).strip()).is_relative_to(installed)
        stub_report = _text(notebook.cells[check])
        hint = _text(run(f'hint("{EXERCISE}")'))
        notebook.cells.append(nbformat.v4.new_code_cell(notebooks.split_stub(exercise.solution())[1]))
        client.execute_cell(notebook.cells[-1], len(notebook.cells) - 1)
        solution_report = _text(run(notebook.cells[check].source))

    assert _text(notebook.cells[install]).split()[0] == notebooks.DISTRIBUTION
    models = tmp_path / "models" / exercise.scenario
    assert (models / "samples.npz").is_file() and (models / "model.keras").is_file(), _text(notebook.cells[setup])
    print(stub_report, solution_report, sep="\n")
    assert stub_report.startswith(f"✗ {exercise.name} (the exercise cell)"), stub_report
    assert exercise.hints[0] in hint
    assert solution_report.startswith(f"✓ {exercise.name} (the exercise cell)"), solution_report


# --- a page notebook ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", registry.names())
def test_every_page_notebook_is_its_page_source_after_the_install_cell(name):
    import jupytext

    notebook = nbformat.reads(build.page_notebook(name), as_version=4)
    nbformat.validate(notebook)
    assert notebook.cells[0].source == notebooks.install_cell("pages")
    page = page_notebooks.page_for(name)
    source_cells = [cell.source for cell in jupytext.read(page.source).cells]
    assert [cell.source for cell in notebook.cells[-len(source_cells):]] == source_cells
    assert build.page_notebook(name) == build.page_notebook(name)  # stable: the build rewrites nothing
    if page.generic:
        assert f"SCENARIO_NAME = {name!r}" in notebook.cells[1].source


def test_a_page_notebook_runs_outside_the_repository(installed, tmp_path, monkeypatch):
    notebook = nbformat.reads(build.page_notebook("shape_mismatch"), as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(WHERE_FROM))
    client = _client(notebook, tmp_path, installed, monkeypatch)
    client.execute()  # every page cell asserts its verdicts: a declared failure that stopped raises here
    assert Path(_text(notebook.cells[-1]).strip()).is_relative_to(installed)
    title = registry.get("shape_mismatch").title
    shown = [o["data"].get("text/markdown", "") for cell in notebook.cells if cell.cell_type == "code"
             for o in cell.outputs if o.get("output_type") in ("display_data", "execute_result")]
    assert any(title in text for text in shown)


def test_inside_a_workspace_the_notebook_uses_its_models_and_remembers_its_hints(tmp_path, monkeypatch):
    from scenarios.machinery.exercises import kernel, workspace

    exercise = catalog.get(EXERCISE)
    folder = tmp_path / "keras-exercises"
    (folder / "notebooks").mkdir(parents=True)
    workspace.save_state(folder, {"hints": {}, "keras": "3"})
    monkeypatch.chdir(folder / "notebooks")  # where Jupyter starts a workspace notebook's kernel
    monkeypatch.setattr(kernel, "quiet_tensorflow", lambda: None)  # no TensorFlow in the test process
    monkeypatch.setenv("TF_USE_LEGACY_KERAS", "0")  # prepare() sets it; restored after the test
    assert kernel.prepare(EXERCISE) == folder
    assert (folder / "models" / exercise.scenario / "samples.npz").is_file()
    assert not (folder / "notebooks" / "models").exists()
    kernel.hint(EXERCISE)
    kernel.hint(EXERCISE)
    assert workspace.load_state(folder)["hints"][EXERCISE] == 2  # `hint` on the command line goes on from here
