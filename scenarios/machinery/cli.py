"""The command line shared by every scenario: `python -m scenarios.<name>` and `python -m scenarios`.

User mistakes (an unknown scenario or flag, an unusable --workdir) get one line on stderr and exit
status 2, and nothing is written; so does output that cannot be written (a full disk), while output
piped into a command that stops reading (`| head`) just ends the run. A run exits 0 only when every
broken case failed as declared and every fix matched the original model; otherwise 1.

`python -m scenarios cache [--clear]` shows the cache of trained models and recorded runs, or empties it.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import re
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from scenarios.machinery import artifacts, fresh, generation, registry, report, runner, scratch
from scenarios.machinery.quiet import clean

WORKDIR_MARKER = ".scenarios-workdir"


class UsageError(Exception):
    """A mistake in how the command was called; reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print the whole usage block first
        raise UsageError(f"{message} (see --help)")


def _parser(prog: str, with_scenario: bool) -> argparse.ArgumentParser:
    parser = _Parser(prog=prog, description="Reproduce a Keras save/load/predict failure, then prove its fix.",
                     epilog="python -m scenarios cache [--clear] shows or empties the cache of trained models." if with_scenario else None)
    if with_scenario:
        parser.add_argument("scenario", nargs="?", help="a scenario name, or 'all'; omit to list them")
    formats = [*artifacts.FORMATS, "both"] if with_scenario else list(artifacts.FORMATS)
    parser.add_argument(
        "--format", choices=formats, default=None,
        help="file format to save and load: keras (default) or the legacy h5" + (", or both (default for 'all')" if with_scenario else ""),
    )
    keras_choices = [*generation.GENERATIONS[::-1], "both"] if with_scenario else list(generation.GENERATIONS[::-1])
    parser.add_argument(
        "--keras", choices=keras_choices, default=generation.DEFAULT,
        help="Keras generation: 3 (default), 2 (tf.keras 2, the tf_keras package)" + (", or both" if with_scenario else ""),
    )
    parser.add_argument("--json", action="store_true", help="print the recorded outcome as JSON")
    parser.add_argument("--workdir", type=Path, help="keep the files here (a new or empty directory)")
    parser.add_argument("--quiet", action="store_true", help="print only the outcome line")
    parser.add_argument("--verbose", action="store_true", help="also print the TensorFlow logs of the child processes")
    return parser


@contextmanager
def workdir_for(requested: Path | None):
    """A temporary directory removed afterwards, or the user's --workdir, which must be new, empty,
    or one this tool made before: we never write among someone's own files."""
    if requested is None:
        # Owned by this process, so a later command sweeps it away if this one is killed.
        folder = scratch.make("keras-scenario-")
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    path = requested.expanduser()
    if path.exists() and not path.is_dir():
        raise UsageError(f"--workdir {requested}: exists and is not a directory")
    if path.is_dir() and any(path.iterdir()) and not (path / WORKDIR_MARKER).exists():
        raise UsageError(f"--workdir {requested}: directory is not empty and was not created by scenarios; refusing to write into it")
    try:
        path.mkdir(parents=True, exist_ok=True)
        (path / WORKDIR_MARKER).touch()
        # Our own marker may still be touched in a folder that has become read-only: try real writes.
        (path / "logs").mkdir(exist_ok=True)
        for folder in (path, path / "logs"):
            probe = folder / ".scenarios-probe"
            probe.touch()
            probe.unlink()
    except OSError as error:
        raise UsageError(f"--workdir {requested}: cannot write there ({error.strerror or error})") from None
    yield path


def _run_one(name: str, fmt: str, keras: str, workdir: Path, options) -> runner.Run:
    run = runner.run(name, fmt, workdir, keras=keras)
    if not options.json:
        if options.quiet:
            print(report.outcome_line(run))
        else:
            print(report.render(run))
            if options.workdir:
                print(f"Files kept in {workdir}")
        if options.verbose:
            for log in run.logs:
                print(f"\n--- {log.name} ---\n" + clean(log.read_text(errors="replace")))
    return run


def _execute(names: list[str], formats: list[str], options) -> int:
    kerases = generation.expand(options.keras)
    for keras in kerases:
        try:
            generation.check_available(keras)
        except generation.Unavailable as error:
            raise UsageError(str(error)) from None
    fresh.prestart(kerases[0])  # TensorFlow's import overlaps the sweep and the cache checks below
    _sweep()
    combinations = [(name, keras, fmt) for name in names for keras in kerases for fmt in formats]
    runs = []
    with workdir_for(options.workdir) as workdir:
        for name, keras, fmt in combinations:
            # Each scenario, generation and format gets its own folder: runs never see each other's files.
            suffix = f"-keras{keras}" if len(kerases) > 1 else ""
            target = workdir / f"{name}-{fmt}{suffix}" if len(combinations) > 1 else workdir
            runs.append(_run_one(name, fmt, keras, target, options))
            if len(runs) < len(combinations) and not options.json and not options.quiet:
                print("\n" + "=" * report.WIDTH + "\n")
    if options.json:
        payload = [r.to_json() for r in runs]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2))
    elif len(runs) > 1:
        print("\n" + report.summary_table(runs))
    return 0 if all(r.passed for r in runs) else 1


