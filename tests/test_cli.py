"""The command line as a user meets it: listing, running, JSON, exit codes, bad input, workdirs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.machinery import cli, registry, report

ROOT = Path(__file__).resolve().parent.parent
NOISE = ("\x1b[", "oneDNN", "cuda", "I0000", "WARNING:absl", "Traceback")


def scenarios_cmd(*args: str, cwd: Path = ROOT):
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600,
    )


def test_listing_groups_every_scenario_by_how_its_failure_shows():
    from scenarios.machinery.cli import SHOWS
    from scenarios.machinery.declare import Raises

    done = scenarios_cmd("scenarios")
    assert done.returncode == 0
    headings = {heading: key for key, heading in SHOWS}
    group = None
    placed = {}
    for line in done.stdout.splitlines():
        if line.rstrip(":") in headings:
            group = headings[line.rstrip(":")]
        elif line.startswith("  ") and group:
            placed[line.split()[0]] = group
    assert set(placed) == set(registry.names())
    for scenario in registry.all_scenarios():
        first = next(c.expect_on("3") for c in scenario.broken_cases if c.applies_on("3"))
        if not isinstance(first, Raises):
            assert placed[scenario.name] == "silent", scenario.name
        elif first.during == "load_model":
            assert placed[scenario.name] == "load", scenario.name


@pytest.mark.parametrize(
    "args",
    [
        ("scenarios", "no_such_scenario"),
        ("scenarios.shape_mismatch", "--no-such-flag"),
        ("scenarios.shape_mismatch", "--format", "pickle"),
        ("scenarios", "all", "--format", "pb"),
    ],
)
def test_a_user_mistake_is_one_line_and_exit_2(args):
    done = scenarios_cmd(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("error: ")


def test_a_non_empty_directory_is_never_written_into(tmp_path):
    own = tmp_path / "notes.txt"
    own.write_text("mine")
    done = scenarios_cmd("scenarios.shape_mismatch", "--workdir", str(tmp_path))
    assert done.returncode == 2 and "not empty" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"] and own.read_text() == "mine"


def test_a_file_as_workdir_is_refused(tmp_path):
    path = tmp_path / "model.keras"
    path.write_bytes(b"x")
    done = scenarios_cmd("scenarios.custom_objects", "--workdir", str(path))
    assert done.returncode == 2 and "not a directory" in done.stderr and path.read_bytes() == b"x"


def test_json_run_keeps_files_in_a_new_workdir(tmp_path):
    workdir = tmp_path / "kept"
    done = scenarios_cmd("scenarios.custom_objects", "--format", "h5", "--json", "--workdir", str(workdir))
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["passed"] and outcome["format"] == "h5"
    assert {c["case"] for c in outcome["cases"]} == {c.name for c in registry.get("custom_objects").cases}
    assert (workdir / "model.h5").exists() and (workdir / "logs").is_dir()
    assert not any(noise in done.stdout + done.stderr for noise in NOISE)
    # The directory it made itself may be used again; one with anything else in it may not.
    with cli.workdir_for(workdir) as again:
        assert again == workdir
    (workdir / cli.WORKDIR_MARKER).unlink()
    with pytest.raises(cli.UsageError):
        with cli.workdir_for(workdir):
            pass


def test_the_report_is_clean_and_says_what_happened(scenario_run):
    for name in registry.names():
        run = scenario_run(name, "keras")
        text = report.render(run)
        assert not any(noise in text for noise in NOISE)
        assert f"Keras {run.versions['keras']}" in text and f"TensorFlow {run.versions['tensorflow']}" in text
        for verdict in run.verdicts:
            assert verdict.case.name in text
            if verdict.raised:
                assert f"{verdict.raised['file']}:{verdict.raised['lineno']}" in text
        assert text.rstrip().splitlines()[-1].startswith("PASS")


def test_a_failure_that_no_longer_reproduces_exits_1_and_says_so(scenario_run, monkeypatch, capsys):
    import copy

    run = copy.deepcopy(scenario_run("preprocessing_mismatch", "keras"))
    broken = next(v for v in run.verdicts if v.case.broken)
    broken.passed, broken.summary = False, "no error, and accuracy 0.944"
    monkeypatch.setattr(cli.runner, "run", lambda *a, **k: run)
    with pytest.raises(SystemExit) as exit_:
        cli.scenario_main("preprocessing_mismatch", [])
    assert exit_.value.code == 1
    assert f"no longer reproduces on Keras {run.versions['keras']}" in capsys.readouterr().out


# --- output that cannot be written as usual ----------------------------------------------------


@pytest.fixture(scope="module")
def awkward_outputs():
    """custom_objects run three times at once (so the suite waits for one): into a pipe nobody
    reads (`| true`), into a full disk (/dev/full), and to a terminal that only takes ASCII."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "scenarios.custom_objects"]
    unread, pipe = os.pipe()
    os.close(unread)
    full = open("/dev/full", "w") if Path("/dev/full").exists() else None
    started = {
        "pipe": subprocess.Popen([*command, "--json"], stdout=pipe, stderr=subprocess.PIPE, text=True, env=env),
        "ascii": subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env={**env, "PYTHONIOENCODING": "ascii"}),
    }
    if full:
        started["full"] = subprocess.Popen(command, stdout=full, stderr=subprocess.PIPE, text=True, env=env)
        full.close()
    os.close(pipe)
    done = {}
    for name, process in started.items():
        out, err = process.communicate(timeout=600)
        done[name] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return done


def test_output_into_a_closed_pipe_ends_quietly(awkward_outputs):
    done = awkward_outputs["pipe"]
    assert done.stderr == "" and done.returncode == 1


def test_output_onto_a_full_disk_is_one_line_and_exit_2(awkward_outputs):
    if "full" not in awkward_outputs:
        pytest.skip("no /dev/full on this system")
    done = awkward_outputs["full"]
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("error: ")
    assert "No space left on device" in done.stderr


def test_an_ascii_terminal_gets_ascii_marks(awkward_outputs):
    done = awkward_outputs["ascii"]
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.isascii() and done.stdout.rstrip().splitlines()[-1].startswith("PASS")
    case_lines = [line for line in done.stdout.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    marks = {line.split()[0] for line in case_lines}
    assert marks == {"+"}, case_lines  # the passed cases' mark, not a "?" for a character it lacks


def test_a_workdir_that_became_read_only_is_one_line_and_exit_2(tmp_path):
    workdir = tmp_path / "kept"
    with cli.workdir_for(workdir):  # made by the tool, as a first run would
        pass
    if os.geteuid() != 0:
        workdir.chmod(0o555)
    elif not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(workdir)]).returncode != 0:
        pytest.skip("root ignores permissions and chattr +i is not available here")
    try:
        done = scenarios_cmd("scenarios.custom_objects", "--workdir", str(workdir))
        contents = sorted(p.name for p in workdir.rglob("*"))
    finally:
        subprocess.run(["chattr", "-i", str(workdir)]) if os.geteuid() == 0 else workdir.chmod(0o755)
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith(f"error: --workdir {workdir}: cannot write")
    assert contents == [cli.WORKDIR_MARKER, "logs"]
