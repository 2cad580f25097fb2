"""The behavioural checks, one per exercise. They run inside the fresh trial process.

A check calls the learner's function on held-back data and compares what comes back with the
original (in-memory) model's predictions, the oracle, with np.allclose. It never looks for a
particular way of writing the fix, so every correct approach passes. When the answer is wrong, the
check works out *which* wrong answer it is, by comparing it with what the usual wrong fixes
produce (a transposed image, raw features, a scaler fitted on the request...), and names that
mistake. Only fixes that cannot be told apart by behaviour (pickle, safe_mode=False) are found by
reading the source.

Each check returns a result dict: passed, mistake (a short id, "ok" when passed), summary, and for
failures call / expected / got / advice, phrased for the learner.
"""

from __future__ import annotations

import ast
import re

import numpy as np

# Probabilities in [0, 1]: float32 vs float64 statistics (a Normalization layer against the
# StandardScaler) differ by about 1e-6; every wrong fix here is off by more than 0.01.
RTOL, ATOL = 1e-5, 1e-5


def passed(summary: str) -> dict:
    return {"passed": True, "mistake": "ok", "summary": summary}


def failed(mistake: str, summary: str, *, call: str = "", expected: str = "", got: str = "", advice: str = "") -> dict:
    return {"passed": False, "mistake": mistake, "summary": summary, "call": call, "expected": expected,
            "got": got, "advice": advice}


def raised_text(raised: dict) -> str:
    text = f"{raised['type']}: {raised['message']}"
    # Only a line of the learner's own code is worth pointing at, never one inside Keras.
    if raised.get("own", True):
        text += f"\nraised at {raised['file']} line {raised['lineno']}: {raised['line']}"
    return text


def shape_of(value) -> str:
    return str(tuple(np.shape(value)))


def catches_exceptions(source: str) -> bool:
    """Does this code contain a try/except? Used only to aim a message, never to fail a check."""
    try:
        return any(isinstance(node, ast.Try) for node in ast.walk(ast.parse(source)))
    except SyntaxError:
        return False


def unsafe_loading(source: str) -> str | None:
    """Loading routes that make a failure go away by trusting the file: found by reading the code,
    because they can behave exactly like a correct fix."""
    if re.search(r"safe_mode\s*=\s*False|enable_unsafe_deserialization", source):
        return "safe_mode"
    if re.search(r"^\s*(import|from)\s+(pickle|cPickle|dill|cloudpickle|joblib)\b|\bpickle\.|\bjoblib\.", source, re.M):
        return "pickle"
    return None


UNSAFE_ADVICE = {
    "safe_mode": (
        "safe_mode=False (or enable_unsafe_deserialization) turns off the check that stops a model file "
        "from running arbitrary Python code when it is loaded. It only concerns Python lambdas stored in "
        "the file; it is never the fix for a missing custom object or a preprocessing step. Remove it."
    ),
    "pickle": (
        "pickle/joblib files run code when they are loaded, so they are only safe from a source you "
        "trust, and they tie you to the exact library versions that wrote them. The state you need is "
        "plain numbers or a plain function: read it from the JSON or the model file instead."
    ),
}


def as_predictions(trial, called, oracle: np.ndarray, call: str, expected: str):
    """Turn one call's outcome into a float array of the oracle's shape, or a failure result."""
    if called.raised:
        return None, failed("raised", "your function raised an exception", call=call, expected=expected,
                            got=raised_text(called.raised))
    value = called.value
    silenced = catches_exceptions(trial.function_source())
    if value is None:
        return None, failed(
            "silenced" if silenced else "returned_none", "your function returned None", call=call, expected=expected,
            got="None",
            advice=("A try/except that swallows the error hides the bug from the caller instead of fixing it: "
                    "let errors propagate, and fix what caused them." if silenced else
                    "Did you forget the `return`?"),
        )
    try:
        array = np.asarray(value, dtype="float64")
    except (TypeError, ValueError):
        return None, failed("not_an_array", "your function did not return numbers", call=call, expected=expected,
                            got=f"a {type(value).__name__}")
    if oracle.shape[-1:] > (1,) and array.shape == oracle.shape[:-1] and np.array_equal(array, oracle.argmax(-1)):
        return None, failed(
            "returned_labels", "class labels instead of probabilities", call=call, expected=expected,
            got=f"the predicted classes, shape {array.shape} (they are right)",
            advice="Return what predict() gives, the probability of every class; the caller decides what to do "
                   "with them (argmax, a threshold, a confidence check).",
        )
    if array.shape != oracle.shape:
        return None, failed("wrong_shape", f"predictions of shape {array.shape}, expected {oracle.shape}",
                            call=call, expected=expected, got=f"an array of shape {array.shape}")
    if silenced and array.size > 1 and np.ptp(array) < 1e-9:
        return None, failed(
            "silenced", "every prediction is the same number", call=call, expected=expected,
            got=f"{array.size} copies of {array.flat[0]:.4g}",
            advice="A try/except that returns a placeholder (zeros) hides the error instead of fixing it: "
                   "let errors propagate, and fix what caused them.",
        )
    return array, None


def matches(array: np.ndarray, reference: np.ndarray) -> bool:
    return array.shape == reference.shape and bool(np.allclose(array, reference, rtol=RTOL, atol=ATOL))


def own_predictions(model, x) -> np.ndarray:
    """The checker's own predictions for a wrong input. A direct call skips the function tracing
    predict() does on first use; the numbers are the same."""
    return np.asarray(model(np.asarray(x, dtype="float32"), training=False), dtype="float64")


def standardized_on_itself(rows: np.ndarray) -> np.ndarray:
    """What StandardScaler().fit_transform(rows) gives (population spread; constant columns kept
    at scale 1), without importing scikit-learn into the check."""
    spread = rows.std(axis=0)
    return (rows - rows.mean(axis=0)) / np.where(spread > 0, spread, 1.0)


def accuracy(task: str, predictions: np.ndarray, labels: np.ndarray) -> float:
    from scenarios.machinery.verdict import quality

    return quality(task, predictions, labels)
