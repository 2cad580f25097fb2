"""Exercise 1: predict_digits (shape_mismatch): the exercise's metadata and hints, and the behavioural check of the learner's function."""

from __future__ import annotations

import re
from pathlib import Path

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
    image_layout,
    own_predictions,
    passed,
    received_shape,
)

EXERCISE = Exercise(
    number=1,
    title="A conv net served flat rows of pixels",
    function="predict_digits",
    hints=(
        "Print `model.input_shape` and `flat_pixels.shape`. The first axis is the batch; the model "
        "wants each image as 28 rows of 28 pixels with one channel.",
        "`flat_pixels.reshape(-1, 28, 28, 1)` restores the layout. The flat rows were made with "
        "numpy's default (C) order, row after row, so reshape back in that same order: no "
        "`order='F'`, no transpose.",
        "Make it work for a request of a single row too: a shape of (1, 784) must give (1, 10). "
        "`-1` in reshape lets numpy work out the batch size.",
    ),
)


def files(artifacts: Path) -> dict[str, str]:
    # model.keras and the other files the training run saved beside it, never the held-back probe.
    return {name: name for name in handed_out(artifacts)}


def calls(probe: dict) -> list[Call]:
    request, oracle = probe["request"], probe["oracle"]
    return [
        Call("all", (File("model.keras"), request),
             f"predict_digits(model_path, flat_pixels)  # flat_pixels: {len(request)} held-back images, shape {request.shape}",
             f"class probabilities of shape {oracle.shape}, the same as the trained model gave (np.allclose)"),
        Call("one", (File("model.keras"), request[:1]),
             "predict_digits(model_path, flat_pixels[:1])  # a request of a single row, shape (1, 784)",
             f"probabilities of shape {oracle[:1].shape}, the same as for that row in the full request"),
    ]


def alternatives(artifacts: Path, probe: dict) -> dict:
    import keras

    model = keras.models.load_model(artifacts / "model.keras")
    images = probe["request"].reshape(-1, 28, 28, 1)
    return {"transposed": own_predictions(model, images.transpose(0, 2, 1, 3))}


def judge(answers, probe: dict, alternatives) -> dict:
    oracle, labels = probe["oracle"], probe["labels"]
    array, failure = as_predictions(answers["all"], oracle, answers.source)
    if failure:
        return aimed(failure, answers["all"], oracle, answers.source)
    call, expected = answers["all"].call.text, answers["all"].call.expected
    if not matches(array, oracle):
        task_accuracy, own_accuracy = accuracy("multiclass", array, labels), accuracy("multiclass", oracle, labels)
        if matches(array, alternatives["transposed"]):
            return failed(
                "wrong_order", "right shape, wrong pixels: every image arrives transposed", call=call,
                expected=expected,
                got=f"predictions for the transposed images (accuracy {task_accuracy:.2f}, the model's own {own_accuracy:.2f})",
                advice=("Each row holds the image row after row (numpy's default C order). Reshaping with "
                        "order='F', or transposing, gives the right shape but swaps rows and columns. "
                        "Reshape in C order: flat_pixels.reshape(-1, 28, 28, 1)."),
            )
        return failed(
            "wrong_values", "right shape, wrong predictions", call=call, expected=expected,
            got=(f"predictions up to {largest_difference(array, oracle):.3g} away from the model's; accuracy "
                 f"{task_accuracy:.2f} against the model's {own_accuracy:.2f}"),
            advice="The images must reach the model exactly as in training: same pixel order, same values.",
        )

    one, failure = as_predictions(answers["one"], oracle[:1], answers.source)
    if failure:
        failure = aimed(failure, answers["one"], oracle[:1], answers.source)
        failure["summary"] = "the full request works, but a single row does not: " + failure["summary"]
        failure["advice"] = failure["advice"] or "Let the batch size follow the request, e.g. reshape(-1, 28, 28, 1)."
        return failure
    if not matches(one, oracle[:1]):
        return failed("wrong_values", "a single row gets different predictions", call=answers["one"].call.text,
                      expected=answers["one"].call.expected, got=f"up to {largest_difference(one, oracle[:1]):.3g} away",
                      advice=("A row's prediction must not depend on the rest of the request: reshape each row the "
                              "same way, whatever the batch size, e.g. reshape(-1, 28, 28, 1)."))
    return passed(
        f"{len(oracle)} held-back images and a single-row request give the trained model's probabilities "
        f"(max |difference| {largest_difference(array, oracle):.1e})"
    )


def aimed(failure: dict, answer, oracle, source: str) -> dict:
    """A failure before any value could be compared, with advice aimed at what the numbers or the
    error message show."""
    if failure["mistake"] == "raised":
        shape = received_shape(failure["got"])
        layout = image_layout(shape, (28, 28, 1))
        if layout == "channels_first":
            failure["advice"] = (f"The model received the channel axis first, shape {shape}. Keras conv layers are "
                                 "channels-last by default, and this one was trained on batches of shape "
                                 "(n, 28, 28, 1): reshape with the channel last, flat_pixels.reshape(-1, 28, 28, 1).")
        elif layout == "flat" or re.search(r"incompatible shape|Negative dimension|expected (min_)?ndim", failure["got"]):
            failure["advice"] = ("The model still receives a layout it was not trained on"
                                 + (f", flat rows of shape {shape}" if layout == "flat" else "")
                                 + ". It was trained on batches of shape (n, 28, 28, 1); the request holds rows "
                                   "of shape (n, 784).")
    elif (failure["mistake"] == "wrong_shape" and answer.value is not None and answer.value.ndim == 2
          and answer.value.shape[1:] == oracle.shape[1:] and "resize" in code_only(source)):
        answered = answer.value.shape[0]
        failure["advice"] = (f"The model answered {answered} image{'s' if answered != 1 else ''}, and the request holds "
                             f"{oracle.shape[0]}. np.resize never complains: asked for fewer values than it has, it "
                             f"keeps the first ones; asked for more, it repeats them. reshape(-1, 28, 28, 1) keeps "
                             f"every image, and raises when the sizes do not fit.")
    return failure
