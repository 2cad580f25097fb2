"""Building the site: make the generated pages (executing only what changed), then mkdocs.

`generate()` fills docs/generated/ from the cache, executing the notebooks whose key changed; it
writes a file only when its content changed, so `mkdocs serve` does not reload for nothing.
`build()` then runs `mkdocs build --strict` and checks every built page for terminal noise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
    runs = []
    for page in wanted:
        entry = results[page.name][0]
        _write(GENERATED / f"{page.name}.md", (entry / notebooks.PAGE_FILE).read_bytes(), written)
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

    listing = []
    for exercise in catalog.EXERCISES:
        _write(GENERATED / "exercise-notebooks" / exercise.notebook, exercise_notebooks.text(exercise), written)
        listing.append(f"- [{exercise.notebook}](generated/exercise-notebooks/{exercise.notebook}): {exercise.title}")
    _write(GENERATED / "snippets" / "exercise-notebooks.md", "\n".join(listing) + "\n", written)
    for stray in [p for p in GENERATED.rglob("*") if p.is_file() and p not in written]:
        stray.unlink()
    for name in names:
        hygiene.check_text((GENERATED / f"{name}.md").read_text(), f"docs/generated/{name}.md")
    return {"executed": [n for n, r in results.items() if r[1]], "reused": [n for n, r in results.items() if not r[1]]}


def checker_sample(exercise_name: str = "predict_digits", attempt: str = "fortran_order") -> str:
    """What `check` prints for one of the exercise's own wrong attempts, from a real check (cached
    like the pages, on the source and the library versions)."""
    import hashlib

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


def serve(address: str = "127.0.0.1:8000", say=print) -> int:
    generate(say=say)
    # The hook in mkdocs.yml re-runs generate() on every rebuild while serving, so an edited page
    # notebook or scenario file is re-executed (only that one) and the browser reloads.
    os.environ["DOCSITE_SERVING"] = "1"
    return mkdocs("serve", "--dev-addr", address)


def clean() -> None:
    for path in (GENERATED, SITE):
        shutil.rmtree(path, ignore_errors=True)
