"""Exercise 1: predict_digits (shape_mismatch): the exercise's metadata and hints, and the behavioural check of the learner's function."""

from __future__ import annotations

import re

import numpy as np

from scenarios.machinery.exercises.catalog import Exercise
from scenarios.machinery.exercises.checks import accuracy, as_predictions, failed, matches, own_predictions, passed

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


def check(trial) -> dict:
    import keras

    request, oracle, labels = trial.probe["request"], trial.probe["oracle"], trial.probe["labels"]
    model_path = trial.path("model.keras")
    expected = f"class probabilities of shape {oracle.shape}, the same as the trained model gave (np.allclose)"
    call = f"predict_digits(model_path, flat_pixels)  # flat_pixels: {len(request)} held-back images, shape {request.shape}"

    array, failure = as_predictions(trial, trial.call(model_path, request), oracle, call, expected)
    if failure:
        if failure["mistake"] == "raised" and re.search(r"incompatible shape|Negative dimension|expected (min_)?ndim", failure["got"]):
            failure["advice"] = ("The model still receives a layout it was not trained on. It was trained on "
                                 "batches of shape (n, 28, 28, 1); the request holds rows of shape (n, 784).")
        return failure
    if not matches(array, oracle):
        model = keras.models.load_model(model_path)
        images = request.reshape(-1, 28, 28, 1)
        transposed = own_predictions(model, images.transpose(0, 2, 1, 3))
        task_accuracy, own_accuracy = accuracy("multiclass", array, labels), accuracy("multiclass", oracle, labels)
        if matches(array, transposed):
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
            got=(f"predictions up to {np.max(np.abs(array - oracle)):.3g} away from the model's; accuracy "
                 f"{task_accuracy:.2f} against the model's {own_accuracy:.2f}"),
            advice="The images must reach the model exactly as in training: same pixel order, same values.",
        )

    one_call = "predict_digits(model_path, flat_pixels[:1])  # a request of a single row, shape (1, 784)"
    one_expected = f"probabilities of shape {oracle[:1].shape}, the same as for that row in the full request"
    one, failure = as_predictions(trial, trial.call(model_path, request[:1]), oracle[:1], one_call, one_expected)
    if failure:
        failure["summary"] = "the full request works, but a single row does not: " + failure["summary"]
        failure["advice"] = failure["advice"] or "Let the batch size follow the request, e.g. reshape(-1, 28, 28, 1)."
        return failure
    if not matches(one, oracle[:1]):
        return failed("wrong_values", "a single row gets different predictions", call=one_call,
                      expected=one_expected, got=f"up to {np.max(np.abs(one - oracle[:1])):.3g} away")
    return passed(
        f"{len(request)} held-back images and a single-row request give the trained model's probabilities "
        f"(max |difference| {np.max(np.abs(array - oracle)):.1e})"
    )
