"""Exercise 5: classify_digits (lambda_layer): the exercise's metadata and hints, and the behavioural check of the learner's function."""

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
    failed,
    largest_difference,
    matches,
    own_predictions,
    passed,
    standardized_on_itself,
    tampered_code_ran,
    unsafe_failure,
    unsafe_loading,
)
from scenarios.machinery.declare import EVIDENCE

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


def files(artifacts: Path) -> dict[str, str]:
    # The folder the learner's function gets holds the team's two files and nothing else; a second
    # folder holds a tampered copy of both.
    return {**{f"shipped/{name}": name for name in SHIPPED},
            **{f"tampered/{name}": name.replace("model", "model_tampered", 1) for name in SHIPPED}}


def single_image(request: np.ndarray) -> int:
    """An image with no pixel at 16: a scale taken from the request itself (x / x.max()) shows on it."""
    return int(np.argmax(request.max(axis=1) < 16))


def calls(probe: dict) -> list[Call]:
    request, oracle = probe["request"], probe["oracle"]
    expected = f"class probabilities of shape {oracle.shape}, the same as the trained model gave (np.allclose)"
    one = single_image(request)
    return [
        Call("all", (File("shipped"), request),
             f"classify_digits(model_dir, pixel_rows)  # model_dir: the team's {' and '.join(SHIPPED)}; "
             f"pixel_rows: {len(request)} held-back images, shape {request.shape}", expected),
        Call("one", (File("shipped"), request[one:one + 1]),
             f"classify_digits(model_dir, pixel_rows[{one}:{one + 1}])  # a single image, brightest pixel "
             f"{request[one].max():g}",
             f"the probabilities this image got in the full request, shape {oracle[one:one + 1].shape}"),
        Call("tampered", (File("tampered"), request),
             f"classify_digits(tampered_dir, pixel_rows)  # a tampered copy of {' and '.join(SHIPPED)}",
             "the same predictions, and nothing from the file executed"),
    ]


# The wrong scalings a learner may put in front of the trained Dense layers, and what to call them.
SCALINGS = {"no_scaling": 1.0, "twice": 1 / 256, "by_255": 1 / 255, "times_16": 16.0}
SCALING_WORDS = {"twice": "divided by 16 twice (in the model and before it)", "by_255": "divided by 255",
                 "times_16": "multiplied by 16"}
# Scalings by a statistic of each image: the same image always gets the same (wrong) answer.
PER_IMAGE_WORDS = {"image_max": "divided by its own brightest pixel",
                   "image_norm": "divided by its own length (L2 norm)",
                   "image_zscore": "standardized with its own mean and spread"}
# Standardizing with the request's statistics: an image's answer depends on the rest of the request.
REQUEST_WORDS = {
    "request_zscore": ("standardized with the request's mean and spread for each pixel, as a StandardScaler "
                       "fitted on them would do", "alone, every pixel is its own mean, and the image becomes all zeros"),
    "request_global_zscore": ("standardized with the mean and spread of all the request's pixels",
                              "alone, an image is standardized with its own pixels, and gets other probabilities"),
}


def other_inputs(rows: np.ndarray) -> dict[str, np.ndarray]:
    """What the Dense layers receive from the usual wrong scalings that are not a constant factor."""
    rows = np.asarray(rows, dtype="float64")
    return {
        "image_max": rows / rows.max(axis=1, keepdims=True),
        "image_norm": rows / np.linalg.norm(rows, axis=1, keepdims=True),
        "image_zscore": (rows - rows.mean(axis=1, keepdims=True)) / rows.std(axis=1, keepdims=True),
        "floor_divided": rows // 16,
        "request_zscore": standardized_on_itself(rows),
        "request_global_zscore": (rows - rows.mean()) / rows.std(),
    }


