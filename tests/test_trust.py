"""The trust boundary: learner code runs where it cannot see the answers, cannot fool the judge,
and does not outlive its check.

Each attempt here is what a careful reviewer tried against the old checker (which ran learner code
in the judging process): every one of them passed then. Process leftovers are found by a marker
the learner's code puts in its environment, which every process it starts inherits.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from scenarios.machinery import scratch
from scenarios.machinery.exercises import catalog, checker, sandbox

PROJECT = Path(__file__).resolve().parent.parent
CORRECT_PREDICT_DIGITS = """
import keras


def predict_digits(model_path, flat_pixels):
    model = keras.models.load_model(model_path)
    return model.predict(flat_pixels.reshape(-1, 28, 28, 1), verbose=0)
"""


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory):
    return checker.artifacts_for("shape_mismatch", into=tmp_path_factory.mktemp("trust") / "shape_mismatch")


def check(tmp_path: Path, code: str, artifacts: Path, timeout: float = checker.TIME_LIMIT) -> tuple[dict, str]:
    exercise = catalog.get("predict_digits")
    source = tmp_path / exercise.filename
    source.write_text(textwrap.dedent(code))
    result = checker.check_file(exercise, source, artifacts, timeout=timeout)
    return result, checker.report(exercise, result)


def processes_marked(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                environment = Path(f"/proc/{entry}/environ").read_bytes()
            except OSError:
                continue
            if marker.encode() in environment:
                found.append(int(entry))
    return found


def gone_within(marker: str, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := processes_marked(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


# --- 1. the checker cannot be fooled -----------------------------------------------------------------

CHEATS = {
    "reads the probe next to the model": """
        import numpy as np
        from pathlib import Path

        def predict_digits(model_path, flat_pixels):
            probe = np.load(Path(model_path).parent / "probe.npz")
            return probe["oracle"][: len(flat_pixels)]
    """,
    "reads the training cache": """
        import glob, os
        import numpy as np

        def predict_digits(model_path, flat_pixels):
            roots = [os.environ.get("SCENARIOS_CACHE_DIR", ""), {cache!r}, os.path.expanduser("~/.cache")]
            for root in roots:
                for path in glob.glob(os.path.join(root, "**", "probe.npz"), recursive=True):
                    probe = np.load(path)
                    if probe["request"].shape[1:] == flat_pixels.shape[1:]:
                        rows = [int(np.flatnonzero((probe["request"] == row).all(axis=1))[0]) for row in flat_pixels]
                        return probe["oracle"][rows]
            return np.zeros((len(flat_pixels), 10))
    """,
    "makes np.allclose always true": """
        import numpy as np
        np.allclose = lambda *args, **kwargs: True

        def predict_digits(model_path, flat_pixels):
            return np.full((len(flat_pixels), 10), 0.1)
    """,
    "writes a passing result and leaves": """
        import glob, json, os

        def predict_digits(model_path, flat_pixels):
            for name in glob.glob("../**/*.json", recursive=True) + ["../out/status.json", "../out/results.json"]:
                try:
                    with open(name, "w") as f:
                        json.dump({"passed": True, "mistake": "ok", "summary": "fine", "status": "exited", "code": 0}, f)
                except OSError:
                    pass
            os._exit(0)
    """,
    "patches numpy, keras and the checker's modules": """
        import numpy as np
        import keras
        import scenarios.machinery.exercises.checks as checks
        import scenarios.machinery.verdict as verdict

        checks.matches = lambda *args, **kwargs: True
        verdict.close_to = lambda *args, **kwargs: True
        np.testing.assert_allclose = lambda *args, **kwargs: None
        keras.Model.predict = lambda self, x, **kwargs: np.full((len(x), 10), 0.1)

        def predict_digits(model_path, flat_pixels):
            model = keras.models.load_model(model_path)
            return model.predict(flat_pixels.reshape(-1, 28, 28, 1))
    """,
}


@pytest.mark.parametrize("cheat", list(CHEATS))
def test_a_cheat_is_rejected_with_a_plain_message(cheat, artifacts, tmp_path):
    from scenarios.machinery.artifacts import cache_root

    if cheat == "reads the training cache" and not sandbox.landlock.available():
        pytest.skip("this kernel has no Landlock: the sandbox cannot hide the cache")
    result, text = check(tmp_path, CHEATS[cheat].replace("{cache!r}", repr(str(cache_root()))), artifacts)
    assert not result["passed"], text
    assert "Traceback" not in text and "\x1b[" not in text
    assert text.startswith("✗ predict_digits"), text


def test_the_learner_process_sees_the_model_files_and_nothing_that_holds_answers(artifacts, tmp_path):
    seen = """
        import os
        from pathlib import Path

        def predict_digits(model_path, flat_pixels):
            box = sorted(p.name for p in Path(model_path).parent.iterdir())
            raise RuntimeError(f"box={box} env={sorted(k for k in os.environ if k.startswith('SCENARIOS_CACHE'))}")
    """
    result, text = check(tmp_path, seen, artifacts)
    assert "model.keras" in text and "probe.npz" not in text and "trained.json" not in text, text
    assert "env=[]" in text, text


# --- 2. learner code does not outlive its check ------------------------------------------------------


def test_processes_the_learner_started_are_gone_when_a_check_passes(artifacts, tmp_path):
    marker = f"LEFTOVER_{uuid.uuid4().hex}"
    code = f"""
        import os, subprocess, time
        os.environ["{marker}"] = "1"
        for _ in range(20):
            if os.fork() == 0:
                time.sleep(1000)
                os._exit(0)
        subprocess.Popen(["sleep", "1000"])
        # A grandchild in a session of its own, whose parent has gone: a daemon.
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(1000)
            os._exit(0)
    """
    code = textwrap.dedent(code) + CORRECT_PREDICT_DIGITS
    result, text = check(tmp_path, code, artifacts)
    assert result["passed"], text
    assert gone_within(marker, 2.0) == []


def test_a_check_that_times_out_leaves_nothing_running(artifacts, tmp_path):
    marker = f"LEFTOVER_{uuid.uuid4().hex}"
    code = f"""
        import os, subprocess

        def predict_digits(model_path, flat_pixels):
            os.environ["{marker}"] = "1"
            subprocess.Popen(["sleep", "1000"])
            while True:
                try:
                    pass
                except:  # noqa: E722  what a learner writes: it swallows even KeyboardInterrupt
                    pass
    """
    result, text = check(tmp_path, code, artifacts, timeout=1.0)
    assert result["mistake"] == "timeout", text
    assert gone_within(marker, 2.0) == []


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "killed"])
def test_interrupting_or_killing_the_checker_ends_the_learners_processes(how, artifacts, tmp_path):
    marker = f"LEFTOVER_{uuid.uuid4().hex}"
    workspace = tmp_path / "ws"
    subprocess.run([sys.executable, "-m", "scenarios.exercises", "start", str(workspace)], check=True,
                   capture_output=True, cwd=PROJECT, timeout=300)
    (workspace / "01_predict_digits.py").write_text(textwrap.dedent(f"""
        import os, subprocess

        def predict_digits(model_path, flat_pixels):
            os.environ["{marker}"] = "1"
            subprocess.Popen(["sleep", "1000"])
            while True:
                try:
                    pass
                except:  # noqa: E722
                    pass
    """))
    # As in a terminal: the command and what it runs share a process group that Ctrl-C reaches.
    command = subprocess.Popen([sys.executable, "-m", "scenarios.exercises", "check", "predict_digits",
                                "--workspace", str(workspace)], cwd=PROJECT, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not processes_marked(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_marked(marker), "the learner's code never started"
    os.killpg(command.pid, how)
    command.wait(timeout=10)
    if how == signal.SIGINT:
        assert command.returncode == 130
    assert gone_within(marker, 3.0) == []
    # Nor do its scratch folders (the sandbox, the copy of the trained files) outlive it: Ctrl-C lets
    # the command remove them; after kill -9 the next command does.
    if how == signal.SIGKILL:
        assert folders_owned_by(command.pid), "kill -9 left nothing to tidy: are the folders marked with their owner?"
        subprocess.run([sys.executable, "-m", "scenarios.exercises", "list", "--workspace", str(workspace)],
                       check=True, capture_output=True, cwd=PROJECT, timeout=60)
    assert folders_owned_by(command.pid) == []


def folders_owned_by(pid: int) -> list[Path]:
    """The temporary folders that process `pid` made (each holds an owner file naming it)."""
    found = []
    for owner in Path(tempfile.gettempdir()).glob(f"*/{scratch.OWNER}"):
        try:
            if owner.read_text().split()[0] == str(pid):
                found.append(owner.parent)
        except (OSError, IndexError):
            continue
    return found


def test_a_memory_hog_is_stopped_by_the_limit_and_reported(artifacts, tmp_path):
    code = """
        import numpy as np

        def predict_digits(model_path, flat_pixels):
            hoard = np.ones((4 * 2**30,), dtype="float64")  # 32 GiB
            return hoard[:10]
    """
    result, text = check(tmp_path, code, artifacts)
    assert result["mistake"] == "raised" and "MemoryError" in text, text


def test_keyboard_interrupt_raised_by_the_learners_code_is_reported_as_raised(artifacts, tmp_path):
    code = """
        def predict_digits(model_path, flat_pixels):
            raise KeyboardInterrupt
    """
    result, text = check(tmp_path, code, artifacts)
    assert result["mistake"] == "raised" and "KeyboardInterrupt" in text and "line 3" in text, text
