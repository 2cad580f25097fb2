"""Exercise 3: score_patients (preprocessing_mismatch): the exercise's metadata and hints, and the behavioural check of the learner's function."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from scenarios.machinery.exercises.catalog import Exercise
from scenarios.machinery.exercises.checks import (
    Call,
    File,
    accuracy,
    as_predictions,
    code_only,
    failed,
    handed_out,
    largest_difference,
    matches,
    own_predictions,
    passed,
    standardized_on_itself,
    unsafe_failure,
    unsafe_loading,
)

EXERCISE = Exercise(
    number=3,
    title="A model trained on standardized features, served raw ones",
    function="score_patients",
    hints=(
        "Nothing raises here, so compare: the model was trained on `StandardScaler().fit(x_train)` "
        "output, features with mean 0 and spread 1. What does it receive now?",
        "The training run saved the fitted scaler's state next to the model: `scaler.json` holds "
        "`mean` and `scale`. Standardizing is `(rows - mean) / scale`.",
        "Do not fit a new scaler on `raw_rows`: its mean and scale would be those of the request, "
        "so a patient's score would depend on who else is in the batch, and a single row would "
        "become all zeros. Alternatively, `model_with_normalization.keras` in the same folder "
        "carries the scaling inside the model and takes raw rows as they are.",
    ),
)


def files(artifacts: Path) -> dict[str, str]:
    # The serving team's folder: the models and the scaler's state, never the held-back probe.
    return {f"model_dir/{name}": name for name in handed_out(artifacts)}


def calls(probe: dict) -> list[Call]:
    request, oracle = probe["request"], probe["oracle"]
    return [
        Call("all", (File("model_dir"), request),
             f"score_patients(model_dir, raw_rows)  # raw_rows: {len(request)} held-back patients, shape {request.shape}",
             f"probabilities of shape {oracle.shape}, the same as the trained model gave (np.allclose)"),
        Call("one", (File("model_dir"), request[:1]),
             f"score_patients(model_dir, raw_rows[:1])  # a single patient, shape {request[:1].shape}",
             f"the probability this patient got in the full request, [[{oracle[0, 0]:.3f}]]"),
    ]


def alternatives(artifacts: Path, probe: dict) -> dict:
    import json

    import keras

    model = keras.models.load_model(artifacts / "model.keras")
    request = probe["request"]
    scaler = json.loads((artifacts / "scaler.json").read_text())
    mean, scale = np.asarray(scaler["mean"]), np.asarray(scaler["scale"])
    standardized = (request - mean) / scale
    return {
        "raw": own_predictions(model, request),
        "standardized_on_itself": own_predictions(model, standardized_on_itself(request)),
        # The usual slips with the right numbers: the inverse transform, the scale given as a
        # Normalization layer's variance, the scaling applied twice (by hand and by the model's layer).
        "inverse": own_predictions(model, request * scale + mean),
        "variance_as_scale": own_predictions(model, (request - mean) / np.sqrt(scale)),
        "twice": own_predictions(keras.models.load_model(artifacts / "model_with_normalization.keras"), standardized),
    }


def judge(answers, probe: dict, alternatives) -> dict:
    oracle, labels = probe["oracle"], probe["labels"]
    everyone, alone = answers["all"], answers["one"]
    call, expected = everyone.call.text, everyone.call.expected
    unsafe = unsafe_loading(answers.source)
    if unsafe:
        return unsafe_failure(unsafe, call, expected)
    array, failure = as_predictions(everyone, oracle, answers.source)
    if failure:
        return failure
    model_accuracy = accuracy("binary", oracle, labels)
    # Does a patient's score depend on who else is in the request? Scored alone, the first patient
    # must get what they got in the full request.
    alone_value = alone.value if alone.raised is None else None
    batch_dependent = alone_value is not None and alone_value.shape == oracle[:1].shape and not matches(alone_value, array[:1])
    if not matches(array, oracle):
        got = (f"predictions up to {largest_difference(array, oracle):.3g} away from the model's; accuracy "
               f"{accuracy('binary', array, labels):.2f} against the model's {model_accuracy:.2f}")
        code = code_only(answers.source)
        # Rows that are raw or un-standardized (larger still) saturate the network alike: what the code
        # does tells them apart, to aim the message.
        if matches(array, alternatives["inverse"]) and UNDOES.search(code):
            return failed(
                "inverse_scaling", "the rows were un-standardized (rows * scale + mean), not standardized",
                call=call, expected=expected, got=got,
                advice=("rows * scale + mean (inverse_transform, or Normalization(invert=True)) undoes a "
                        "standardization: it takes standardized rows back to raw ones, so raw rows come out even "
                        "larger. Standardizing subtracts the mean, then divides by the scale: "
                        "(rows - mean) / scale."),
            )
        if matches(array, alternatives["raw"]):
            if "Normalization" in code:
                return failed(
                    "normalization_not_applied", "the model received raw features: your Normalization layer "
                    "changed nothing", call=call, expected=expected, got=got,
                    advice=NORMALIZATION_ADVICE + (NOT_FINALIZED if re.search(r"set_weights|\.assign\(", code)
                                                   and "finalize_state" not in code else ""),
                )
            return failed(
                "no_scaling", "the model received raw features", call=call, expected=expected, got=got,
                advice=("Nothing raised, and the answers are still wrong: the network was trained on "
                        "standardized rows. Reapply the training scaler's mean and scale (scaler.json)."),
            )
        if matches(array, alternatives["variance_as_scale"]):
            return failed(
                "variance_not_squared", "the rows were divided by the square root of the scale",
                call=call, expected=expected, got=got,
                advice=("A Normalization layer takes the variance, and divides by its square root; scaler.json "
                        "holds the scale, which is already the standard deviation. The variance is the square of "
                        "the scale: Normalization(mean=mean, variance=np.square(scale))."),
            )
        if matches(array, alternatives["twice"]):
            return failed(
                "scaled_twice", "the rows were standardized twice", call=call, expected=expected, got=got,
                advice=("model_with_normalization.keras standardizes raw rows itself, with its Normalization "
                        "layer; standardizing them before it as well applies the scaling twice. Either feed "
                        "model.keras (rows - mean) / scale, or feed model_with_normalization.keras the raw rows."),
            )
        if batch_dependent:
            got += (f"; the first patient scored {array[0, 0]:.3f} in the full request and "
                    f"{alone_value.flat[0]:.3f} alone")
        if batch_dependent or matches(array, alternatives["standardized_on_itself"]):
            return refitted(call, expected, got)
        return failed("wrong_values", "wrong predictions", call=call, expected=expected, got=got,
                      advice="Scale each feature exactly as in training: (rows - mean) / scale, from scaler.json.")
    one, failure = as_predictions(alone, oracle[:1], answers.source)
    if failure:
        failure["summary"] = "the full request works, but a single patient does not: " + failure["summary"]
        failure["advice"] = failure["advice"] or (
            "A request of one patient, shape (1, 30), must be scored like any other: nothing in the scaling may "
            "depend on how many rows arrive. (rows - mean) / scale with the training numbers works for any n.")
        return failure
    if not matches(one, oracle[:1]):
        return refitted(alone.call.text, alone.call.expected, f"[[{one[0, 0]:.3f}]]")
    return passed(
        f"{len(oracle)} held-back patients get the trained model's probabilities (max |difference| "
        f"{largest_difference(array, oracle):.1e}, accuracy {model_accuracy:.2f}), alone or in any company"
    )


def refitted(call: str, expected: str, got: str) -> dict:
    return failed(
        "refit_on_request", "the scaling depends on the request: a scaler fitted on the rows being scored",
        call=call, expected=expected, got=got,
        advice=("Fitting a scaler (or computing mean and spread) on the incoming rows uses the request's "
                "statistics instead of the training data's: a patient's score changes with the company "
                "it keeps, and a single row becomes all zeros. Use the mean and scale fitted at training "
                "time (scaler.json), or the model with the Normalization layer inside."),
    )


# Code that takes standardized rows back to raw ones (used only to aim a message).
UNDOES = re.compile(r"invert\s*=\s*True|inverse_transform|\*[^\n]*scale[^\n]*\+[^\n]*mean")

NORMALIZATION_ADVICE = (
    "A Normalization layer standardizes with the numbers it holds when it is called. Built without "
    "mean= and variance= (and never adapted), it holds mean 0 and variance 1, and passes rows through "
    "unchanged. Give it the training statistics when you create it: "
    "Normalization(mean=mean, variance=np.square(scale))."
)
NOT_FINALIZED = (
    " set_weights() (or assign) changes its stored variables, but the layer copies them into the numbers "
    "it uses only in finalize_state(), which adapt() calls and set_weights() does not: call "
    "layer.finalize_state() after set_weights()."
)
