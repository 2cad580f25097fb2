"""Every scenario, in both formats: the broken cases fail as declared, the fixes match the oracle.

The checks here recompute what the verdicts claim from the raw artifacts (saved predictions, probe
labels, the original model's predictions), so a bug in the judging code cannot pass them.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from scenarios.machinery import registry
from scenarios.machinery.declare import AccuracyBelowBaseline, DriftsFromOracle, MatchesOracle, Raises, RunsCodeFromTheFile

COMBINATIONS = [(name, fmt) for name in registry.names() for fmt in ("keras", "h5")]


def test_the_articles_three_failures_are_registered():
    assert {"shape_mismatch", "preprocessing_mismatch", "custom_objects"} <= set(registry.names())


@pytest.mark.parametrize("name,fmt", COMBINATIONS)
def test_scenario_passes(scenario_run, name, fmt):
    run = scenario_run(name, fmt)
    failing = [(v.case.name, v.summary) for v in run.verdicts if not v.passed]
    assert not failing
    assert [v.case.name for v in run.verdicts] == [c.name for c in run.scenario.cases]
    assert run.scenario.broken_cases and run.scenario.fixes


@pytest.mark.parametrize("name,fmt", COMBINATIONS)
def test_each_case_checked_against_the_raw_artifacts(scenario_run, name, fmt):
    run = scenario_run(name, fmt)
    with np.load(run.workdir / "probe.npz") as probe:
        probe = dict(probe)
    for case in run.scenario.cases:
        raised = run.verdict(case.name).raised
        oracle = probe.get(f"oracle_{case.request}", probe["oracle"])
        labels = probe.get(f"labels_{case.request}", probe["labels"])
        expect = case.expect
        if isinstance(expect, Raises):
            assert raised is not None, case.name
            assert raised["type"] == expect.exception
            assert re.search(expect.pattern_for(fmt), raised["message"])
            assert f"{expect.during}(" in raised["line"]
            continue
        assert raised is None, (case.name, raised)
        predictions = np.load(run.workdir / "predictions" / f"{fmt}-{case.name}.npy")
        if isinstance(expect, MatchesOracle):
            np.testing.assert_allclose(predictions, oracle, rtol=expect.rtol, atol=expect.atol)
        elif isinstance(expect, AccuracyBelowBaseline):
            accuracy = np.mean((predictions.reshape(-1) > 0.5) == labels)
            majority = np.bincount(labels).max() / len(labels)
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
    for name, fmt in COMBINATIONS:
        for verdict in scenario_run(name, fmt).verdicts:
            if not isinstance(verdict.case.expect, RunsCodeFromTheFile):
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
