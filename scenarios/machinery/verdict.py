"""Judging one case's outcome against its declaration, by measurement.

A broken case passes only when it fails exactly as declared: the named exception, from the named
call, with a matching message; or, when nothing raises, the declared measured damage. A fix passes
only when its predictions match the original model's (np.allclose), never merely because nothing
raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from scenarios.machinery.declare import (
    AccuracyBelowBaseline,
    Case,
    DriftsFromOracle,
    MatchesOracle,
    NotApplicable,
    Raises,
    RunsCodeFromTheFile,
)


def quality(task: str, predictions: np.ndarray, labels: np.ndarray) -> float:
    """Accuracy for classifiers, mean squared error for regressors."""
    if task == "multiclass":
        return float(np.mean(predictions.argmax(axis=-1) == labels))
    if task == "binary":
        return float(np.mean((predictions.reshape(-1) > 0.5) == labels))
    return float(np.mean((predictions.reshape(-1) - labels) ** 2))


def baseline(task: str, labels: np.ndarray) -> float:
    """What a model that learned nothing scores: the majority class's share, or the labels' variance."""
    if task == "regression":
        return float(np.var(labels))
    return float(np.bincount(labels.astype(int)).max() / len(labels))


def close_to(predictions: np.ndarray, oracle: np.ndarray, expect: MatchesOracle) -> bool:
    """The proof of a fix, for scenarios and exercises alike: the original model's shape and values,
    within the declared np.allclose tolerance."""
    return predictions.shape == oracle.shape and bool(np.allclose(predictions, oracle, rtol=expect.rtol, atol=expect.atol))


def quality_name(task: str) -> str:
    return "mean squared error" if task == "regression" else "accuracy"


@dataclass
class Verdict:
    case: Case
    passed: bool
    summary: str
    raised: dict | None = None
    measured: dict = field(default_factory=dict)

    fmt: str | None = None
    generation: str = "3"

    @property
    def expect(self):
        return self.case.expect_on(self.generation, self.fmt)

    @property
    def applicable(self) -> bool:
        return not isinstance(self.expect, NotApplicable)

    def to_json(self) -> dict:
        return {
            "case": self.case.name,
            "title": self.case.title,
            "kind": "broken" if self.case.broken else "fix",
            "declared": self.expect.describe(self.fmt),
            "applicable": self.applicable,
            "passed": self.passed,
            "summary": self.summary,
            "raised": self.raised,
            "measured": self.measured,
        }


def judge(task: str, case: Case, outcome: dict | None, probe: dict, fmt: str | None = None,
          generation: str = "3") -> Verdict:
    """The verdict on `outcome` (None for a case that was not served because it does not apply)."""
    expect = case.expect_on(generation, fmt)
    if isinstance(expect, NotApplicable):
        verdict = Verdict(case, True, f"not applicable on this Keras generation: {expect.why}")
    else:
        verdict = _judge(task, case, expect, outcome, probe, fmt)
    verdict.fmt, verdict.generation = fmt, generation
    verdict.measured.setdefault("new_files", (outcome or {}).get("new_files", []))
    return verdict


def _judge(task: str, case: Case, expect, outcome: dict, probe: dict, fmt: str | None) -> Verdict:
    """`probe` may hold `oracle_<request>` and `labels_<request>` for a request that is not the
    whole probe set (one image, say); otherwise `oracle` and `labels` apply."""
    probe = {
        "oracle": probe.get(f"oracle_{case.request}", probe["oracle"]),
        "labels": probe.get(f"labels_{case.request}", probe["labels"]),
    }
    raised = outcome["raised"]
    if raised is not None:
        return _judge_raised(case, expect, raised, fmt)
    predictions = np.load(outcome["predictions"])
    measured = measure(task, predictions, probe)
    if isinstance(expect, Raises):
        return Verdict(case, False, f"nothing raised; declared {expect.describe(fmt)}", None, measured)
    if isinstance(expect, MatchesOracle):
        ok = close_to(predictions, probe["oracle"], expect)
        measured["allclose"] = ok
        if ok:
            summary = f"predictions match the original model's (max |difference| {measured['max_abs_diff']:.1e})"
        elif not measured["same_shape"]:
            summary = f"predictions have shape {measured['shape']}, the original model's {measured['oracle_shape']}"
        else:
            summary = f"predictions differ from the original model's by up to {measured['max_abs_diff']:.3g}"
        return Verdict(case, ok, summary, None, measured)
    if isinstance(expect, AccuracyBelowBaseline):
        if not measured["same_shape"]:
            return Verdict(case, False, f"predictions have shape {measured['shape']}", None, measured)
        ok = measured["quality"] < measured["baseline"]
        relation = "below" if ok else "not below"
        summary = (
            f"no error; accuracy {measured['quality']:.3f}, {relation} the majority-class baseline "
            f"{measured['baseline']:.3f} (the original model: {measured['oracle_quality']:.3f})"
        )
        return Verdict(case, ok, summary, None, measured)
    if isinstance(expect, DriftsFromOracle):
        if not measured["same_shape"]:
            return Verdict(case, False, f"predictions have shape {measured['shape']}", None, measured)
        ok = measured["max_abs_diff"] >= expect.by
        summary = (
            f"no error; predictions up to {measured['max_abs_diff']:.3f} away from the original model's, "
            f"{quality_name(task)} {measured['quality']:.3f} against {measured['oracle_quality']:.3f}"
        )
        return Verdict(case, ok, summary, None, measured)
    if isinstance(expect, RunsCodeFromTheFile):
        new_files = measured["new_files"] = outcome.get("new_files", [])
        ok = expect.evidence in new_files
        looks_right = measured["same_shape"] and measured["max_abs_diff"] < 1e-5
        summary = (
            f"no error; the load ran code from the file, which wrote {expect.evidence}"
            + ("; and the predictions look perfect" if looks_right else "")
            if ok else f"no error, and no {expect.evidence} appeared (new files: {new_files or 'none'})"
        )
        return Verdict(case, ok, summary, None, measured)
    raise TypeError(f"unknown expectation {expect!r}")


def _judge_raised(case: Case, expect, raised: dict, fmt: str | None) -> Verdict:
    what = f"{raised['type']} at `{raised['line']}`"
    if not isinstance(expect, Raises):
        return Verdict(case, False, f"raised {what}", raised)
    problems = []
    if raised["type"] != expect.exception_for(fmt):
        problems.append(f"type {raised['type']}, declared {expect.exception_for(fmt)}")
    if not re.search(r"\b" + re.escape(expect.during) + r"\(", raised["line"]):
        problems.append(f"raised by `{raised['line']}`, declared {expect.during}()")
    pattern = expect.pattern_for(fmt)
    if not re.search(pattern, raised["message"]):
        problems.append(f"message does not match /{pattern}/")
    if problems:
        return Verdict(case, False, f"raised {what}, but " + "; ".join(problems), raised)
    return Verdict(case, True, f"raised {raised['type']} from {expect.during}(), as declared", raised)


def measure(task: str, predictions: np.ndarray, probe: dict) -> dict:
    oracle, labels = probe["oracle"], probe["labels"]
    same_shape = predictions.shape == oracle.shape
    measured = {
        "shape": list(predictions.shape),
        "oracle_shape": list(oracle.shape),
        "same_shape": same_shape,
        "baseline": baseline(task, labels),
        "oracle_quality": quality(task, oracle, labels),
        "quality_name": quality_name(task),
    }
    if same_shape:
        measured["quality"] = quality(task, predictions, labels)
        measured["max_abs_diff"] = float(np.max(np.abs(predictions - oracle)))
    return measured
