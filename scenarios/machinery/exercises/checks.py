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
                      expected=f"a module that defines {function}()", got=raised_text(answers.import_error),
                      advice=(f"The file must import on its own before {function}() can be called: fix the error "
                              f"at the line shown (running `python {filename}` shows it too)."))
    if answers.no_function:
        return failed("no_function", f"{filename} has no function {function}()",
                      expected=f"a function named {function}", got="no such function (was it renamed?)",
                      advice=f"The check calls {function}() by name: keep the name and the arguments the exercise gave.")
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
                            got=f"a {answer.type}",
                            advice="Return the array predict() gives, not the model or a description of it.")
    if oracle.shape[-1:] > (1,) and array.shape == oracle.shape[:-1] and np.array_equal(array, oracle.argmax(-1)):
        return None, failed(
            "returned_labels", "class labels instead of probabilities", call=call, expected=expected,
            got=f"the predicted classes, shape {array.shape} (they are right)",
            advice="Return what predict() gives, the probability of every class; the caller decides what to do "
                   "with them (argmax, a threshold, a confidence check).",
        )
    if array.shape != oracle.shape:
        return None, failed("wrong_shape", f"predictions of shape {array.shape}, expected {oracle.shape}",
                            call=call, expected=expected, got=f"an array of shape {array.shape}",
                            advice=shape_advice(array, oracle))
    if silenced and array.size > 1 and np.ptp(array) < 1e-9:
        return None, failed(
            "silenced", "every prediction is the same number", call=call, expected=expected,
            got=f"{array.size} copies of {array.flat[0]:.4g}",
            advice="A try/except that returns a placeholder (zeros) hides the error instead of fixing it: "
                   "let errors propagate, and fix what caused them.",
        )
    failure = not_as_predicted(array, oracle, call, expected)
    return (None, failure) if failure else (array, None)


def shape_advice(array: np.ndarray, oracle: np.ndarray) -> str:
    """Why an answer has another shape than the model's predictions, as far as its numbers tell."""
    if array.size == oracle.size and matches(array.reshape(oracle.shape), oracle):
        return (f"The numbers are the model's, arranged as {array.shape}: return them as {oracle.shape}, the "
                f"shape the caller expects (no transpose, no extra axis).")
    if array.ndim == oracle.ndim and array.ndim > 1 and array.shape[1:] == oracle.shape[1:]:
        return (f"The model answers one row per input row, and the request has {oracle.shape[0]}: your "
                f"function answered {array.shape[0]}. Let the batch size follow the request.")
    return f"Return the model's predictions as predict() gives them, shape {oracle.shape}."


# --- what was done to the model's output (the input may be fine) ------------------------------------


def softmax(scores: np.ndarray) -> np.ndarray:
    scores = np.asarray(scores, dtype="float64")
    shifted = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def sigmoid(scores: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(np.asarray(scores, dtype="float64"), -500, 500)))


def is_softmax_output(oracle: np.ndarray) -> bool:
    """One probability per class, summing to one (a softmax), rather than one sigmoid per row."""
    return oracle.shape[-1:] > (1,) and bool(np.allclose(oracle.sum(axis=-1), 1, atol=1e-4))


def rounded_to(array: np.ndarray, oracle: np.ndarray) -> int | None:
    """The number of decimals the model's output was rounded to, if that is what the answer is: every
    value a multiple of 10**-decimals, and (but for the odd value the model's float32 output puts on
    the other side of a rounding boundary) the model's values rounded so."""
    if np.ptp(array) == 0:  # a constant answer (a saturated model, a placeholder) is no rounding
        return None
    for decimals in range(5):
        on_steps = np.allclose(array, np.round(array, decimals), rtol=0, atol=1e-6)
        same = np.isclose(array, np.round(oracle, decimals), rtol=0, atol=1e-6)
        if on_steps and same.mean() >= 0.99:
            return decimals
    return None


