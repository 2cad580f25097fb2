"""Exercise 5: classify_digits (lambda_layer): the exercise's metadata and hints, and the behavioural check of the learner's function."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import numpy as np

from scenarios.machinery.exercises.catalog import Exercise
from scenarios.machinery.exercises.checks import (
    UNSAFE_ADVICE,
    accuracy,
    as_predictions,
    failed,
    matches,
    own_predictions,
    passed,
    unsafe_loading,
)

EXERCISE = Exercise(
    number=5,
    title="A digit classifier whose pixel scaling is a Lambda layer, served without running code from its file",
    function="classify_digits",
    hints=(
        "Read the error: the Lambda's function was saved as Python bytecode, and load_model() refuses to "
        "run bytecode from a file. safe_mode=False would run whatever the file holds, and a file can be "
        "tampered with: the checker also serves a copy whose lambda does more than divide.",
        "The code in the file is the problem, not the weights: they are plain numbers. Rebuild the network "
        "in your own code, keras.Sequential([keras.Input((64,)), <the scaling>, "
        "keras.layers.Dense(32, activation=\"relu\"), keras.layers.Dense(10, activation=\"softmax\")]), and "
        "call model.load_weights(<the model.keras file>): it reads the weights and never the stored code.",
        "The scaling was x / 16.0 (pixels run from 0 to 16): keras.layers.Rescaling(1 / 16), or a Lambda "
        "written in your own file (that code is yours, not the file's). Without it nothing raises and even "
        "the predicted digits barely change, but every probability is wrong. Not / 255: these are not 8-bit "
        "pixels.",
    ),
)

EVIDENCE = "code-from-the-model-file.txt"  # what the tampered copy's lambda writes (lambda_layer/train.py)
SHIPPED = ("model.keras", "model.h5")

ADVICE = {
    "safe_mode": (
        "safe_mode=False (or keras.config.enable_unsafe_deserialization()) makes the Lambda load by running "
        "the Python bytecode stored in the file, whatever it does. The file is data you were sent, not code "
        "you wrote: a tampered copy predicts exactly as well and runs its author's code inside your serving "
        "process. Keep safe_mode on; rebuild the model in your code and load only its weights "
        "(model.load_weights), with the scaling as keras.layers.Rescaling(1 / 16)."
    ),
    "refused": (
        "load_model() rebuilds the architecture from the file, Lambda included, and refuses to run the "
        "lambda's stored bytecode, as it should. Do not take the architecture from the file: build it in "
        "your code, then model.load_weights(...) from the same file, which reads only the weights."
    ),
    "missing_file": (
        "Your function is given only what the team shipped: model.keras and model.h5, both with the Lambda. "
        "The other files in your workspace's models/lambda_layer/ are the scenario's own fixed re-exports; "
        "a real team would not have sent them. Serve the files you were given."
    ),
    "architecture": (
        "The weights only fit the network they were trained in: 64 inputs, Dense(32, relu), Dense(10, "
        "softmax); the scaling layer holds no weights. Rebuild exactly that, in that order."
    ),
}


def check(trial) -> dict:
    request, oracle, labels = trial.probe["request"], trial.probe["oracle"], trial.probe["labels"]
    expected = f"class probabilities of shape {oracle.shape}, the same as the trained model gave (np.allclose)"
    call = (f"classify_digits(model_dir, pixel_rows)  # model_dir: the team's {' and '.join(SHIPPED)}; "
            f"pixel_rows: {len(request)} held-back images, shape {request.shape}")
    unsafe = unsafe_loading(code_only(trial.source))
    if unsafe:
        return failed(unsafe, "the fix loads the model through an unsafe route", call=call, expected=expected,
                      got=f"code using {'safe_mode=False' if unsafe == 'safe_mode' else 'pickle/joblib'}",
                      advice=ADVICE["safe_mode"] if unsafe == "safe_mode" else UNSAFE_ADVICE[unsafe])

    with tempfile.TemporaryDirectory(prefix="lambda-layer-") as scratch:
        # The folder the learner's function gets: the team's two files, nothing else.
        shipped, tampered = Path(scratch) / "shipped", Path(scratch) / "tampered"
        for folder, stem in ((shipped, "model"), (tampered, "model_tampered")):
            folder.mkdir()
            for name in SHIPPED:
                shutil.copy2(trial.path(name.replace("model", stem, 1)), folder / name)

        array, failure = as_predictions(trial, trial.call(str(shipped), request), oracle, call, expected)
        if failure:
            return aimed(failure)
        if not matches(array, oracle):
            return wrong_values(trial, array, call, expected)

        # A batch-independent answer: an image alone gets what it got in the full request. Row `one`
        # has no pixel at 16, so a scale taken from the request itself (x / x.max()) shows here.
        one = int(np.argmax(request.max(axis=1) < 16))
        one_call = (f"classify_digits(model_dir, pixel_rows[{one}:{one + 1}])  # a single image, brightest pixel "
                    f"{request[one].max():g}")
        one_expected = f"the probabilities this image got in the full request, shape {oracle[one:one + 1].shape}"
        alone, failure = as_predictions(trial, trial.call(str(shipped), request[one:one + 1]), oracle[one:one + 1],
                                        one_call, one_expected)
        if failure:
            return aimed(failure)
        if not matches(alone, oracle[one:one + 1]):
            return failed(
                "refit_on_request", "the scaling depends on the request: a scale fitted on the rows being scored",
                call=one_call, expected=one_expected,
                got=f"probabilities up to {np.max(np.abs(alone - oracle[one:one + 1])):.3g} away",
                advice=("Dividing by the request's own maximum (or any statistic of the rows) happens to equal 16 "
                        "on a large request and not on an image whose brightest pixel is 15. Training divided "
                        "every pixel by the constant 16.0: do exactly that."),
            )

        # The same request against a tampered copy of the files: right predictions are not enough, the
        # file's code must not have run (it writes a file into the working directory).
        tampered_call = f"classify_digits(tampered_dir, pixel_rows)  # a tampered copy of {' and '.join(SHIPPED)}"
        called = trial.call(str(tampered), request)
        ran = [p for p in (Path.cwd() / EVIDENCE, tampered / EVIDENCE) if p.exists()]
        for evidence in ran:
            evidence.unlink()
        if ran:
            return failed("safe_mode", "code stored in the model file ran in your process", call=tampered_call,
                          expected="the same predictions, and nothing from the file executed",
                          got=f"the tampered file's lambda wrote {EVIDENCE} into the working directory",
                          advice=ADVICE["safe_mode"])
        tampered_array, failure = as_predictions(trial, called, oracle, tampered_call, expected)
        if failure:
            return aimed(failure)
        if not matches(tampered_array, oracle):
            return failed("wrong_values", "the tampered copy gets different predictions", call=tampered_call,
                          expected=expected,
                          got=f"predictions up to {np.max(np.abs(tampered_array - oracle)):.3g} away",
                          advice="Its weights are the team's weights: read them the same way.")

    return passed(
        f"{len(request)} held-back images, alone or in a batch, get the trained model's probabilities (max "
        f"|difference| {np.max(np.abs(array - oracle)):.1e}, accuracy {accuracy('multiclass', oracle, labels):.2f}) "
        f"with safe_mode on, and a tampered copy of the file ran none of its code"
    )


def code_only(source: str) -> str:
    """The source without comments and docstrings: the stub's own instructions name safe_mode=False
    (as something not to do), and a learner who keeps them has not used it."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return ast.unparse(tree)


