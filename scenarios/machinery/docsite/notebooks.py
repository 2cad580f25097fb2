"""Executing the page notebooks, exporting them to markdown, and caching the result.

A page is a jupytext percent notebook, page.py in its lesson's folder. It is
executed with nbclient in a fresh kernel started in the repository root; every cell that shows a
failure asserts its verdict, so a failure that no longer happens raises, nbclient stops, and the
build fails. The executed notebook is exported with nbconvert's markdown exporter, which passes
markdown cells through untouched: admonitions and content tabs survive.

Executing takes seconds per page (the kernel, TensorFlow's import in the runner's warm interpreter,
the runs), so each result is cached in .cache/docs/<page>-<key>/ and reused while the key holds.
The key covers everything that can change what a page shows: its source, the scenario's code, the
shared machinery that runs it, this package's helpers, and the installed library versions.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from scenarios.machinery import registry
from scenarios.machinery.artifacts import FORMATS, MACHINERY, source_hash, versions_hash
from scenarios.machinery.docsite import hygiene, page
from scenarios.machinery.docsite.paths import CACHE, ROOT

PAGE_FILE = "page.md"
RUNS_DIR = "runs"  # the Run.to_json() of every run a page made, for the index pages
FIGURES_DIR = "figures"
WORK_DIR = "work"  # the runner's workdirs: models and predictions, dropped before caching
# Most code cells are plumbing that renders markdown, so their input is hidden. A cell tagged SHOW
# teaches (it reads a saved file, say): its code is shown above its output, as in keras-io's guides.
# A cell tagged HIDE (or HIDE_CELL) is executed and not shown at all.
SHOW, HIDE = "show", "hide"
HIDE_CELL, HIDE_INPUT = "remove-cell", "remove-input"
# The class a shown cell's code block gets on the page (tests and styles find it by it).
SHOWN_CODE_CLASS = "page-code"


@dataclass(frozen=True)
class Page:
    """A scenario's page: its own notebook, <lesson>/page.py, or the generic one (generic_page.py),
    which renders any scenario from its declaration alone (so a new scenario is never left out)."""

    name: str
    source: Path

    @property
    def generic(self) -> bool:
        return self.source == GENERIC


GENERIC = Path(__file__).resolve().parent / "generic_page.py"


def page_for(name: str) -> Page:
    own = registry.folder(name) / "page.py"
    return Page(name, own if own.exists() else GENERIC)


def key(page: Page) -> str:
    """Changes whenever the page's source, its lesson's folder (code and exercises), the machinery or
    a library changes."""
    sources = source_hash(registry.folder(page.name), MACHINERY, page.source, recursive=True)
    return hashlib.sha256((page.name + sources + versions_hash()).encode()).hexdigest()[:16]


def cached(page: Page) -> Path:
    return CACHE / f"{page.name}-{key(page)}"


def ensure(page: Page) -> tuple[Path, bool]:
    """The cache entry for `page`, executing its notebook first if there is none. Returns the
    entry and whether it was executed now."""
    entry = cached(page)
    if (entry / PAGE_FILE).exists():
        return entry, False
    entry.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{page.name}-", dir=entry.parent))
    try:
        render(page.source, staging, page.name)
        shutil.rmtree(staging / WORK_DIR, ignore_errors=True)
        # Older entries of the same page are dead weight once a new one exists.
        for old in entry.parent.glob(f"{page.name}-*"):
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
        os.rename(staging, entry)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return entry, True


def render(source: Path, out: Path, name: str | None = None) -> None:
    """Execute `source` with its outputs going to `out`, and write `out`/page.md. `name` is the
    scenario, for the generic page (the notebook reads it as SCENARIO_NAME)."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import MarkdownExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    notebook = jupytext.read(source)
    # The helpers in scenarios.machinery.docsite.page write figures and run records here.
    setup = nbformat.v4.new_code_cell(
        f"import os\nos.environ['DOCSITE_OUT'] = {str(out)!r}\nSCENARIO_NAME = {name or source.stem!r}",
        metadata={"tags": [HIDE_CELL]},
    )
    notebook.cells.insert(0, setup)
    shown = []
    for cell in notebook.cells:
        tags = cell.metadata.setdefault("tags", [])
        if cell.cell_type != "code":
            continue
        if HIDE in tags:
            tags.append(HIDE_CELL)
        elif SHOW in tags:
            shown.append(cell.source.strip("\n"))
        else:
            tags.append(HIDE_INPUT)
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=900, allow_errors=False,
        resources={"metadata": {"path": str(ROOT)}},
    )
    # The kernel's own chatter (transport warnings) goes to a log beside the page, not the terminal.
    with open(out / "kernel.log", "w") as kernel_log:
        client.execute(stdout=kernel_log, stderr=kernel_log)  # raises CellExecutionError when a check fails

    exporter = MarkdownExporter()
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={HIDE_CELL}, remove_input_tags={HIDE_INPUT}), enabled=True
    )
    body, _ = exporter.from_notebook_node(notebook)
    for code in shown:
        exported = f"```python\n{code}\n```"
        assert exported in body, f"{source.name}: a cell tagged {SHOW} was not exported as code"
        body = body.replace(exported, f"``` {{ .python .{SHOWN_CODE_CLASS} }}\n{code}\n```", 1)
    hygiene.check_text(body, f"{source.name} (exported markdown)")
    (out / PAGE_FILE).write_text(page.fill_reading_time(_tidy(hygiene.elide_run_folders(body))))


def _tidy(markdown: str) -> str:
    """Collapse the runs of blank lines nbconvert leaves between cells."""
    lines, blank = [], 0
    for line in markdown.splitlines():
        blank = blank + 1 if not line.strip() else 0
        if blank <= 1:
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"


def runs_of(entry: Path) -> list[dict]:
    """The page's recorded runs: Keras 3 before tf.keras 2, each in the order of artifacts.FORMATS."""
    runs = [json.loads(p.read_text()) for p in (entry / RUNS_DIR).glob("*.json")]
    order = {fmt: i for i, fmt in enumerate(FORMATS)}
    return sorted(runs, key=lambda run: (run.get("keras", "3") != "3", order.get(run["format"], len(order))))
