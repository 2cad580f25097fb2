"""Exercise 11: classify_uint8_images (pixel_range): the exercise's metadata and hints, and the behavioural check of the learner's function."""

from __future__ import annotations

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
)

EXERCISE = Exercise(
    number=11,
    title="8-bit images (0 to 255) served to a model trained on pixels / 255",
    function="classify_uint8_images",
    hints=(
        "Nothing raises, so compare: print `images.dtype`, `images.min()` and `images.max()`, then read "
        "model.scaling.json beside the model. What did training do to the pixels before fit()?",
        "Training divided every pixel of every image by the same constant, 255, in float32: "
        "`images.astype(\"float32\") / 255`. Exactly once, and by exactly that number.",
        "Or let a model carry the scaling: model_rescaling.keras (in the same folder) starts with "
        "keras.layers.Rescaling(1 / 255) and takes the uint8 images as they are. Do not also divide "
        "them yourself, and never divide by a statistic of the images (their maximum, their mean).",
    ),
)

# What the team sent: the model trained on pixels / 255 (both formats), the record of that scaling,
# and the same network saved with a Rescaling layer in front.
SHIPPED = ("model.keras", "model.h5", "model.scaling.json", "model_rescaling.keras", "model_rescaling.h5")


def files(artifacts: Path) -> dict[str, str]:
    return {name: name for name in SHIPPED}


def single_image(request: np.ndarray) -> int:
    """An image with no pixel at 255: a scale taken from the images themselves shows on it."""
    return int(np.argmax(request.reshape(len(request), -1).max(axis=1) < 255))


def calls(probe: dict) -> list[Call]:
    request, oracle = probe["request"], probe["oracle"]
    one = single_image(request)
    return [
        Call("all", (File("model.keras"), request),
             f"classify_uint8_images(model_path, images)  # {len(request)} held-back images, shape "
             f"{request.shape}, dtype {request.dtype}, values {request.min()} to {request.max()}",
             f"class probabilities of shape {oracle.shape}, the same as the trained model gave (np.allclose)"),
        Call("one", (File("model.keras"), request[one:one + 1]),
             f"classify_uint8_images(model_path, images[{one}:{one + 1}])  # a single image, brightest pixel "
             f"{request[one].max()}",
             f"the probabilities this image got in the full request, shape {oracle[one:one + 1].shape}"),
    ]


# Constant factors a learner may put in front of the network instead of / 255, and what to call them.
WRONG_CONSTANTS = {
    "by_256": ("divided by 256", 1 / 256, 0.0),
    "minus_one_to_one": ("scaled to -1..1 (x / 127.5 - 1, as MobileNet's preprocess_input does)", 1 / 127.5, -1.0),
}
PER_IMAGE = {"image_max": "divided by its own brightest pixel",
             "image_zscore": "standardized with its own mean and spread"}


def inputs(images: np.ndarray) -> dict[str, np.ndarray]:
    """What the network receives from the right scaling and the usual wrong ones."""
    pixels = np.asarray(images, dtype="float32")
    flat = pixels.reshape(len(pixels), -1)
    per_image = flat.max(axis=1).reshape(-1, 1, 1, 1)
    mean = flat.mean(axis=1).reshape(-1, 1, 1, 1)
    spread = flat.std(axis=1).reshape(-1, 1, 1, 1)
    return {
        "raw": pixels,
        "twice": pixels / 255 / 255,
        "floor_divided": pixels // 255,
        "image_max": pixels / per_image,
        "image_zscore": (pixels - mean) / spread,
        **{name: pixels * factor + shift for name, (_, factor, shift) in WRONG_CONSTANTS.items()},
    }


def alternatives(artifacts: Path, probe: dict) -> dict:
    import keras

    model = keras.models.load_model(artifacts / "model.keras")
    return {name: own_predictions(model, x) for name, x in inputs(probe["request"]).items()}


def judge(answers, probe: dict, alternatives) -> dict:
    request, oracle, labels = probe["request"], probe["oracle"], probe["labels"]
    everyone, alone = answers["all"], answers["one"]
    array, failure = as_predictions(everyone, oracle, answers.source)
    if failure:
        return aimed(failure)
    one = single_image(request)
    alone_value = alone.value if alone.raised is None else None
    if not matches(array, oracle):
        if alone_value is not None and alone_value.shape == oracle[one:one + 1].shape and not matches(
                alone_value, array[one:one + 1]):
            return refit_on_request(alone, alone_value, array[one:one + 1], request[one].max())
        return wrong_values(array, probe, everyone.call, alternatives)
    alone_array, failure = as_predictions(alone, oracle[one:one + 1], answers.source)
    if failure:
        failure["summary"] = "the full request works, but a single image does not: " + failure["summary"]
        return aimed(failure)
    if not matches(alone_array, oracle[one:one + 1]):
        return refit_on_request(alone, alone_array, oracle[one:one + 1], request[one].max())
    return passed(
        f"{len(request)} held-back uint8 images, alone or in a batch, get the trained model's probabilities "
        f"(max |difference| {largest_difference(array, oracle):.1e}, accuracy "
        f"{accuracy('multiclass', oracle, labels):.2f})"
    )


