"""Exercise 2: predict_one_digit (shape_mismatch, the missing batch axis): the exercise's metadata and hints, and the behavioural check of the learner's function."""

from __future__ import annotations

import re
from pathlib import Path

from scenarios.machinery.exercises.catalog import Exercise
from scenarios.machinery.exercises.checks import (
    Call,
    File,
    as_predictions,
    failed,
    handed_out,
    image_layout,
    largest_difference,
    matches,
    own_predictions,
    passed,
    received_shape,
)

EXERCISE = Exercise(
    number=2,
    title="One image sent without its batch axis",
    function="predict_one_digit",
    hints=(
        "The error talks about negative dimensions, but the cause is the batch axis. Print "
        "`model.input_shape`: (None, 28, 28, 1). The first axis is the batch, and `image` has none.",
        "Make the image a batch of one: `image[np.newaxis]`, `np.expand_dims(image, 0)` or "
        "`image.reshape(1, 28, 28, 1)`. Not `image[..., np.newaxis]`: a new axis at the end is what "
        "Keras already did, and what broke.",
        "predict() answers with a batch too, shape (1, 10). Return the probabilities of the one image: "
        "shape (10,).",
    ),
)


# Three held-back images, one at a time, each in the (28, 28, 1) layout the model was trained on.
IMAGES = (0, 7, 42)


def files(artifacts: Path) -> dict[str, str]:
    # model.keras and the other files the training run saved beside it, never the held-back probe.
    return {name: name for name in handed_out(artifacts)}


def calls(probe: dict) -> list[Call]:
    request, oracle = probe["request"], probe["oracle"]
    return [
        Call(f"image_{index}", (File("model.keras"), request[index].reshape(28, 28, 1)),
             f"predict_one_digit(model_path, image)  # held-back image #{index}, shape (28, 28, 1)",
             f"the probabilities for that one image, shape {oracle[index].shape}, as the trained model gave them")
        for index in IMAGES
    ]


def alternatives(artifacts: Path, probe: dict) -> dict:
    import keras

    model = keras.models.load_model(artifacts / "model.keras")
    images = probe["request"][list(IMAGES)].reshape(-1, 28, 28, 1)
    return {"transposed": own_predictions(model, images.transpose(0, 2, 1, 3))}


def judge(answers, probe: dict, alternatives) -> dict:
    oracle = probe["oracle"]
    for position, index in enumerate(IMAGES):
        answer, reference = answers[f"image_{index}"], oracle[index]
        call, expected = answer.call.text, answer.call.expected
        if answer.value is not None and answer.value.shape == (1, *reference.shape) and matches(answer.value[0], reference):
            return failed(
                "batch_kept", "right numbers, but still wrapped in a batch of one", call=call, expected=expected,
                got=f"an array of shape {answer.value.shape}",
                advice="predict() answers with a batch, like its input: return the first (only) row, shape (10,).",
            )
        array, failure = as_predictions(answer, reference, answers.source)
        if failure:
            return aimed(failure, answer, reference)
        if not matches(array, reference):
            if matches(array, alternatives["transposed"][position]):
                return failed("wrong_order", "right shape, wrong pixels: the image arrives transposed", call=call,
                              expected=expected, got="the model's probabilities for the transposed image",
                              advice="The image already has the right layout; only the batch axis is missing. "
                                     "Add it in front, without reordering anything.")
            return failed("wrong_values", "right shape, wrong probabilities", call=call, expected=expected,
                          got=f"probabilities up to {largest_difference(array, reference):.3g} away from the model's",
                          advice=("The image already has the layout and the values the model was trained on: "
                                  "give it to predict() as it is, with only a batch axis added in front."))
    return passed("three held-back images, one at a time, each get the trained model's probabilities")


def aimed(failure: dict, answer, reference) -> dict:
    """A failure before any value could be compared, with advice aimed at what the error message or
    the numbers show."""
    if failure["mistake"] == "raised":
        shape = received_shape(failure["got"])
        layout = image_layout(shape, (28, 28, 1))
        if layout == "flat":
            failure["advice"] = (
                f"The model received one flat row of pixels, shape {shape}. The image already had the layout the "
                "model was trained on, (28, 28, 1); flattening it (reshape(1, -1), ravel) throws that away, and a "
                "conv net cannot take a row. Keep the image as it is and add only the batch axis at the front: "
                "image[np.newaxis], shape (1, 28, 28, 1)."
            )
        elif layout == "channels_first":
            failure["advice"] = (
                f"The model received the channel axis first, shape {shape}. Keras conv layers are channels-last by "
                "default, and the image already is (28, 28, 1): add only the batch axis at the front, "
                "image[np.newaxis], shape (1, 28, 28, 1)."
            )
        elif layout == "trailing_axis" or re.search(r"Negative dimension|incompatible shape|ndim", failure["got"]):
            failure["advice"] = (
                "predict() takes a batch of images. Given one (28, 28, 1) image, Keras 3 adds a trailing "
                "axis, (28, 28, 1, 1), and reads it as 28 images of 28×1 pixels: hence the error. Add "
                "the batch axis at the front: (1, 28, 28, 1)."
            )
    elif (failure["mistake"] == "wrong_shape" and answer.value is not None and answer.value.size == reference.size
          and matches(answer.value.reshape(reference.shape), reference)):
        failure["advice"] = (
            f"predict() answers a batch of one with shape (1, {reference.size}); its first row, predictions[0], is "
            f"the shape the caller expects, {reference.shape}. A transpose (.T) or a reshape into a column "
            f"gives {answer.value.shape}."
        )
    return failure
