"""Building the site: make the generated pages (executing only what changed), then mkdocs.

`generate()` fills docs/generated/ from the cache, executing the notebooks whose key changed; it
writes a file only when its content changed, so `mkdocs serve` does not reload for nothing.
`build()` then runs `mkdocs build --strict` and checks every built page for terminal noise.

It also writes what the site offers for download. The wheel is what a downloaded notebook installs
from (see exercises/notebooks.install_cell); it is built from a scratch copy of the files git sees
(tracked, or new and not ignored) less the learner-style attempts, so nothing generated or left
over in build/ gets in. `make dist` writes it into dist/:

    python -m scenarios.machinery.docsite.build wheel [DIR]    # into DIR, default dist/

A page notebook is a lesson's page.py (or the generic page) as a plain notebook: the same install
cell first, every cell's code shown, nothing executed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from scenarios.machinery import registry
from scenarios.machinery.quiet import clean as strip_ansi
from scenarios.machinery.docsite import diagram, hygiene, indexes, notebooks, paste
from scenarios.machinery.docsite.paths import CACHE, CONFIG, GENERATED, ROOT, SITE


class PageFailed(RuntimeError):
    """A page notebook raised: a declared failure stopped happening, a fix stopped matching, or a bug."""


def _ensure(page: notebooks.Page) -> tuple[Path, bool, float]:
    started = time.perf_counter()
    try:
        entry, executed = notebooks.ensure(page)
    except Exception as error:
        # A cell error carries the whole coloured traceback; its last line names the failed check.
        reason = f"{error.ename}: {error.evalue}" if hasattr(error, "ename") else str(error)
        raise PageFailed(f"{page.name} ({page.source.name}): {strip_ansi(reason)}") from None
    return entry, executed, time.perf_counter() - started


def _write(path: Path, content: bytes | str, written: set[Path]) -> None:
    data = content.encode() if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    written.add(path)


def generate(jobs: int = 2, say=print) -> dict:
    """Fill docs/generated/; returns what was executed and reused."""
    names = registry.names()
    wanted = [notebooks.page_for(name) for name in names]
    for page in wanted:
        if page.generic:
            say(f"  {page.name}: no scenarios/{page.name}/page.py yet, using the generic page")
    stale = [p for p in wanted if not (notebooks.cached(p) / notebooks.PAGE_FILE).exists()]
    if stale:
        say(f"executing {len(stale)} page notebook(s): {', '.join(p.name for p in stale)}")
    results = {}
    if len(stale) > 1 and jobs > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(stale))) as pool:
            for page, result in zip(stale, pool.map(_ensure, stale)):
                results[page.name] = result
    for page in wanted:
        if page.name not in results:
            results[page.name] = _ensure(page)
    for name, (_, executed, seconds) in results.items():
        if executed:
            say(f"  {name}: executed in {seconds:.1f} s")

    written: set[Path] = set()
    # What a downloaded notebook installs from; each page offers its own notebook.
    wheel = cached_wheel()
    _write(GENERATED / DOWNLOADS / wheel.name, wheel.read_bytes(), written)
    runs = []
    for page in wanted:
        entry = results[page.name][0]
        markdown = (entry / notebooks.PAGE_FILE).read_text() + page_link(page.name, wheel.name)
        _write(GENERATED / f"{page.name}.md", markdown, written)
        _write(GENERATED / PAGE_NOTEBOOKS / f"{page.name}.ipynb", _cached_page_notebook(page.name, entry), written)
        for figure in sorted((entry / notebooks.FIGURES_DIR).glob("*")):
            _write(GENERATED / "figures" / figure.name, figure.read_bytes(), written)
        runs += notebooks.runs_of(entry)
    _write(GENERATED / "troubleshooting.md", indexes.troubleshooting(runs), written)
    _write(GENERATED / "environment.md", indexes.environment(runs), written)
    # Snippets for the hand-written home page.
    scenarios = registry.all_scenarios()
    _write(GENERATED / "snippets" / "pipeline.html", diagram.pipeline_svg(scenarios), written)
    _write(GENERATED / "snippets" / "scenario-list.md", indexes.scenario_list(), written)
    _write(GENERATED / "snippets" / "exercise-list.md", indexes.exercise_list(), written)
    # The "paste your error" box: the matcher's index, and the box on the home page.
    _write(GENERATED / "paste-index.js", paste.index_script(), written)
    _write(GENERATED / "snippets" / "paste-box.html", paste.box("generated/"), written)
    _write(GENERATED / "snippets" / "checker-sample.md", checker_sample(), written)
    # The exercises as notebooks, for download from the exercises page (same source as `start`).
    from scenarios.machinery.exercises import catalog, notebooks as exercise_notebooks

    listing = [f"- [{wheel.name}](generated/{DOWNLOADS}/{wheel.name}): the package, which each notebook's first "
               "cell installs from when it lies beside the notebook"]
    for exercise in catalog.EXERCISES:
        _write(GENERATED / "exercise-notebooks" / exercise.notebook, exercise_notebooks.text(exercise), written)
        listing.append(f"- [{exercise.notebook}](generated/exercise-notebooks/{exercise.notebook}): {exercise.title}")
    _write(GENERATED / "snippets" / "exercise-notebooks.md", "\n".join(listing) + "\n", written)
    # The whole course on one printable page (after the pages and exercise snippets it gathers).
    _write(GENERATED / "course.md", indexes.course(names), written)
    for stray in [p for p in GENERATED.rglob("*") if p.is_file() and p not in written]:
        stray.unlink()
    for name in names:
        hygiene.check_text((GENERATED / f"{name}.md").read_text(), f"docs/generated/{name}.md")
    return {"executed": [n for n, r in results.items() if r[1]], "reused": [n for n, r in results.items() if not r[1]]}


def checker_sample(exercise_name: str = "predict_digits", attempt: str = "fortran_order") -> str:
    """What `check` prints for one of the exercise's own wrong attempts, from a real check (cached
    like the pages, on the source and the library versions)."""
    from scenarios.machinery.artifacts import MACHINERY, source_hash, versions_hash
    from scenarios.machinery.exercises import catalog, checker

    exercise = catalog.get(exercise_name)
    key = hashlib.sha256((source_hash(MACHINERY, exercise.folder, recursive=True, presentation=True) + versions_hash()).encode())
    cached = CACHE / f"checker-sample-{key.hexdigest()[:16]}.md"
    if not cached.exists():
        source = exercise.folder / "attempts" / f"{attempt}.py"
        text = checker.report(exercise, checker.check_file(exercise, source), shown_as=exercise.filename)
        hygiene.check_text(text, "the checker's sample output")
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(f"```text\n{text}\n```\n")
    return cached.read_text()


# --- downloads ------------------------------------------------------------------------------------


# Beside the package: what setuptools reads to build it.
BUILD_FILES = ("pyproject.toml", "README.md")
PACKAGE = "scenarios"
PAGE_NOTEBOOKS = "page-notebooks"
DOWNLOADS = "downloads"


def _is_attempt(relative: Path) -> bool:
    return "attempts" in relative.parts[:-1]


def package_files(root: Path = ROOT) -> list[Path]:
    """The files the wheel is built from, relative to `root`."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", PACKAGE, *BUILD_FILES],
            cwd=root, capture_output=True, check=True,
        ).stdout.decode().split("\0")
        files = [Path(name) for name in listed if name]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout (an unpacked source archive)
        files = [p.relative_to(root) for p in (root / PACKAGE).rglob("*") if p.is_file()]
        files += [Path(name) for name in BUILD_FILES]
    return sorted(p for p in files if (root / p).is_file() and not _is_attempt(p)
                  and "__pycache__" not in p.parts and p.suffix != ".pyc")