def classes_agree(array: np.ndarray, oracle: np.ndarray) -> str:
    """How many predicted classes (argmax, or the 0.5 threshold of a single probability) are the model's."""
    if oracle.shape[-1:] > (1,):
        same, total = int(np.sum(array.argmax(-1) == oracle.argmax(-1))), array[..., 0].size
    else:
        same, total = int(np.sum((array > 0.5) == (oracle > 0.5))), array.size
    if total == 1:
        return "the predicted class is the model's" if same else "the predicted class is not the model's"
    return f"the predicted class agrees with the model's for {same} of {total}"


def scale_factor(array: np.ndarray, oracle: np.ndarray) -> float | None:
    """k when the answer is the model's output times a constant k (percentages: k = 100)."""
    lit = np.abs(oracle) > 1e-3
    if not lit.any():
        return None
    factor = float(np.median(array[lit] / oracle[lit]))
    if not np.isfinite(factor) or factor == 0:  # zeros or NaN came back: no constant explains them
        return None
    return factor if abs(factor - 1) > 1e-3 and matches(array / factor, oracle) else None


def not_as_predicted(array: np.ndarray, oracle: np.ndarray, call: str, expected: str) -> dict | None:
    """Answers of the right shape that are not what predict() returns for any input: not finite, or
    the model's output changed after predict() (rounded, a second softmax, the scores before the
    final activation, anything that is not probabilities). None when they may be predictions."""
    if not np.all(np.isfinite(array)):
        bad = int(np.sum(~np.isfinite(array)))
        return failed(
            "not_finite", "predictions that are not numbers (NaN or infinity)", call=call, expected=expected,
            got=f"{bad} of {array.size} values are NaN or infinite",
            advice=("A model answers NaN when NaN or infinity goes in: a division by zero before it. A spread "
                    "(std) or a maximum computed on the incoming rows is 0 for every feature that never varies "
                    "among them, and for every feature of a single row. Scale with the constants training used, "
                    "never with statistics of the request."),
        )
    probabilities = bool(np.all((oracle >= 0) & (oracle <= 1)))
    if not probabilities or matches(array, oracle):
        return None
    softmax_kind = is_softmax_output(oracle)
    decimals = rounded_to(array, oracle)
    agree = classes_agree(array, oracle)
    if decimals is not None:
        return failed(
            "rounded", f"the model's probabilities, rounded to {decimals} decimal{'s' if decimals != 1 else ''}",
            call=call, expected=expected,
            got=f"multiples of {10.0 ** -decimals:g}, up to {largest_difference(array, oracle):.3g} away from the "
                f"model's; {agree}",
            advice=("The input reached the model as in training: its output is right until it is rounded. "
                    "Rounding changes every probability (a small one becomes 0, a row may no longer sum to 1), "
                    "and the caller gets numbers the model never gave. Return predict()'s output as it is; "
                    "round only when you display it."),
        )
    if softmax_kind and matches(array, softmax(oracle)):
        return failed(
            "softmax_twice", "a softmax applied to probabilities: the model already ends in one",
            call=call, expected=expected,
            got=(f"probabilities flattened towards 1/{oracle.shape[-1]}: mean confidence in the top class "
                 f"{array.max(-1).mean():.2f} against the model's {oracle.max(-1).mean():.2f}; {agree}"),
            advice=("The input reached the model as in training, and predict() already returns probabilities: "
                    "the last layer is Dense(..., activation=\"softmax\"). A second softmax keeps the top class "
                    "(so the predicted classes agree) and squeezes every probability towards the same value. "
                    "Return predict()'s output as it is."),
        )
    if matches(softmax(array) if softmax_kind else sigmoid(array), oracle):
        activation = "softmax" if softmax_kind else "sigmoid"
        return failed(
            "logits", f"scores before the final {activation} (logits), not probabilities", call=call, expected=expected,
            got=f"values from {array.min():.3g} to {array.max():.3g}; a {activation} of them gives the model's "
                f"probabilities",
            advice=(f"A {activation} of your output gives exactly the model's probabilities, so the {activation} "
                    f"is missing: a rebuilt last layer without activation=\"{activation}\", or a log taken of the "
                    f"output. The caller expects probabilities, each between 0 and 1"
                    + (", summing to 1 for each row" if softmax_kind else "")
                    + f". Keep the {activation} the model was trained with."),
        )
    sums = array.sum(axis=-1)
    outside = array.min() < -1e-6 or array.max() > 1 + 1e-6
    if outside or (softmax_kind and not np.allclose(sums, 1, atol=1e-3)):
        spread = (f"; rows summing to {sums.min():.3g}" + (f" to {sums.max():.3g}" if np.ptp(sums) > 1e-3 else "")
                  if softmax_kind else "")
        factor = scale_factor(array, oracle)
        return failed(
            "not_probabilities", "the answer is not probabilities", call=call, expected=expected,
            got=(f"the model's probabilities times {factor:g}" if factor else
                 f"values from {array.min():.3g} to {array.max():.3g}{spread}") + f"; {agree}",
            advice=("predict() on this model returns probabilities, each between 0 and 1"
                    + (", summing to 1 for each row" if softmax_kind else "")
                    + ", whatever the input: something changed them after predict() (a scale, a log, a "
                      "normalization). Return predict()'s output as it is; the caller decides how to show it."),
        )
    return None


