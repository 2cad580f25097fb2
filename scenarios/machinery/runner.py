"""Running a scenario: train once (or reuse the cache), serve in a fresh process, judge.

This process never imports TensorFlow. Training and serving each happen in a fresh process
(scenarios.machinery.child, started by scenarios.machinery.fresh) whose output goes to a log file in the workdir, so the
user sees our report and nothing else, and the serving process has never seen the training code.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from scenarios.machinery import artifacts, fresh, registry
from scenarios.machinery.declare import Scenario
from scenarios.machinery.quiet import clean
from scenarios.machinery.verdict import Verdict, judge


class ChildFailed(RuntimeError):
    """A child process died instead of recording an outcome: a bug, not a scenario result."""


def run_child(arguments: list[str], log_file: Path, timeout: float = 600, cwd: Path | None = None) -> dict:
    """Run scenarios.machinery.child with `arguments` in a fresh process; return the result it recorded."""
    with tempfile.TemporaryDirectory() as scratch:
        result_file = Path(scratch) / "result.json"
        child_arguments = [*arguments[:3], str(result_file), *arguments[3:]]
        status = fresh.run("scenarios.machinery.child:main", child_arguments, log_file, timeout, cwd=cwd and str(cwd))
        if status != 0 or not result_file.exists():
            tail = clean(Path(log_file).read_text(errors="replace")).strip().splitlines()[-5:]
            raise ChildFailed(f"`{' '.join(arguments[:2])}` exited with {status}; see {log_file}: " + " / ".join(tail))
        return json.loads(result_file.read_text())


def ensure_trained(scenario: Scenario, workdir: Path) -> tuple[dict, str]:
    """Put the scenario's trained files into `workdir`; return their info and "cached" or "trained"."""
    key = artifacts.training_key(_package(scenario))
    cached = artifacts.cached_training(scenario.name, key)
    how = "cached"
    if not (cached / artifacts.TRAINED).exists():
        how = "trained"
        cached.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{scenario.name}-", dir=cached.parent))
        try:
            run_child(["train", scenario.name, str(staging)], Path(workdir) / "logs" / "train.log")
            os.rename(staging, cached)
        except OSError:  # another process trained it first; theirs is the same
            pass
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    artifacts.copy_trained(cached, Path(workdir))
    return artifacts.read_trained_info(workdir), how


@dataclass
class Run:
    scenario: Scenario
    fmt: str
    workdir: Path
    trained: dict
    training: str
    versions: dict
    verdicts: list[Verdict]
    seconds: float
    logs: list[Path] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(v.passed for v in self.verdicts)

    def verdict(self, case_name: str) -> Verdict:
        return next(v for v in self.verdicts if v.case.name == case_name)

    def to_json(self) -> dict:
        return {
            "scenario": self.scenario.name,
            "title": self.scenario.title,
            "format": self.fmt,
            "passed": self.passed,
            "versions": self.versions,
            "training": self.training,
            "trained": {k: v for k, v in self.trained.items() if k != "versions"},
            "cases": [v.to_json() for v in self.verdicts],
            "seconds": round(self.seconds, 2),
        }


def run(scenario: Scenario | str, fmt: str, workdir: Path, reuse: bool = False) -> Run:
    """Serve every case of `scenario` from the `fmt` file in a fresh process, and judge.

    With `reuse`, a run already recorded for exactly this code, these library versions and this
    format is copied into `workdir` instead of served again: the docs build and the tests show
    one real run each rather than repeating identical ones. The command line never reuses.
    """
    scenario = registry.get(scenario) if isinstance(scenario, str) else scenario
    if fmt not in artifacts.FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    started = time.perf_counter()
    # Absolute: the serving process runs inside it, wherever the caller's current directory is.
    workdir = Path(workdir).resolve()
    recorded = artifacts.recorded_run(scenario.name, _package(scenario), fmt)
    if reuse and (recorded / SERVED).exists():
        artifacts.copy_trained(recorded, workdir, recursive=True)
        how = "recorded"
    else:
        trained, how = ensure_trained(scenario, workdir)
        serve_log = workdir / "logs" / f"serve-{fmt}.log"
        # Serving runs in the workdir, as a service runs in its own folder: anything it writes lands there.
        served = run_child(["serve", scenario.name, str(workdir), fmt], serve_log, cwd=workdir)
        (workdir / SERVED).write_text(json.dumps(served, indent=1))
        if reuse:
            _record(workdir, recorded)
    return _judged(scenario, fmt, workdir, how, time.perf_counter() - started)


SERVED = "served.json"


def _package(scenario: Scenario) -> Path:
    return registry.folder(scenario.name)


def _record(workdir: Path, recorded: Path) -> None:
    recorded.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".run-", dir=recorded.parent))
    try:
        artifacts.copy_trained(workdir, staging, recursive=True)
        os.rename(staging, recorded)
    except OSError:  # recorded meanwhile by another process: the same run
        pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _judged(scenario: Scenario, fmt: str, workdir: Path, how: str, seconds: float) -> Run:
    served = json.loads((workdir / SERVED).read_text())
    with np.load(workdir / artifacts.PROBE) as probe:
        probe = dict(probe)
    verdicts = []
    for name, outcome in served["outcomes"].items():
        if outcome.get("predictions"):
            outcome = {**outcome, "predictions": str(workdir / outcome["predictions"])}
        verdicts.append(judge(scenario.task, scenario.case(name), outcome, probe, fmt))
    logs = sorted((workdir / "logs").glob("*.log"))
    trained = artifacts.read_trained_info(workdir)
    return Run(scenario, fmt, workdir, trained, how, served["versions"], verdicts, seconds, logs)
