"""What the exercise checks share: the calls sent into the sandbox, the answers that come back, and
the helpers that judge them. Everything here runs in the judging process and never imports
TensorFlow or runs learner code.

A check module (<lesson>/exercises/<name>/check.py) declares:

- `EXERCISE`: number, title, the function to complete, hints;
- `files(artifacts)`: which trained files the learner's function is handed, by the name it sees;
- `calls(probe)`: the calls to make, every one of them, whatever the earlier ones returned;
- `alternatives(artifacts, probe)`: run by trusted code in a fresh process, the predictions the
  usual wrong fixes produce (a transposed image, raw features, ...), to name a wrong answer;
- `judge(answers, probe, alternatives)`: the result dict.

A check never looks for a particular way of writing the fix, so every correct approach passes.
When an answer is wrong, it finds *which* wrong answer it is by comparing it with the
alternatives. Result dicts hold passed, mistake (a short id, "ok" when passed), summary, and for
failures call / expected / got / advice, phrased for the learner.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from scenarios.machinery.artifacts import PROBE, TRAINED
from scenarios.machinery.declare import MatchesOracle
from scenarios.machinery.quiet import key_message
from scenarios.machinery.verdict import close_to, quality

# Probabilities in [0, 1]: float32 against float64 statistics (a Normalization layer against the
# StandardScaler) differ by about 1e-6; every wrong fix here is off by more than 0.01.
TOLERANCE = MatchesOracle(rtol=1e-5, atol=1e-5)


# --- what goes into the sandbox -------------------------------------------------------------------


@dataclass(frozen=True)
class File:
    """An argument that is the path of a handed-out file or folder, as the learner's function sees it."""

    name: str


@dataclass
class Call:
    """One call of the learner's function. `args` are File()s and arrays. With `evaluate` (the names
    of two arrays among the args' inputs, x and y), the function must return a model, and the
    sandbox goes on as a caller would: predict(x), then evaluate(x, y)."""

    name: str
    args: tuple
    text: str  # the call as the learner reads it in a message
    expected: str
    evaluate: tuple[np.ndarray, np.ndarray] | None = None

    def spec(self) -> dict:
        args = [{"file": arg.name} if isinstance(arg, File) else {"array": f"{self.name}_{i}"}
                for i, arg in enumerate(self.args)]
        spec = {"name": self.name, "args": args}
        if self.evaluate is not None:
            spec["evaluate"] = [f"{self.name}_x", f"{self.name}_y"]
        return spec

    def arrays(self) -> dict[str, np.ndarray]:
        arrays = {f"{self.name}_{i}": arg for i, arg in enumerate(self.args) if isinstance(arg, np.ndarray)}
        if self.evaluate is not None:
            arrays[f"{self.name}_x"], arrays[f"{self.name}_y"] = self.evaluate
        return arrays


def handed_out(artifacts: Path) -> list[str]:
    """Every trained file but the held-back probe and the training record: what a serving team has."""
    return [p.name for p in sorted(Path(artifacts).iterdir()) if p.is_file() and p.name not in (PROBE, TRAINED)]


# --- what comes back ------------------------------------------------------------------------------


@dataclass
class Answer:
    """What one call did: raised (a description), or returned `value` (numbers, or None) of `type`.
    For a call with evaluate: the model's `predictions` and `loss`, or what evaluating raised."""

    call: Call
    raised: dict | None = None
    value: np.ndarray | None = None
    type: str = ""
    predictions: np.ndarray | None = None
    loss: float | None = None
    evaluate_raised: dict | None = None


@dataclass
class Answers:
    source: str
    import_error: dict | None = None
    no_function: bool = False
    by_name: dict[str, Answer] = field(default_factory=dict)
    # Files the tampered model file's code wrote where the learner's code cannot remove them.
    evidence: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> Answer:
        return self.by_name[name]

    @classmethod
    def from_results(cls, results: dict, arrays: dict, calls: list[Call], source_file: Path) -> "Answers":
        answers = cls(source=Path(source_file).read_text(errors="replace"),
                      import_error=_shortened(results.get("import_error")),
                      no_function=bool(results.get("no_function")))
        by_call = {call.name: call for call in calls}
        for outcome in results.get("calls", []):
            call = by_call[outcome["name"]]
            returned = arrays.get(outcome.get("array", ""))
            loss = outcome.get("loss")
            answers.by_name[call.name] = Answer(
                call=call, raised=_shortened(outcome.get("raised")), type=str(outcome.get("type", "")),
                value=returned if call.evaluate is None else None,
                predictions=returned if call.evaluate is not None else None,
                loss=float(loss) if isinstance(loss, (int, float)) else None,
                evaluate_raised=_shortened(outcome.get("evaluate_raised")),
            )
        return answers


def _shortened(raised: dict | None) -> dict | None:
    return None if raised is None else {**raised, "message": brief(raised["message"])}