def build_wheel(into: Path, root: Path = ROOT) -> Path:
    """Build the wheel into `into` from a scratch copy of package_files(); returns its path."""
    into = Path(into)
    into.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wheel-source-") as scratch:
        for relative in package_files(root):
            (Path(scratch) / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / relative, Path(scratch) / relative)
        with tempfile.TemporaryDirectory(prefix="wheel-out-") as out:
            # No build isolation: the setuptools installed here builds it, with no network needed.
            built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                                    "--no-cache-dir", "--wheel-dir", out, scratch], capture_output=True, text=True)
            if built.returncode:  # setuptools' chatter is shown only when it failed
                raise RuntimeError(f"building the wheel failed:\n{built.stdout}{built.stderr}")
            (wheel,) = Path(out).glob("*.whl")
            target = into / wheel.name
            shutil.move(wheel, target)
    return target


def cached_wheel() -> Path:
    """The wheel for the files as they are now, built once per content (for the docs build)."""
    digest = hashlib.sha256()
    for relative in package_files():
        digest.update(str(relative).encode() + b"\0" + (ROOT / relative).read_bytes() + b"\0")
    entry = CACHE / f"wheel-{digest.hexdigest()[:16]}"
    built = sorted(entry.glob("*.whl"))
    if built:
        return built[0]
    for old in CACHE.glob("wheel-*"):
        shutil.rmtree(old, ignore_errors=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".wheel-", dir=CACHE))
    try:
        wheel = build_wheel(staging)
        try:
            staging.rename(entry)
        except OSError:  # another build got there first with the same content
            if not (entry / wheel.name).exists():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return entry / wheel.name