def _guard(body) -> int:
    _ascii_fallback()
    try:
        status = body()
        sys.stdout.flush()  # here, not at exit, where a failed write could only print a traceback
        return status
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except runner.ChildFailed as error:
        print(f"internal error, not a scenario outcome: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head`, say: stop quietly
        _drop_stdout()
        return 1
    except OSError as error:  # a full disk, a folder that became read-only
        _drop_stdout()
        if error.filename:
            print(f"error: {error.filename}: {error.strerror or error}", file=sys.stderr)
        else:
            print(f"error: cannot write the output: {error.strerror or error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _drop_stdout() -> None:
    """Send what is still buffered for stdout nowhere, so exiting does not fail on it again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


_ASCII = {"✓": "+", "✗": "x", "×": "x", "·": "-", "…": "...", "—": "-", "–": "-", "≤": "<=", "≥": ">=", "→": "->"}


def _ascii_marks(error: UnicodeEncodeError):
    text = error.object[error.start:error.end]
    return "".join(_ASCII.get(char, "?") for char in text), error.end


codecs.register_error("scenarios-ascii", _ascii_marks)


def _ascii_fallback() -> None:
    """On a terminal that cannot show ✓ and ✗ (PYTHONIOENCODING=ascii, say), print + and x instead
    of crashing; characters it can show are untouched."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="scenarios-ascii")
            except (ValueError, OSError):
                pass


def _sweep() -> None:
    scratch.sweep()  # what killed runs left behind; cheap, and never fails


# How a failure shows, in the order a serving script meets it.
SHOWS = (("load", "Fails at load"), ("predict", "Fails at predict"), ("evaluate", "Fails at evaluate"),
         ("silent", "Silently wrong: no error at all"))


def shows(scenario) -> str:
    """Where a scenario's headline (first) broken case shows itself on Keras 3: "load", "predict",
    "evaluate" or "silent"."""
    from scenarios.machinery.declare import NotApplicable, Raises

    for case in scenario.broken_cases:
        expect = case.expect_on(generation.DEFAULT)
        if isinstance(expect, NotApplicable):
            continue
        if isinstance(expect, Raises):
            return {"load_model": "load", "evaluate": "evaluate"}.get(expect.during, "predict")
        return "silent"
    return "silent"


def listing(scenarios) -> str:
    """The scenarios, grouped by how their failure shows on Keras 3."""
    lines = []
    for key, heading in SHOWS:
        group = [s for s in scenarios if shows(s) == key]
        if group:
            lines += [f"{heading}:"] + [f"  {s.name:<24} {s.summary}" for s in group] + [""]
    return "\n".join(lines).rstrip()


def scenario_main(name: str, argv: list[str] | None = None) -> None:
    """`python -m scenarios.<name> [--format keras|h5] [--keras 3|2] [--json] [--workdir DIR] [--quiet] [--verbose]`."""

    def body() -> int:
        options = _parser(f"python -m scenarios.{name}", with_scenario=False).parse_args(argv)
        return _execute([name], [options.format or "keras"], options)

    sys.exit(_guard(body))


def main(argv: list[str] | None = None) -> None:
    """`python -m scenarios` lists; `python -m scenarios all|<name> [options]` runs;
    `python -m scenarios cache [--clear]` shows or empties the cache."""

    def body() -> int:
        arguments = sys.argv[1:] if argv is None else list(argv)
        if arguments[:1] == ["cache"]:
            return cache_command(arguments[1:])
        options = _parser("python -m scenarios", with_scenario=True).parse_args(arguments)
        _sweep()
        names = registry.names()
        if options.scenario is None:
            print(listing(registry.all_scenarios()))
            print("\nRun one: python -m scenarios.<name>    Run all: python -m scenarios all    "
                  "The cache: python -m scenarios cache [--clear]")
            return 0
        if options.scenario != "all" and options.scenario not in names:
            raise UsageError(f"unknown scenario {options.scenario!r}; choose from: all, {', '.join(names)}")
        chosen = names if options.scenario == "all" else [options.scenario]
        default = "both" if options.scenario == "all" else "keras"
        fmt = options.format or default
        return _execute(chosen, list(artifacts.FORMATS) if fmt == "both" else [fmt], options)

    sys.exit(_guard(body))


# --- the cache ----------------------------------------------------------------------------------

# What this tool makes in the cache folder; --clear removes these and nothing else.
_TRAINED = re.compile(r"[a-z0-9_]+-[0-9a-f]{16}")
_RECORDED = re.compile(r"[a-z0-9_]+-(keras|h5)-[0-9a-f]{16}")
_STAGING = re.compile(r"\.[a-z0-9_]+-.+")
_MESSAGES = re.compile(r"[a-z0-9_]+-(keras|h5)\.json")
_PROGRESS = re.compile(r"[0-9a-f]{16}(\.json|\.lock|-.+\.tmp)")


def cache_command(argv: list[str]) -> int:
    parser = _Parser(prog="python -m scenarios cache", description="Show the cache of trained models and recorded runs.")
    parser.add_argument("--clear", action="store_true", help="remove everything this tool put in the cache")
    options = parser.parse_args(argv)
    _sweep()
    root = artifacts.cache_root()
    if root.exists() and not root.is_dir():
        raise UsageError(f"the cache {root} is not a directory (set SCENARIOS_CACHE_DIR to use another)")
    ours, theirs = _cache_contents(root)
    if options.clear:
        removed = 0
        for path in ours:
            if path.name.startswith(".") and scratch.owner_alive(path):
                continue  # a training or recording in progress in another process
            removed += _size(path)
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        for folder in (root / "runs", root / "exercise-progress", root / artifacts.MESSAGES, root):
            try:
                folder.rmdir()  # only if nothing is left in it
            except OSError:
                pass
        print(f"Cleared the cache {root}: {len(ours)} {'entry' if len(ours) == 1 else 'entries'}, "
              f"{removed / 2**20:.1f} MB removed.")
        if theirs:
            print(f"Kept {len(theirs)} files this tool did not make: " + ", ".join(p.name for p in theirs))
        return 0
    if not root.exists():
        print(f"Cache: {root} (empty: nothing trained yet)")
        return 0
    print(f"Cache: {root} ({sum(_size(p) for p in ours) / 2**20:.1f} MB)")
    try:
        current = set(scratch.current_entries().values())
    except Exception:  # a scenario that cannot be imported must not hide the cache
        current = set()
    for path in ours:
        if path.parent.name in ("exercise-progress", artifacts.MESSAGES):
            continue
        kind = "recorded run" if path.parent.name == "runs" else "trained"
        if path.name.startswith("."):
            state = "unfinished (training or recording)"
        else:
            version = "current" if path in current else "older code or libraries"
            state = f"{artifacts.damage(path) or 'intact'}, {version}"
        print(f"  {path.relative_to(root).as_posix():52} {kind:12} {_size(path) / 2**20:6.2f} MB  {state}")
    messages = [p for p in ours if p.parent.name == artifacts.MESSAGES]
    if messages:
        print(f"  {artifacts.MESSAGES + '/':52} {'messages':12} {sum(_size(p) for p in messages) / 2**20:6.2f} MB  "
              f"{len(messages)} runs' error messages, for python -m scenarios.explain")
    progress = [p for p in ours if p.parent.name == "exercise-progress"]
    if progress:
        workspaces = sum(p.suffix == ".json" for p in progress)
        megabytes = sum(_size(p) for p in progress) / 2**20
        print(f"  {'exercise-progress/':52} {'progress':12} {megabytes:6.2f} MB  {workspaces} exercise workspace(s)")
    if theirs:
        print(f"  (also {len(theirs)} files this tool did not make: " + ", ".join(p.name for p in theirs) + ")")
    print("Empty it: python -m scenarios cache --clear")
    return 0


def _cache_contents(root: Path) -> tuple[list[Path], list[Path]]:
    """(what this tool made in the cache, anything else), each a sorted list."""
    ours, theirs = [], []
    if not root.is_dir():
        return ours, theirs
    for path in sorted(root.iterdir()):
        if path.name in ("runs", "exercise-progress", artifacts.MESSAGES) and path.is_dir():
            pattern = {"runs": _RECORDED, "exercise-progress": _PROGRESS, artifacts.MESSAGES: _MESSAGES}[path.name]
            for inner in sorted(path.iterdir()):
                made = pattern.fullmatch(inner.name) or _STAGING.fullmatch(inner.name)
                (ours if made else theirs).append(inner)
        elif _TRAINED.fullmatch(path.name) or _STAGING.fullmatch(path.name):
            ours.append(path)
        else:
            theirs.append(path)
    return ours, theirs


def _size(path: Path) -> int:
    if path.is_file() or path.is_symlink():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file())