def aimed(failure: dict) -> dict:
    """A failure before any value could be compared: every one says what to do."""
    if failure["mistake"] == "raised" and not failure.get("advice"):
        failure["advice"] = ("The model takes batches of shape (n, 8, 8, 1), as the images arrive; only their "
                             "scale differs from training. Convert them to float32 and divide by 255, "
                             "keeping the shape: images.astype(\"float32\") / 255.")
    return failure


def refit_on_request(alone, got: np.ndarray, reference: np.ndarray, brightest) -> dict:
    return failed(
        "refit_on_request", "the scaling depends on the request: a scale taken from the images being classified",
        call=alone.call.text, expected=alone.call.expected,
        got=f"probabilities up to {largest_difference(got, reference):.3g} away from that image's in the full request",
        advice=(f"Dividing by the request's own maximum (or any statistic of the images sent) happens to equal 255 "
                f"on a large request, and not on a single image whose brightest pixel is {brightest}. Training "
                f"divided every pixel by the constant 255: images.astype(\"float32\") / 255."),
    )


def wrong_values(array: np.ndarray, probe: dict, call, alternatives) -> dict:
    """Right shape, wrong numbers: which wrong scaling did the network get?"""
    request, oracle, labels = probe["request"], probe["oracle"], probe["labels"]
    got = (f"probabilities up to {largest_difference(array, oracle):.3g} away from the model's; accuracy "
           f"{accuracy('multiclass', array, labels):.2f} against its {accuracy('multiclass', oracle, labels):.2f}")
    if matches(array, alternatives["raw"]):
        return failed(
            "no_scaling", "the network received the raw 0–255 pixels", call=call.text, expected=call.expected,
            got=got,
            advice=("Nothing raised, and the answers are wrong: the network was trained on pixels / 255, values "
                    "from 0 to 1, and the saved file does not know it (the division was numpy code in the "
                    "training script). Its BatchNormalization layer subtracts the mean it saw in training, so "
                    "pixels 255 times too large push every activation out of range. Divide by 255 before "
                    "predict(), or serve model_rescaling.keras, which does it inside."),
        )
    if matches(array, alternatives["twice"]):
        return failed(
            "scaled_twice", "the pixels were divided by 255 twice", call=call.text, expected=call.expected, got=got,
            advice=("The network received values from 0 to 1/255: the division was applied twice, for example "
                    "by hand and by a Rescaling layer (model_rescaling.keras already divides). Pixels that "
                    "small all look alike after BatchNormalization, and one class wins. Scale exactly once."),
        )
    for name, (what, _, _) in WRONG_CONSTANTS.items():
        if matches(array, alternatives[name]):
            return failed(
                "wrong_constant", f"the pixels were {what}", call=call.text, expected=call.expected, got=got,
                advice=("Close is not the same: training divided by exactly 255 (model.scaling.json says so), and "
                        "every other constant moves every probability. Use the number the model was trained "
                        "with, not the one a tutorial or another network uses: images.astype(\"float32\") / 255."),
            )
    if matches(array, alternatives["floor_divided"]):
        return failed(
            "integer_division", "the pixels were divided with // (integer division)", call=call.text,
            expected=call.expected, got=got,
            advice=("// is floor division: every pixel below 255 becomes 0 and 255 becomes 1, so the network sees "
                    "nearly blank images. Training divided with /: images.astype(\"float32\") / 255."),
        )
    per_image = next((name for name in PER_IMAGE if matches(array, alternatives[name])), None)
    if per_image:
        dimmer = int(np.sum(request.reshape(len(request), -1).max(axis=1) < 255))
        return failed(
            "per_image_statistic", f"each image was {PER_IMAGE[per_image]}", call=call.text, expected=call.expected,
            got=got + (f"; {dimmer} of the {len(request)} images have no pixel at 255, and were not divided by 255"
                       if per_image == "image_max" else ""),
            advice=("Training divided every pixel of every image by one constant, 255. A statistic of each "
                    "image (its brightest pixel, its mean and spread) differs from image to image, so each one "
                    "reaches the network on a scale of its own. Divide by 255: images.astype(\"float32\") / 255."),
        )
    return failed("wrong_values", "right shape, wrong predictions", call=call.text, expected=call.expected, got=got,
                  advice=("Serve model.keras with the scaling it was trained behind, model.scaling.json's divide_by "
                          "(255), applied once to the uint8 pixels."))
