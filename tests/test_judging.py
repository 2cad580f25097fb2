"""The judging rules on made-up outcomes: each way a case can fall short must be caught."""

from __future__ import annotations

import numpy as np
import pytest

from scenarios.machinery.declare import AccuracyBelowBaseline, Case, DriftsFromOracle, MatchesOracle, Raises, RunsCodeFromTheFile
from scenarios.machinery.quiet import key_message
from scenarios.machinery.verdict import judge

PROBE = {"labels": np.array([1, 1, 1, 0]), "oracle": np.array([[0.9], [0.8], [0.7], [0.2]], dtype="float32")}


def case(expect) -> Case:
    return Case(name="c", title="t", serve="m:f", expect=expect, why="w")


def predicted(tmp_path, values) -> dict:
    path = tmp_path / "p.npy"
    np.save(path, np.asarray(values, dtype="float32"))
    return {"raised": None, "predictions": str(path)}


def raised(kind="TypeError", message="Could not locate function 'custom_loss'.", line="m = keras.models.load_model(p)"):
    return {"raised": {"type": kind, "message": message, "file": "s.py", "lineno": 3, "line": line}}


def test_a_fix_that_matches_passes_and_one_that_drifts_fails(tmp_path):
    assert judge("binary", case(MatchesOracle()), predicted(tmp_path, PROBE["oracle"]), PROBE).passed
    off = judge("binary", case(MatchesOracle()), predicted(tmp_path, PROBE["oracle"] + 1e-3), PROBE)
    assert not off.passed and "differ" in off.summary


def test_a_fix_that_raises_or_has_the_wrong_shape_fails(tmp_path):
    assert not judge("binary", case(MatchesOracle()), raised(), PROBE).passed
    assert not judge("binary", case(MatchesOracle()), predicted(tmp_path, PROBE["oracle"][:2]), PROBE).passed


def test_a_declared_exception_must_match_type_message_and_call():
    expect = Raises("TypeError", r"Could not locate function 'custom_loss'", during="load_model")
    assert judge("binary", case(expect), raised(), PROBE).passed
    assert not judge("binary", case(expect), raised(kind="ValueError"), PROBE).passed
    assert not judge("binary", case(expect), raised(message="something else"), PROBE).passed
    assert not judge("binary", case(expect), raised(line="model.predict(x)"), PROBE).passed


def test_a_per_format_message_is_checked_for_that_format():
    expect = Raises("TypeError", {"keras": "Could not locate", "h5": "string indices"}, during="load_model")
    assert judge("binary", case(expect), raised(), PROBE, "keras").passed
    assert not judge("binary", case(expect), raised(), PROBE, "h5").passed


def test_a_declared_failure_that_does_not_happen_fails(tmp_path):
    verdict = judge("binary", case(Raises("ValueError", "x", during="predict")), predicted(tmp_path, PROBE["oracle"]), PROBE)
    assert not verdict.passed and "nothing raised" in verdict.summary


@pytest.mark.parametrize("values,silent_failure", [([[0.1], [0.1], [0.1], [0.9]], True), ([[0.9], [0.9], [0.9], [0.1]], False)])
def test_a_silent_failure_needs_accuracy_under_the_majority_baseline(tmp_path, values, silent_failure):
    verdict = judge("binary", case(AccuracyBelowBaseline()), predicted(tmp_path, values), PROBE)
    assert verdict.passed is silent_failure


def test_drift_is_measured_against_the_oracle(tmp_path):
    assert judge("binary", case(DriftsFromOracle(by=0.5)), predicted(tmp_path, [[0.1], [0.8], [0.7], [0.2]]), PROBE).passed
    assert not judge("binary", case(DriftsFromOracle(by=0.5)), predicted(tmp_path, [[0.8], [0.8], [0.7], [0.2]]), PROBE).passed


def test_key_message_keeps_the_cause_and_drops_the_wrapping(scenario_run):
    run = scenario_run("shape_mismatch", "keras")
    for verdict in run.verdicts:
        if verdict.raised:
            full, key = verdict.raised["message"], key_message(verdict.raised["message"])
            assert "Arguments received" in full and "Arguments received" not in key
            assert "{{node" not in key and len(key) < len(full)
            assert "shape" in key.lower() or "dimension" in key.lower()


def test_code_from_the_file_is_proved_by_its_evidence_only(tmp_path):
    expect = RunsCodeFromTheFile("evidence.txt")
    ran = {**predicted(tmp_path, PROBE["oracle"]), "new_files": ["evidence.txt"]}
    quiet = {**predicted(tmp_path, PROBE["oracle"]), "new_files": []}
    assert judge("binary", case(expect), ran, PROBE).passed
    assert not judge("binary", case(expect), quiet, PROBE).passed
    assert not judge("binary", case(expect), raised(), PROBE).passed
