"""The command line shared by every scenario: `python -m scenarios.<name>` and `python -m scenarios`.

User mistakes (an unknown scenario or flag, an unusable --workdir) get one line on stderr and exit
status 2, and nothing is written. A run exits 0 only when every broken case failed as declared and
every fix matched the original model; otherwise 1.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from scenarios.machinery import artifacts, registry, report, runner
from scenarios.machinery.quiet import clean

WORKDIR_MARKER = ".scenarios-workdir"


class UsageError(Exception):
    """A mistake in how the command was called; reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print the whole usage block first
        raise UsageError(f"{message} (see --help)")


def _parser(prog: str, with_scenario: bool) -> argparse.ArgumentParser:
    parser = _Parser(prog=prog, description="Reproduce a Keras save/load/predict failure, then prove its fix.")
    if with_scenario:
        parser.add_argument("scenario", nargs="?", help="a scenario name, or 'all'; omit to list them")
    formats = [*artifacts.FORMATS, "both"] if with_scenario else list(artifacts.FORMATS)
    parser.add_argument(
        "--format", choices=formats, default=None,
        help="file format to save and load: keras (default) or the legacy h5" + (", or both (default for 'all')" if with_scenario else ""),
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
        with tempfile.TemporaryDirectory(prefix="keras-scenario-") as scratch:
            yield Path(scratch)
        return
    path = requested.expanduser()
    if path.exists() and not path.is_dir():
        raise UsageError(f"--workdir {requested}: exists and is not a directory")
    if path.is_dir() and any(path.iterdir()) and not (path / WORKDIR_MARKER).exists():
        raise UsageError(f"--workdir {requested}: directory is not empty and was not created by scenarios; refusing to write into it")
    try:
        path.mkdir(parents=True, exist_ok=True)
        (path / WORKDIR_MARKER).touch()
    except OSError as error:
        raise UsageError(f"--workdir {requested}: cannot write there ({error.strerror or error})") from None
    yield path


def _run_one(name: str, fmt: str, workdir: Path, options) -> runner.Run:
    run = runner.run(name, fmt, workdir)
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
    runs = []
    with workdir_for(options.workdir) as workdir:
        for name in names:
            for fmt in formats:
                # Each scenario and format gets its own folder, so runs never see each other's files.
                target = workdir / f"{name}-{fmt}" if len(names) * len(formats) > 1 else workdir
                runs.append(_run_one(name, fmt, target, options))
                if len(runs) < len(names) * len(formats) and not options.json and not options.quiet:
                    print("\n" + "=" * report.WIDTH + "\n")
    if options.json:
        payload = [r.to_json() for r in runs]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2))
    elif len(runs) > 1:
        print("\n" + report.summary_table(runs))
    return 0 if all(r.passed for r in runs) else 1


def _guard(body) -> int:
    try:
        return body()
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except runner.ChildFailed as error:
        print(f"internal error, not a scenario outcome: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def scenario_main(name: str, argv: list[str] | None = None) -> None:
    """`python -m scenarios.<name> [--format keras|h5] [--json] [--workdir DIR] [--quiet] [--verbose]`."""

    def body() -> int:
        options = _parser(f"python -m scenarios.{name}", with_scenario=False).parse_args(argv)
        return _execute([name], [options.format or "keras"], options)

    sys.exit(_guard(body))


def main(argv: list[str] | None = None) -> None:
    """`python -m scenarios` lists; `python -m scenarios all|<name> [options]` runs."""

    def body() -> int:
        options = _parser("python -m scenarios", with_scenario=True).parse_args(argv)
        names = registry.names()
        if options.scenario is None:
            for scenario in registry.all_scenarios():
                print(f"{scenario.name:<24} {scenario.summary}")
            print("\nRun one: python -m scenarios.<name>    Run all: python -m scenarios all")
            return 0
        if options.scenario != "all" and options.scenario not in names:
            raise UsageError(f"unknown scenario {options.scenario!r}; choose from: all, {', '.join(names)}")
        chosen = names if options.scenario == "all" else [options.scenario]
        default = "both" if options.scenario == "all" else "keras"
        fmt = options.format or default
        return _execute(chosen, list(artifacts.FORMATS) if fmt == "both" else [fmt], options)

    sys.exit(_guard(body))
