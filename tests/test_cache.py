"""The cache heals and the temporary files go away: damaged entries are found and replaced, a cache
that cannot be written falls back to a temporary one, killed runs leave nothing for good, the
`cache` command shows and clears it, and concurrent checks never lose a recorded result.

Damage is done to copies of the real trained entry in a temporary cache; training is faked (it copies
a pristine entry) except in one test, which retrains for real to prove the whole run heals.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import pytest

from scenarios.machinery import artifacts, registry, runner, scratch
from scenarios.machinery.exercises import workspace

ROOT = Path(__file__).resolve().parent.parent
NAME = "shape_mismatch"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """An intact entry for NAME's current code: the trained files (from the shared cache unless it is
    cold) with their manifest."""
    workdir = tmp_path_factory.mktemp("workdir")
    runner.ensure_trained(registry.get(NAME), workdir)
    entry = artifacts.cached_training(NAME, artifacts.training_key(registry.folder(NAME)))
    copy = tmp_path_factory.mktemp("pristine") / entry.name
    artifacts.copy_trained(workdir, copy)
    artifacts.write_manifest(copy)
    return copy


@pytest.fixture
def cache(tmp_path, monkeypatch, pristine) -> Path:
    """A private cache holding an intact copy of the entry; returns the entry's path in it."""
    root = tmp_path / "cache"
    root.mkdir()
    shutil.copytree(pristine, root / pristine.name)
    monkeypatch.setenv("SCENARIOS_CACHE_DIR", str(root))
    return root / pristine.name


@pytest.fixture
def fake_training(monkeypatch, pristine) -> list[str]:
    """Training replaced by copying the pristine entry into the staging folder; returns the
    staging folders it was asked to fill."""
    calls = []

    def run_child(arguments, log_file, **options):
        command, name, staging = arguments[:3]
        assert (command, name) == ("train", NAME)
        assert (Path(staging) / scratch.OWNER).is_file()  # a killed run's staging can be swept
        artifacts.copy_trained(pristine, Path(staging))
        calls.append(staging)
        return {}

    monkeypatch.setattr(runner, "run_child", run_child)
    return calls


def truncate(entry: Path) -> None:
    with open(entry / "model.keras", "r+b") as model:
        model.truncate(1000)


DAMAGE = {
    "truncated model": (truncate, "model.keras: hash differs"),
    "trained.json deleted": (lambda e: (e / "trained.json").unlink(), "trained.json: missing"),
    "probe.npz deleted": (lambda e: (e / "probe.npz").unlink(), "probe.npz: missing"),
    "no manifest (partial)": (lambda e: (e / artifacts.MANIFEST).unlink(), "manifest.json missing"),
}


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_entry_is_named_discarded_and_trained_again(how, cache, fake_training, tmp_path, capsys):
    do_damage, problem = DAMAGE[how]
    do_damage(cache)
    assert artifacts.damage(cache) == problem

    info, training = runner.ensure_trained(registry.get(NAME), tmp_path / "first")
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"warning: cache entry {cache} was damaged ({problem}); training again"]
    assert training == "trained" and len(fake_training) == 1
    assert artifacts.damage(cache) is None and info == artifacts.read_trained_info(cache)
    assert not [p.name for p in cache.parent.iterdir() if p.name.startswith(".")]  # no staging left
    # Healed: the next use is served from the cache, silently.
    _, training = runner.ensure_trained(registry.get(NAME), tmp_path / "second")
    assert training == "cached" and len(fake_training) == 1 and capsys.readouterr().err == ""


def test_a_truncated_model_is_retrained_and_the_run_passes(cache, tmp_path, capsys):
    """Once for real: the run heals instead of reporting that the failure no longer reproduces."""
    truncate(cache)
    run = runner.run(NAME, "keras", tmp_path / "run")
    assert "was damaged (model.keras: hash differs); training again" in capsys.readouterr().err
    assert run.training == "trained" and run.passed, [v.summary for v in run.verdicts if not v.passed]
    assert artifacts.damage(cache) is None


def test_a_damaged_recorded_run_is_served_again(cache, tmp_path, capsys, monkeypatch):
    recorded = artifacts.recorded_run(NAME, registry.folder(NAME), "keras")
    entry = recorded.relative_to(artifacts.cache_root()).as_posix()
    fake = tmp_path / "fake-run"
    (fake / "logs").mkdir(parents=True)
    (fake / runner.SERVED).write_text("{}")
    (fake / "logs" / "serve-keras.log").write_text("served\n")
    runner._record(fake, entry)
    assert artifacts.damage(recorded) is None
    (recorded / "logs" / "serve-keras.log").write_text("edited\n")
    assert runner._intact(entry, "serving again") is None
    assert capsys.readouterr().err.strip() == (
        f"warning: cache entry {recorded} was damaged (logs/serve-keras.log: hash differs); serving again")
    assert not recorded.exists()


