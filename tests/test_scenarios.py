"""Every scenario, in both formats and both Keras generations: the broken cases fail as declared,
the fixes match the oracle.

The checks here recompute what the verdicts claim from the raw artifacts (saved predictions, probe
labels, the original model's predictions), so a bug in the judging code cannot pass them.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from scenarios.machinery import registry
from scenarios.machinery.declare import (
    AccuracyBelowBaseline,
    DriftsFromOracle,
    MatchesOracle,
    NotApplicable,
    Raises,
    RunsCodeFromTheFile,
)

COMBINATIONS = [(name, fmt, keras) for name in registry.names() for fmt in ("keras", "h5") for keras in ("3", "2")]
IDS = [f"{name}-{fmt}-keras{keras}" for name, fmt, keras in COMBINATIONS]


def test_the_articles_three_failures_are_registered():
    assert {"shape_mismatch", "preprocessing_mismatch", "custom_objects"} <= set(registry.names())


@pytest.mark.parametrize("name,fmt,keras", COMBINATIONS, ids=IDS)
def test_scenario_passes(scenario_run, name, fmt, keras):
    run = scenario_run(name, fmt, keras)
    failing = [(v.case.name, v.summary) for v in run.verdicts if not v.passed]
    assert not failing
    assert [v.case.name for v in run.verdicts] == [c.name for c in run.scenario.cases]
    assert run.scenario.broken_cases and run.scenario.fixes


@pytest.mark.parametrize("name,fmt,keras", COMBINATIONS, ids=IDS)
def test_each_case_checked_against_the_raw_artifacts(scenario_run, name, fmt, keras):
    run = scenario_run(name, fmt, keras)
    served = run.versions
    assert served["generation"] == keras
    with np.load(run.workdir / "probe.npz") as probe:
        probe = dict(probe)
    for case in run.scenario.cases:
        raised = run.verdict(case.name).raised
        oracle = probe.get(f"oracle_{case.request}", probe["oracle"])
        labels = probe.get(f"labels_{case.request}", probe["labels"])
        expect = case.expect_on(keras, fmt)
        if isinstance(expect, NotApplicable):
            assert not (run.workdir / "predictions" / f"{fmt}-{case.name}.npy").exists() and raised is None
            continue
        if isinstance(expect, Raises):
            assert raised is not None, case.name
            assert raised["type"] == expect.exception_for(fmt)
            assert re.search(expect.pattern_for(fmt), raised["message"])
            assert f"{expect.during}(" in raised["line"]
            continue
        assert raised is None, (case.name, raised)
        predictions = np.load(run.workdir / "predictions" / f"{fmt}-{case.name}.npy")
        if isinstance(expect, MatchesOracle):
            np.testing.assert_allclose(predictions, oracle, rtol=expect.rtol, atol=expect.atol)
        elif isinstance(expect, AccuracyBelowBaseline):
            if run.scenario.task == "multiclass":
                accuracy = np.mean(predictions.argmax(-1) == labels)
            else:
                accuracy = np.mean((predictions.reshape(-1) > 0.5) == labels)
            majority = np.bincount(labels.astype(int)).max() / len(labels)
            assert accuracy < majority, (accuracy, majority)
        elif isinstance(expect, DriftsFromOracle):
            assert np.abs(predictions - oracle).max() >= expect.by
        elif isinstance(expect, RunsCodeFromTheFile):
            assert (run.workdir / expect.evidence).read_text(), "the file's code left no evidence"
        else:
            pytest.fail(f"no independent check for {type(expect).__name__}")


@pytest.mark.parametrize("name", registry.names())
def test_the_original_model_is_good_at_its_task(scenario_run, name):
    """A fix that matches a useless model proves nothing: the oracle itself must beat the baseline."""
    run = scenario_run(name, "keras")
    with np.load(run.workdir / "probe.npz") as probe:
        oracle, labels = probe["oracle"], probe["labels"]
    if run.scenario.task == "regression":
        assert np.mean((oracle.reshape(-1) - labels) ** 2) < 0.8 * np.var(labels)
    else:
        predicted = oracle.argmax(-1) if run.scenario.task == "multiclass" else (oracle.reshape(-1) > 0.5)
        assert np.mean(predicted == labels) > 0.85


def test_nothing_but_the_tampered_file_writes_into_the_serving_directory(scenario_run):
    for name, fmt, keras in COMBINATIONS:
        for verdict in scenario_run(name, fmt, keras).verdicts:
            if not isinstance(verdict.expect, RunsCodeFromTheFile):
                assert verdict.measured["new_files"] == [], (name, verdict.case.name)


def test_both_formats_serve_the_same_trained_model(scenario_run):
    keras_run, h5_run = scenario_run("custom_objects", "keras"), scenario_run("custom_objects", "h5")
    with np.load(keras_run.workdir / "probe.npz") as a, np.load(h5_run.workdir / "probe.npz") as b:
        np.testing.assert_array_equal(a["oracle"], b["oracle"])
    # ...and yet they fail with different messages: the .h5 one never names the loss.
    keras_error = keras_run.verdict("load_without_the_loss").raised["message"]
    h5_error = h5_run.verdict("load_without_the_loss").raised["message"]
    assert "custom_loss" in keras_error and "custom_loss" not in h5_error


def test_versions_are_those_the_serving_process_imported(scenario_run):
    from importlib.metadata import version

    run = scenario_run("shape_mismatch", "keras")
    for name in ("tensorflow", "keras", "numpy", "scikit-learn"):
        assert run.versions[name] == version(name)


def test_a_new_interpreter_per_process_gives_the_same_outcomes(scenario_run, tmp_path, monkeypatch):
    """Forking the warm interpreter is only a speed-up: starting from scratch must agree with it."""
    from scenarios.machinery import runner

    forked = scenario_run("custom_objects", "h5")
    monkeypatch.setenv("SCENARIOS_NO_FORK", "1")
    fresh = runner.run("custom_objects", "h5", tmp_path)
    assert [(v.case.name, v.passed, v.raised and v.raised["type"]) for v in fresh.verdicts] == [
        (v.case.name, v.passed, v.raised and v.raised["type"]) for v in forked.verdicts
    ]


def test_a_recorded_run_is_judged_again_identically_wherever_it_is_copied(scenario_run, tmp_path):
    from scenarios.machinery import runner

    original = scenario_run("preprocessing_mismatch", "h5")
    again = runner.run("preprocessing_mismatch", "h5", tmp_path / "elsewhere", reuse=True)
    assert again.training == "recorded" and again.workdir != original.workdir
    assert [v.to_json() for v in again.verdicts] == [v.to_json() for v in original.verdicts]


def test_every_broken_case_declares_its_keras_2_outcome():
    for scenario in registry.all_scenarios():
        for case in scenario.broken_cases:
            assert case.keras2 is not None, f"{scenario.name}.{case.name} says nothing about tf.keras 2"
            differs = any(case.expect_on("2", fmt) != case.expect_on("3", fmt) for fmt in ("keras", "h5"))
            assert not differs or case.keras2_why, f"{scenario.name}.{case.name}: say what the difference means"


def test_each_generation_trains_its_own_model_and_serves_with_its_own_keras(scenario_run):
    from importlib.metadata import version

    keras3, keras2 = scenario_run("shape_mismatch", "keras", "3"), scenario_run("shape_mismatch", "keras", "2")
    assert keras3.versions["keras"] == version("keras") and keras2.versions["tf_keras"] == version("tf_keras")
    assert keras3.trained["generation"] == "3" and keras2.trained["generation"] == "2"
    # Keras 2 wording, from a real run: the message people paste into search engines.
    message = keras2.verdict("flat_rows").raised["message"]
    assert "is incompatible with the layer" in message and "found shape=(None, 784)" in message
    assert "is incompatible with the layer" not in keras3.verdict("flat_rows").raised["message"]


def test_a_missing_tf_keras_is_one_line_and_exit_2(tmp_path):
    """Without tf_keras installed (hidden here behind a path that shadows it), --keras 2 says how to get it."""
    import subprocess
    import sys
    from pathlib import Path

    shadow = tmp_path / "shadow"
    (shadow / "tf_keras").mkdir(parents=True)
    # A package whose spec cannot be found: find_spec() is asked about the name, so make it absent.
    hide = tmp_path / "sitecustomize.py"
    hide.write_text("import importlib.util as u\n_f = u.find_spec\n"
                    "u.find_spec = lambda name, *a, **k: None if name == 'tf_keras' else _f(name, *a, **k)\n")
    project = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "scenarios.shape_mismatch", "--keras", "2"], capture_output=True,
                          text=True, cwd=tmp_path, env={"PYTHONPATH": f"{tmp_path}:{project}", "PATH": "/usr/bin:/bin"},
                          timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "tf_keras" in done.stderr and "pip install" in done.stderr