def brief(message: str, limit: int = 300) -> str:
    """The part of an exception message a learner needs: the cause, as the reports show it
    (key_message), without the JSON config some messages append, and with Keras's description of
    the input tensor shortened to the shapes."""
    text = key_message(message, limit=None)
    text = re.split(r"\s*(?:Full object config|Config:|config=)", text)[0]
    text = re.sub(r"Invalid input shape for input Tensor\(.*?dtype=\w+\)(?: with name '[^']*' and path '[^']*')?\.",
                  "Invalid input shape.", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- results --------------------------------------------------------------------------------------


def passed(summary: str) -> dict:
    return {"passed": True, "mistake": "ok", "summary": summary}


def failed(mistake: str, summary: str, *, call: str = "", expected: str = "", got: str = "", advice: str = "") -> dict:
    return {"passed": False, "mistake": mistake, "summary": summary, "call": call, "expected": expected,
            "got": got, "advice": advice}


def crashed(status) -> dict:
    return failed(
        "crashed",
        "the process running your code ended abruptly" + (f" (exit status {status})" if status is not None else ""),
        advice="Look for os._exit(), or a call that crashes the interpreter.",
    )


def preamble(answers: Answers, function: str, filename: str) -> dict | None:
    """The failures every exercise shares, before any answer is looked at."""
    if answers.import_error:
        return failed("import_failed", f"{filename} could not be imported",
                      expected=f"a module that defines {function}()", got=raised_text(answers.import_error))
    if answers.no_function:
        return failed("no_function", f"{filename} has no function {function}()",
                      expected=f"a function named {function}", got="no such function (was it renamed?)")
    return None


def raised_text(raised: dict) -> str:
    text = f"{raised['type']}: {raised['message']}"
    # Only a line of the learner's own code is worth pointing at, never one inside Keras.
    if raised.get("own", True) and raised.get("line"):
        text += f"\nraised at {raised['file']} line {raised['lineno']}: {raised['line']}"
    return text


def matches(array: np.ndarray | None, reference: np.ndarray, expect: MatchesOracle = TOLERANCE) -> bool:
    """The scenarios' comparison (verdict.close_to): same shape, np.allclose within the tolerance."""
    return array is not None and close_to(np.asarray(array), np.asarray(reference), expect)


def largest_difference(array: np.ndarray, reference: np.ndarray) -> float:
    return float(np.max(np.abs(np.asarray(array, dtype="float64") - reference)))


def accuracy(task: str, predictions: np.ndarray, labels: np.ndarray) -> float:
    return quality(task, predictions, labels)


def as_predictions(answer: Answer, oracle: np.ndarray, source: str):
    """Turn one call's answer into a float array of the oracle's shape, or a failure result."""
    call, expected = answer.call.text, answer.call.expected
    if answer.raised:
        return None, failed("raised", "your function raised an exception", call=call, expected=expected,
                            got=raised_text(answer.raised))
    silenced = catches_exceptions(source)
    if answer.type == "NoneType":
        return None, failed(
            "silenced" if silenced else "returned_none", "your function returned None", call=call, expected=expected,
            got="None",
            advice=("A try/except that swallows the error hides the bug from the caller instead of fixing it: "
                    "let errors propagate, and fix what caused them." if silenced else
                    "Did you forget the `return`?"),
        )
    array = answer.value
    if array is None:
        return None, failed("not_an_array", "your function did not return numbers", call=call, expected=expected,
                            got=f"a {answer.type}")
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


# --- reading the learner's source (to aim a message, or for what behaviour cannot show) -------------


def code_only(source: str) -> str:
    """The source without comments and docstrings: a stub's instructions, or a learner's note, may
    name safe_mode=False or pickle as something *not* to do."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return ast.unparse(tree)  # unparsing drops every comment


def catches_exceptions(source: str) -> bool:
    """Does this code contain a try/except? Used only to aim a message, never to fail a check."""
    try:
        return any(isinstance(node, ast.Try) for node in ast.walk(ast.parse(source)))
    except SyntaxError:
        return False


def unsafe_loading(source: str) -> str | None:
    """Routes that make a failure go away by trusting a file, as written in the code (comments and
    docstrings do not count). Disguised ones are caught by behaviour: see tampered_code_ran()."""
    code = code_only(source)
    if re.search(r"safe_mode\s*=\s*False|enable_unsafe_deserialization", code):
        return "safe_mode"
    if re.search(r"^\s*(import|from)\s+(pickle|cPickle|dill|cloudpickle|joblib)\b|\bpickle\.|\bjoblib\.", code, re.M):
        return "pickle"
    return None


def tampered_code_ran(answers: Answers) -> bool:
    """Did the code stored in a tampered model file run? It leaves a file where the learner's code
    may create files but not remove them."""
    return bool(answers.evidence)


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


def unsafe_failure(kind: str, call: str, expected: str, advice: str | None = None) -> dict:
    return failed(kind, "the fix loads through an unsafe route", call=call, expected=expected,
                  got=f"code using {'safe_mode=False' if kind == 'safe_mode' else 'pickle/joblib'}",
                  advice=advice or UNSAFE_ADVICE[kind])


# --- trusted helpers for alternatives() (run in the fresh trusted process, never on learner output) --


def own_predictions(model, x) -> np.ndarray:
    """The model's predictions for an input. A direct call skips the function tracing predict()
    does on first use; the numbers are the same."""
    return np.asarray(model(np.asarray(x, dtype="float32"), training=False), dtype="float64")


def standardized_on_itself(rows: np.ndarray) -> np.ndarray:
    """What StandardScaler().fit_transform(rows) gives (population spread; constant columns kept
    at scale 1), without importing scikit-learn."""
    spread = rows.std(axis=0)
    return (rows - rows.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