# --- reading an error (to aim its advice) ----------------------------------------------------------


def received_shape(message: str) -> tuple | None:
    """The shape of the input a Keras layer refused, as its error message gives it: "incompatible
    shape (32, 784)", "received input with shape (1, 1, 28, 28)", "input shapes: [28,28,1,1], ..."."""
    found = re.search(r"(?:incompatible shape|received input with shape|with input shapes:)\s*[(\[]([^)\]]*)[)\]]", message)
    if not found:
        return None
    try:
        return tuple(None if part.strip() == "None" else int(part) for part in found.group(1).split(",") if part.strip())
    except ValueError:
        return None


def image_layout(shape: tuple | None, image: tuple) -> str | None:
    """What went wrong with the layout of images of shape `image` (height, width, channels), as a
    model received them: "flat" rows, "channels_first", a "trailing_axis" (one image, no batch axis,
    and Keras's extra axis at the end), or None when it cannot tell."""
    if not shape:
        return None
    height, width, channels = image
    if len(shape) == 2 and shape[1] == height * width * channels:
        return "flat"
    if len(shape) == 4 and tuple(shape[1:]) == (channels, height, width) and channels != height:
        return "channels_first"
    if len(shape) == 4 and tuple(shape[:3]) == image and shape[3] == 1:
        return "trailing_axis"
    return None


def not_a_working_model(answer: Answer, source: str, predict_advice: str) -> dict | None:
    """For a function that must return a model: the failures before its predictions can be judged
    (nothing returned, something else returned, a model that cannot predict), or None."""
    call, expected = answer.call.text, answer.call.expected
    if answer.type == "NoneType":
        silenced = catches_exceptions(source)
        return failed("silenced" if silenced else "returned_none", "your function returned None", call=call,
                      expected=expected, got="None",
                      advice=("A try/except that swallows the load error hides it instead of fixing it: let "
                              "errors propagate, and fix what caused them." if silenced else
                              "Did you forget the `return`?"))
    if answer.predictions is not None:
        return None
    if answer.evaluate_raised:
        return failed("raised", f"predict() on the model from {answer.call.name} raised an exception", call=call,
                      expected=expected, got=raised_text(answer.evaluate_raised), advice=predict_advice)
    return failed("not_a_model", "your function did not return a Keras model", call=call, expected=expected,
                  got=f"a {answer.type}", advice="Return the loaded model itself: the serving code calls predict() on it.")


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