def _immutable(path: Path) -> bool:
    """Make `path` read-only for root too (chattr +i); False where that cannot be done."""
    if os.geteuid() != 0:
        path.chmod(0o555)
        return True
    return shutil.which("chattr") is not None and subprocess.run(
        ["chattr", "+i", str(path)], capture_output=True).returncode == 0


def _mutable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    else:
        path.chmod(0o755)


@pytest.mark.parametrize("kind", ["a file", "under a file", "read-only"])
def test_a_cache_that_cannot_be_written_falls_back_to_a_temporary_one(kind, tmp_path, monkeypatch, fake_training, capsys):
    blocker = tmp_path / "blocker"
    if kind == "read-only":
        blocker.mkdir()
        root = blocker
        if not _immutable(blocker):
            pytest.skip("cannot make a folder read-only for root here (no chattr +i)")
    else:
        blocker.write_text("not a cache")
        root = blocker if kind == "a file" else blocker / "cache"
    monkeypatch.setenv("SCENARIOS_CACHE_DIR", str(root))
    try:
        info, training = runner.ensure_trained(registry.get(NAME), tmp_path / "first")
        _, again = runner.ensure_trained(registry.get(NAME), tmp_path / "second")
    finally:
        if kind == "read-only":
            _mutable(blocker)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"warning: the cache {root} cannot be written"), err
    assert training == "trained" and again == "cached" and len(fake_training) == 1
    assert info["model"]
    fallback = artifacts.writable_cache()
    assert fallback != root and fallback.is_relative_to(tempfile.gettempdir())
    if kind != "read-only":
        assert blocker.read_text() == "not a cache"
    else:
        assert list(blocker.iterdir()) == []


def test_a_read_only_cache_with_an_intact_entry_is_used_as_it_is(cache, tmp_path, fake_training, capsys):
    if not _immutable(cache.parent):
        pytest.skip("cannot make a folder read-only for root here (no chattr +i)")
    try:
        _, training = runner.ensure_trained(registry.get(NAME), tmp_path / "work")
    finally:
        _mutable(cache.parent)
    assert training == "cached" and not fake_training and capsys.readouterr().err == ""


def test_a_failed_child_names_a_log_that_still_exists(monkeypatch):
    monkeypatch.setenv("SCENARIOS_NO_FORK", "1")  # a new interpreter; this child fails before TensorFlow
    with tempfile.TemporaryDirectory() as workdir:
        with pytest.raises(runner.ChildFailed) as failed:
            runner.run_child(["serve", "no_such_scenario", workdir, "keras"], Path(workdir) / "logs" / "serve.log")
    message = str(failed.value)
    log = Path(message.split("; see ", 1)[1].split(": ", 1)[0])
    try:
        assert log.is_file() and "no_such_scenario" in log.read_text(), message
    finally:
        log.unlink(missing_ok=True)


# --- progress recorded by checks ----------------------------------------------------------------


def test_progress_into_a_cache_that_cannot_be_written_warns_and_goes_on(tmp_path, monkeypatch, capsys):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("SCENARIOS_CACHE_DIR", str(tmp_path / "file"))
    workspace.record_result(tmp_path, types.SimpleNamespace(name="predict_digits"), "code", True)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("warning: could not record this result"), err
    assert workspace.load_progress(tmp_path) == {}


def _record_many(writer: int) -> None:
    for i in range(50):
        workspace.record_result(ROOT, types.SimpleNamespace(name=f"exercise-{writer}-{i}"), f"code {i}", i % 2 == 0)