def aimed(failure: dict) -> dict:
    """A raised error, with advice aimed at the usual causes here."""
    if failure["mistake"] != "raised":
        return failure
    got = failure["got"]
    if re.search(r"deserialization of a `Lambda`|arbitrary code execution", got):
        failure["summary"], failure["advice"] = "load_model() refused the Lambda layer", ADVICE["refused"]
    elif re.search(r"model_(rescaling|registered_layer|tampered)", got):
        failure["summary"], failure["advice"] = "your function opened a file the team did not ship", ADVICE["missing_file"]
    elif re.search(r"variables|Layer count mismatch|incompatible|shape", got, re.I):
        failure["advice"] = ADVICE["architecture"]
    return failure


def wrong_values(trial, array: np.ndarray, call: str, expected: str) -> dict:
    """Right shape, wrong numbers: which wrong scaling did the network get?"""
    import keras

    request, oracle, labels = trial.probe["request"], trial.probe["oracle"], trial.probe["labels"]
    # The trained Dense layers with no scaling in front: fed request * factor, they show what the
    # learner's model received.
    dense = keras.Sequential([keras.Input((request.shape[1],)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    dense.load_weights(trial.path("model.keras"))
    got_accuracy, own_accuracy = accuracy("multiclass", array, labels), accuracy("multiclass", oracle, labels)
    got = (f"probabilities up to {np.max(np.abs(array - oracle)):.3g} away from the model's; accuracy "
           f"{got_accuracy:.2f} against its {own_accuracy:.2f}, mean confidence in the top class "
           f"{array.max(-1).mean():.2f} against its {oracle.max(-1).mean():.2f}")
    if matches(array, own_predictions(dense, request)):
        return failed(
            "no_scaling", "the network received raw pixels: the scaling is missing", call=call, expected=expected,
            got=got,
            advice=("Nothing raised, and the predicted digits barely changed: a ReLU network fed pixels 16 times "
                    "too large mostly keeps its ranking and pushes every probability towards 0 or 1. Every "
                    "confidence the caller reads is wrong. The Lambda was part of the model: its Dense layers "
                    "were trained on pixels divided by 16 (0 to 1), just as exercise 3's network was trained on "
                    "standardized rows. Put the scaling back: keras.layers.Rescaling(1 / 16) in front."),
        )
    for factor, what in ((1 / 256, "divided by 16 twice (in the model and before it)"),
                         (1 / 255, "divided by 255"), (16.0, "multiplied by 16")):
        if matches(array, own_predictions(dense, request * factor)):
            return failed(
                "wrong_scaling", f"the network received pixels {what}", call=call, expected=expected, got=got,
                advice=("Training divided each raw pixel (0 to 16) by 16.0, exactly once, so the Dense layers saw "
                        "values from 0 to 1. These are the 8x8 scikit-learn digits, not 8-bit images: / 255 "
                        "leaves them almost dark. Scale once, by 1 / 16: a Rescaling(1 / 16) layer or rows / 16, "
                        "not both."),
            )
    return failed("wrong_values", "right shape, wrong predictions", call=call, expected=expected, got=got,
                  advice=("Rebuild the trained network exactly (x / 16, Dense(32, relu), Dense(10, softmax)) and "
                          "load the team's weights into it; a re-trained model has other weights."))