def _cached_page_notebook(name: str, entry: Path) -> str:
    """page_notebook(), kept in the page's cache entry (keyed on the page's sources) beside the
    install cell it starts with, so an unchanged build neither imports jupytext nor reads the pages."""
    import hashlib

    from scenarios.machinery.exercises.notebooks import install_cell

    kept = entry / f"download-{hashlib.sha256(install_cell('pages').encode()).hexdigest()[:12]}.ipynb"
    if not kept.exists():
        kept.write_text(page_notebook(name))
    return kept.read_text()


def page_notebook(name: str) -> str:
    """Scenario `name`'s page as a notebook to run anywhere: the install cell, then the page's cells."""
    import jupytext
    import nbformat

    from scenarios.machinery.exercises.notebooks import install_cell

    page = notebooks.page_for(name)
    notebook = jupytext.read(page.source)
    first = [nbformat.v4.new_code_cell(install_cell("pages"))]
    if page.generic:  # the generic page renders whichever scenario this names
        first.append(nbformat.v4.new_code_cell(f"SCENARIO_NAME = {name!r}"))
    notebook.cells = first + notebook.cells
    notebook.metadata = nbformat.from_dict({
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    })
    # Stable cell ids: an unchanged page gives the same file, so the build does not rewrite it.
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"{name}-{number}"
    return nbformat.writes(notebook)


def page_link(name: str, wheel: str) -> str:
    """The section appended to scenario `name`'s page: its notebook and the wheel it installs from."""
    return (
        "\n## This page as a notebook\n\n"
        f"[{name}.ipynb]({PAGE_NOTEBOOKS}/{name}.ipynb) is the source of this page, with every cell's code. "
        "It runs on its own in Jupyter or Colab: its first cell installs the package when it is missing, "
        f"from [{wheel}]({DOWNLOADS}/{wheel}) placed beside the notebook. Running it trains the small models "
        "and reproduces every case with the TensorFlow and Keras installed where it runs.\n"
    )


def mkdocs(*arguments: str) -> int:
    # mkdocs-material prints a coloured end-of-life banner on every run; it is not about this site.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.call([sys.executable, "-m", "mkdocs", *arguments, "-f", str(CONFIG)], cwd=ROOT, env=env)


def build(jobs: int = 2, say=print) -> float:
    started = time.perf_counter()
    done = generate(jobs, say)
    say(f"pages: {len(done['executed'])} executed, {len(done['reused'])} reused from .cache/docs/")
    status = mkdocs("build", "--strict", "-d", str(SITE))  # not --quiet: it hides the warnings --strict counts
    if status:
        raise PageFailed(f"mkdocs build --strict failed (exit {status})")
    checked = hygiene.check_site(SITE)
    external = hygiene.external_resources(SITE)
    if external:
        raise hygiene.DirtyPage("pages load external resources: " + "; ".join(external[:5]))
    seconds = time.perf_counter() - started
    say(f"built {checked} pages into {SITE}/ in {seconds:.1f} s; no ANSI codes, "
        "no TensorFlow log lines, no external resources")
    return seconds


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] != "wheel" or len(argv) > 2:
        print("usage: python -m scenarios.machinery.docsite.build wheel [DIR]", file=sys.stderr)
        return 2
    wheel = build_wheel(Path(argv[1]) if len(argv) > 1 else ROOT / "dist")
    print(f"{wheel} ({wheel.stat().st_size / 1024:.0f} KiB)")
    return 0


def serve(address: str = "127.0.0.1:8000", say=print) -> int:
    generate(say=say)
    # The hook in mkdocs.yml re-runs generate() on every rebuild while serving, so an edited page
    # notebook or scenario file is re-executed (only that one) and the browser reloads.
    os.environ["DOCSITE_SERVING"] = "1"
    return mkdocs("serve", "--dev-addr", address)


def clean() -> None:
    for path in (GENERATED, SITE):
        shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