def alternatives(artifacts: Path, probe: dict) -> dict:
    import keras

    request = probe["request"]
    # The trained Dense layers with no scaling in front: fed the request scaled the wrong way, they
    # show what the learner's model received.
    dense = keras.Sequential([keras.Input((request.shape[1],)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    dense.load_weights(artifacts / "model.keras")
    return {**{name: own_predictions(dense, request * factor) for name, factor in SCALINGS.items()},
            **{name: own_predictions(dense, rows) for name, rows in other_inputs(request).items()}}


def judge(answers, probe: dict, alternatives) -> dict:
    request, oracle, labels = probe["request"], probe["oracle"], probe["labels"]
    everyone, alone, tampered = answers["all"], answers["one"], answers["tampered"]
    unsafe = unsafe_loading(answers.source)
    if unsafe:
        return unsafe_failure(unsafe, everyone.call.text, everyone.call.expected,
                              advice=ADVICE["safe_mode"] if unsafe == "safe_mode" else None)
    # Right predictions are not enough: the tampered file's code must not have run.
    if tampered_code_ran(answers):
        return failed("safe_mode", "code stored in the model file ran in your process", call=tampered.call.text,
                      expected=tampered.call.expected,
                      got=f"the tampered file's lambda ran and wrote {EVIDENCE}", advice=ADVICE["safe_mode"])

    array, failure = as_predictions(everyone, oracle, answers.source)
    if failure:
        return aimed(failure)
    one = single_image(request)
    alone_value = alone.value if alone.raised is None else None
    if not matches(array, oracle):
        if alone_value is not None and alone_value.shape == (1, *oracle.shape[1:]) and not matches(alone_value, array[one:one + 1]):
            received = next((name for name in REQUEST_WORDS if matches(array, alternatives[name])), None)
            return refit_on_request(alone, alone_value, array[one:one + 1], request[one].max(), received)
        return wrong_values(array, probe, everyone.call, alternatives)

    alone_array, failure = as_predictions(alone, oracle[one:one + 1], answers.source)
    if failure:
        return aimed(failure)
    if not matches(alone_array, oracle[one:one + 1]):
        return refit_on_request(alone, alone_array, oracle[one:one + 1], request[one].max())

    tampered_array, failure = as_predictions(tampered, oracle, answers.source)
    if failure:
        return aimed(failure)
    if not matches(tampered_array, oracle):
        return failed("wrong_values", "the tampered copy gets different predictions", call=tampered.call.text,
                      expected=everyone.call.expected,
                      got=f"predictions up to {largest_difference(tampered_array, oracle):.3g} away",
                      advice="Its weights are the team's weights: read them the same way.")
    return passed(
        f"{len(request)} held-back images, alone or in a batch, get the trained model's probabilities (max "
        f"|difference| {largest_difference(array, oracle):.1e}, accuracy {accuracy('multiclass', oracle, labels):.2f}) "
        f"with safe_mode on, and a tampered copy of the file ran none of its code"
    )


def refit_on_request(alone, got: np.ndarray, reference: np.ndarray, brightest: float, received: str | None = None) -> dict:
    """An image's answer depends on the rest of the request: the scale came from the request."""
    if received:
        what, alone_too = REQUEST_WORDS[received]
        advice = (f"The rows were {what}. Training never standardized these pixels: it divided each one by the "
                  f"constant 16.0. And statistics of the request change with the company an image keeps: "
                  f"{alone_too}. Divide by 16: keras.layers.Rescaling(1 / 16), or rows / 16.")
    else:
        advice = (f"Dividing by the request's own maximum (or any statistic of the rows) happens to equal 16 "
                  f"on a large request and not on an image whose brightest pixel is {brightest:g}. Training "
                  f"divided every pixel by the constant 16.0: do exactly that.")
    return failed(
        "refit_on_request", "the scaling depends on the request: a scale fitted on the rows being scored",
        call=alone.call.text, expected=alone.call.expected,
        got=f"probabilities up to {largest_difference(got, reference):.3g} away", advice=advice,
    )


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


def wrong_values(array: np.ndarray, probe: dict, call, alternatives) -> dict:
    """Right shape, wrong numbers: which wrong scaling did the network get?"""
    request, oracle, labels = probe["request"], probe["oracle"], probe["labels"]
    got_accuracy, own_accuracy = accuracy("multiclass", array, labels), accuracy("multiclass", oracle, labels)
    got = (f"probabilities up to {largest_difference(array, oracle):.3g} away from the model's; accuracy "
           f"{got_accuracy:.2f} against its {own_accuracy:.2f}, mean confidence in the top class "
           f"{array.max(-1).mean():.2f} against its {oracle.max(-1).mean():.2f}")
    if matches(array, alternatives["no_scaling"]):
        return failed(
            "no_scaling", "the network received raw pixels: the scaling is missing", call=call.text,
            expected=call.expected, got=got,
            advice=("Nothing raised, and the predicted digits barely changed: a ReLU network fed pixels 16 times "
                    "too large mostly keeps its ranking and pushes every probability towards 0 or 1. Every "
                    "confidence the caller reads is wrong. The Lambda was part of the model: its Dense layers "
                    "were trained on pixels divided by 16 (0 to 1), just as exercise 3's network was trained on "
                    "standardized rows. Put the scaling back: keras.layers.Rescaling(1 / 16) in front."),
        )
    for name, what in SCALING_WORDS.items():
        if matches(array, alternatives[name]):
            return failed(
                "wrong_scaling", f"the network received pixels {what}", call=call.text, expected=call.expected,
                got=got,
                advice=("Training divided each raw pixel (0 to 16) by 16.0, exactly once, so the Dense layers saw "
                        "values from 0 to 1. These are the 8x8 scikit-learn digits, not 8-bit images: / 255 "
                        "leaves them almost dark. Scale once, by 1 / 16: a Rescaling(1 / 16) layer or rows / 16, "
                        "not both."),
            )
    if matches(array, alternatives["floor_divided"]):
        lit = request > 0
        dark = float(np.mean(request[lit] < 16))
        return failed(
            "integer_division", "the pixels were divided with // (integer division)", call=call.text,
            expected=call.expected, got=f"{got}; after // 16, {dark:.0%} of the lit pixels are 0",
            advice=("// is floor division: it rounds each quotient down, so every pixel below 16 becomes 0 and "
                    "16 becomes 1, and the network sees nearly blank images. Training divided with /: "
                    "rows / 16 (true division), or keras.layers.Rescaling(1 / 16)."),
        )
    per_image = next((name for name in PER_IMAGE_WORDS if matches(array, alternatives[name])), None)
    if per_image is None and scaled_by_own_maximum(array, probe):
        per_image = "image_max"
    if per_image:
        dimmer = int(np.sum(request.max(axis=1) < 16))
        return failed(
            "per_image_statistic", f"each image was {PER_IMAGE_WORDS[per_image]}", call=call.text,
            expected=call.expected,
            got=got + (f"; {dimmer} of the {len(request)} images have no pixel at 16, and were not divided by 16"
                       if per_image == "image_max" else ""),
            advice=("The Dense layers were trained on every pixel divided by the same constant, 16.0. A statistic "
                    "of each image's own (its brightest pixel, its length, its mean and spread) differs from "
                    "image to image, so each image reaches them on a scale of its own: the predicted digits "
                    "barely change, the probabilities do. Divide by 16: keras.layers.Rescaling(1 / 16), or "
                    "rows / 16."),
        )
    return failed("wrong_values", "right shape, wrong predictions", call=call.text, expected=call.expected, got=got,
                  advice=("Rebuild the trained network exactly (x / 16, Dense(32, relu), Dense(10, softmax)) and "
                          "load the team's weights into it; a re-trained model has other weights."))


def scaled_by_own_maximum(array: np.ndarray, probe: dict) -> bool:
    """The signature of a scale taken from each image's brightest pixel, however it was computed: the
    images whose brightest pixel is 16 get the model's answer, and the others do not."""
    request, oracle = probe["request"], probe["oracle"]
    right = np.array([matches(mine, theirs) for mine, theirs in zip(array, oracle)])
    full = request.max(axis=1) == 16
    return bool(full.any() and (~full).any() and right[full].all() and not right[~full].any())
