"""Running a scenario: train once (or reuse the cache), serve in a fresh process, judge.

This process never imports TensorFlow. Training and serving each happen in a fresh process
(scenarios.machinery.child, started by scenarios.machinery.fresh) whose output goes to a log file in the workdir, so the
user sees our report and nothing else, and the serving process has never seen the training code.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from scenarios.machinery import artifacts, fresh, generation, registry, scratch
from scenarios.machinery.declare import Scenario
from scenarios.machinery.quiet import clean
from scenarios.machinery.verdict import Verdict, judge


class ChildFailed(RuntimeError):
    """A child process died instead of recording an outcome: a bug, not a scenario result."""


def run_child(arguments: list[str], log_file: Path, timeout: float = 600, cwd: Path | None = None,
              keras: str = generation.DEFAULT) -> dict:
    """Run scenarios.machinery.child with `arguments` in a fresh process; return the result it recorded."""
    results = scratch.make("scenarios-result-")
    try:
        result_file = results / "result.json"
        child_arguments = [*arguments[:3], str(result_file), *arguments[3:]]
        status = fresh.run("scenarios.machinery.child:main", child_arguments, log_file, timeout, cwd=cwd and str(cwd),
                           keras=keras)
        if status != 0 or not result_file.exists():
            text = Path(log_file).read_text(errors="replace") if Path(log_file).exists() else ""
            tail = clean(text).strip().splitlines()[-5:]
            raise ChildFailed(f"`{' '.join(arguments[:2])}` exited with {status}; see {_keep(log_file)}: " + " / ".join(tail))
        return json.loads(result_file.read_text())
    finally:
        shutil.rmtree(results, ignore_errors=True)


def _keep(log_file: Path) -> Path:
    """A copy of a failed child's log that outlives the workdir, which may be temporary and gone
    before anyone reads the message naming it."""
    try:
        handle, kept = tempfile.mkstemp(prefix="keras-scenarios-failed-", suffix=".log")
        with os.fdopen(handle, "wb") as out, open(log_file, "rb") as log:
            shutil.copyfileobj(log, out)
        return Path(kept)
    except OSError:
        return Path(log_file)


def ensure_trained(scenario: Scenario, workdir: Path, keras: str = generation.DEFAULT) -> tuple[dict, str]:
    """Put the scenario's trained files, made on Keras generation `keras`, into `workdir`; return
    their info and "cached" or "trained"."""
    workdir = Path(workdir)
    entry = artifacts.cached_training(scenario.name, artifacts.training_key(_package(scenario), keras), keras).name
    cached = _intact(entry, "training again")
    if cached is not None:
        artifacts.copy_trained(cached, workdir)
        how = "cached"
    else:
        with _staging(entry) as staging:
            run_child(["train", scenario.name, str(staging)], workdir / "logs" / "train.log", keras=keras)
            artifacts.copy_trained(staging, workdir)
        how = "trained"
    return artifacts.read_trained_info(workdir), how


def _intact(entry: str, instead: str) -> Path | None:
    """The cache entry `entry` (a path inside the cache) when it is intact; a damaged or partial one
    is discarded, saying so in one line, and None is returned, as when there is none."""
    for root in artifacts.cache_dirs():
        path = root / entry
        if not (path.exists() or path.is_symlink()):
            continue
        problem = artifacts.damage(path)
        if problem is None:
            return path
        print(f"warning: cache entry {path} was damaged ({problem}); {instead}", file=sys.stderr)
        artifacts.discard(path)
    return None


@contextmanager
def _staging(entry: str):
    """A folder to fill; once the body succeeds it becomes the cache entry `entry`, all at once and
    with its manifest, so no reader ever sees it incomplete. Marked with its owner, so sweep() can
    remove it if this process is killed. When the cache cannot take it, it is simply not kept."""
    target = artifacts.writable_cache() / entry
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name.split('-')[0]}-", dir=target.parent))
    except OSError as error:
        print(f"warning: cannot store {entry} in the cache ({error.strerror or error}); it is not kept", file=sys.stderr)
        target, staging = None, scratch.make("scenarios-staging-")
    try:
        scratch.own(staging)
        yield staging
        if target is not None:
            artifacts.write_manifest(staging)
            try:
                os.rename(staging, target)
            except OSError:  # another process stored it first; theirs is the same
                pass
            else:
                (target / scratch.OWNER).unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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
    keras: str = generation.DEFAULT

    @property
    def passed(self) -> bool:
        return all(v.passed for v in self.verdicts)

    @property
    def keras_name(self) -> str:
        """The generation and version that ran: "Keras 3.15.1" or "tf.keras 2.21.0"."""
        return generation.name(self.keras, self.versions)

    def verdict(self, case_name: str) -> Verdict:
        return next(v for v in self.verdicts if v.case.name == case_name)

    def to_json(self) -> dict:
        return {
            "scenario": self.scenario.name,
            "title": self.scenario.title,
            "format": self.fmt,
            "keras": self.keras,
            "passed": self.passed,
            "versions": self.versions,
            "training": self.training,
            "trained": {k: v for k, v in self.trained.items() if k != "versions"},
            "cases": [v.to_json() for v in self.verdicts],
            "seconds": round(self.seconds, 2),
        }


def run(scenario: Scenario | str, fmt: str, workdir: Path, reuse: bool = False, keras: str = generation.DEFAULT) -> Run:
    """Serve every case of `scenario` from the `fmt` file in a fresh process of Keras generation
    `keras` (trained on that generation too), and judge.

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
    recorded = artifacts.recorded_run(scenario.name, _package(scenario), fmt, keras)
    recorded = recorded.relative_to(artifacts.cache_root()).as_posix()
    kept = _intact(recorded, "serving again") if reuse else None
    if kept is not None:
        artifacts.copy_trained(kept, workdir, recursive=True)
        how = "recorded"
        served = json.loads((workdir / SERVED).read_text())
        artifacts.record_messages(scenario.name, fmt, keras, served)
    else:
        trained, how = ensure_trained(scenario, workdir, keras)
        serve_log = workdir / "logs" / f"serve-{fmt}.log"
        # Serving runs in the workdir, as a service runs in its own folder: anything it writes lands there.
        served = run_child(["serve", scenario.name, str(workdir), fmt], serve_log, cwd=workdir, keras=keras)
        # Kept beside the predictions, so that the run can be judged again wherever it is copied.
        (workdir / SERVED).write_text(json.dumps(served, indent=1))
        artifacts.record_messages(scenario.name, fmt, keras, served)
        if reuse:
            _record(workdir, recorded)
    return _judged(scenario, fmt, workdir, served, how, time.perf_counter() - started, keras)


SERVED = "served.json"


def _package(scenario: Scenario) -> Path:
    return registry.folder(scenario.name)


def _record(workdir: Path, recorded: str) -> None:
    with _staging(recorded) as staging:
        artifacts.copy_trained(workdir, staging, recursive=True)


def _judged(scenario: Scenario, fmt: str, workdir: Path, served: dict, how: str, seconds: float, keras: str) -> Run:
    with np.load(workdir / artifacts.PROBE) as probe:
        probe = dict(probe)
    verdicts = []
    for case in scenario.cases:
        outcome = served["outcomes"].get(case.name)  # absent: not applicable on this generation
        if outcome and outcome.get("predictions"):
            outcome = {**outcome, "predictions": str(workdir / outcome["predictions"])}
        verdicts.append(judge(scenario.task, case, outcome, probe, fmt, keras))
    logs = sorted((workdir / "logs").glob("*.log"))
    trained = artifacts.read_trained_info(workdir)
    return Run(scenario, fmt, workdir, trained, how, served["versions"], verdicts, seconds, logs, keras)