def test_concurrent_checks_lose_no_result(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENARIOS_CACHE_DIR", str(tmp_path))
    with multiprocessing.get_context("fork").Pool(4) as pool:
        pool.map(_record_many, range(4))  # an exception in any writer is raised here
    progress = workspace.load_progress(ROOT)
    assert sorted(progress) == sorted(f"exercise-{w}-{i}" for w in range(4) for i in range(50))
    assert progress["exercise-3-49"] == {"fingerprint": workspace.fingerprint("code 49"), "passed": False}
    assert [p.name for p in (tmp_path / "exercise-progress").iterdir() if p.suffix == ".tmp"] == []


# --- scratch folders and the sweep -------------------------------------------------------------


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """tempfile.gettempdir() redirected, so sweeping touches nothing of anyone else's."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def _python(code: str, **options):
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, **options)


def test_a_scratch_folder_goes_at_exit_and_a_killed_ones_at_the_next_sweep(private_tmp, tmp_path, monkeypatch):
    monkeypatch.setenv("SCENARIOS_CACHE_DIR", str(tmp_path / "no-cache"))
    make = "from scenarios.machinery import scratch; print(scratch.make('keras-scenario-'), flush=True)"
    normal = _python(make)
    left = Path(normal.communicate(timeout=30)[0].strip())
    assert normal.returncode == 0 and left.parent == private_tmp and not left.exists()

    killed = _python(make + "; import time; time.sleep(60)")
    orphan = Path(killed.stdout.readline().strip())
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    killed.stdout.close()
    assert orphan.is_dir() and (orphan / scratch.OWNER).read_text().split()[0] == str(killed.pid)

    mine = scratch.make("exercise-")
    reused = scratch.make("scenarios-warm-")  # our pid, but another process's start time: a reused pid
    (reused / scratch.OWNER).write_text(f"{os.getpid()} 1\n")
    foreign = private_tmp / "keras-scenario-not-ours"
    foreign.mkdir()  # no owner file, and recent: left alone
    assert sorted(scratch.sweep()) == sorted([orphan, reused])
    assert mine.is_dir() and foreign.is_dir() and not orphan.exists() and not reused.exists()
    shutil.rmtree(mine)


def test_the_sweep_removes_dead_staging_and_superseded_entries(cache, private_tmp):
    root = cache.parent
    os.utime(cache)  # the current entry was just made
    dead = root / ".shape_mismatch-dead"
    dead.mkdir()
    (dead / scratch.OWNER).write_text("999999999 1\n")  # no such process
    live = root / ".shape_mismatch-live"
    live.mkdir()
    scratch.own(live)
    old = root / f"{NAME}-{'0' * 16}"
    shutil.copytree(cache, old)
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    other = root / f"preprocessing_mismatch-{'0' * 16}"  # another scenario, whose current entry is absent
    other.mkdir()
    foreign = root / "notes.txt"
    foreign.write_text("mine")

    assert sorted(scratch.sweep()) == sorted([dead, old])
    assert cache.is_dir() and live.is_dir() and other.is_dir() and foreign.read_text() == "mine"


def test_a_killed_command_leaves_nothing_after_the_next_command(tmp_path, private_tmp):
    """kill -9 during training: its scratch workdir and the cache's staging folder stay behind
    until the next `python -m scenarios` command starts."""
    cache_dir = tmp_path / "empty-cache"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(private_tmp), "SCENARIOS_CACHE_DIR": str(cache_dir)}
    running = subprocess.Popen([sys.executable, "-m", "scenarios", NAME], env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (list(private_tmp.glob("keras-scenario-*")) and list(cache_dir.glob(f".{NAME}-*"))):
            assert time.monotonic() < deadline and running.poll() is None, "training never started"
            time.sleep(0.05)
    finally:
        os.killpg(running.pid, signal.SIGKILL)
        running.wait(timeout=30)
    left = [*private_tmp.glob("keras-scenario-*"), *cache_dir.glob(f".{NAME}-*")]
    assert left and all(p.exists() for p in left)

    done = subprocess.run([sys.executable, "-m", "scenarios"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert not any(p.exists() for p in left)


# --- python -m scenarios cache ------------------------------------------------------------------


def scenarios_cache(*args: str, cache_dir: Path):
    return subprocess.run([sys.executable, "-m", "scenarios", "cache", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "SCENARIOS_CACHE_DIR": str(cache_dir)},
                          timeout=60)


def test_the_cache_command_shows_and_clears_only_its_own(cache):
    root = cache.parent
    (root / "notes.txt").write_text("mine")
    workspace.record_result(ROOT, types.SimpleNamespace(name="predict_digits"), "code", True)
    truncate(cache)
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and p.name != "notes.txt")

    shown = scenarios_cache(cache_dir=root)
    assert shown.returncode == 0 and shown.stderr == ""
    assert f"Cache: {root} ({size / 2**20:.1f} MB)" in shown.stdout
    entry_line = next(line for line in shown.stdout.splitlines() if cache.name in line)
    assert "model.keras: hash differs" in entry_line
    assert "1 exercise workspace" in shown.stdout and "notes.txt" in shown.stdout

    cleared = scenarios_cache("--clear", cache_dir=root)
    assert cleared.returncode == 0 and cleared.stderr == ""
    assert sorted(p.name for p in root.iterdir()) == ["notes.txt"] and (root / "notes.txt").read_text() == "mine"
    assert "notes.txt" in cleared.stdout


@pytest.mark.parametrize("args, problem", [(("--bogus",), "unrecognized arguments"), ((), "not a directory")])
def test_cache_command_mistakes_are_one_line_and_exit_2(args, problem, tmp_path):
    cache_dir = tmp_path / "cache"
    if not args:
        cache_dir.write_text("a file")
    done = scenarios_cache(*args, cache_dir=cache_dir)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("error: ") and problem in done.stderr
