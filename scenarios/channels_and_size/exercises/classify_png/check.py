"""Exercise 10: classify_png (channels_and_size): the exercise's metadata and hints, and the behavioural check of the learner's function."""

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
    handed_out,
    image_layout,
    largest_difference,
    matches,
    own_predictions,
    passed,
    received_shape,
)

EXERCISE = Exercise(
    number=10,
    title="RGBA and grayscale PNGs served to a model trained on RGB images",
    function="classify_png",
    hints=(
        "Print `model.input_shape` and `images.shape` for each request. The model takes (n, 16, 16, 3): "
        "red, green and blue. The decoder gave 4 channels for some PNGs and 1 for others.",
        "These PNGs are opaque, so the alpha channel carries nothing: keep the first three channels, "
        "`images[..., :3]`. A gray pixel is an RGB pixel with three equal values: `np.repeat(images, 3, axis=-1)`. "
        "One slice does not fit both: `images[..., :3]` of a one-channel image is still one channel.",
        "Leave the colours as they are: no averaging into gray, no reordering (BGR is OpenCV's order, not "
        "this model's), and RGB requests must pass unchanged.",
    ),
)


def files(artifacts: Path) -> dict[str, str]:
    return {name: name for name in handed_out(artifacts)}


def calls(probe: dict) -> list[Call]:
    rgba, gray = probe["request"], probe["gray_request"]
    expected = "class probabilities of shape {}, the same as the trained model gave on these images in RGB (np.allclose)"
    return [
        Call("rgba", (File("model.keras"), rgba),
             f"classify_png(model_path, images)  # {len(rgba)} PNGs decoded with alpha, shape {rgba.shape}",
             expected.format(probe["oracle"].shape)),
        Call("gray", (File("model.keras"), gray),
             f"classify_png(model_path, images)  # {len(gray)} grayscale PNGs, shape {gray.shape}",
             expected.format(probe["oracle_gray_request"].shape).replace("in RGB", "as three equal channels")),
        Call("rgb", (File("model.keras"), rgba[..., :3]),
             f"classify_png(model_path, images)  # {len(rgba)} RGB PNGs, shape {rgba[..., :3].shape}",
             expected.format(probe["oracle"].shape).replace(" in RGB", "")),
    ]


def _oracles(probe: dict) -> dict[str, np.ndarray]:
    return {"rgba": probe["oracle"], "gray": probe["oracle_gray_request"], "rgb": probe["oracle"]}


# How a PNG library turns RGB into one gray channel (ITU-R 601 luma).
LUMA = np.array([0.299, 0.587, 0.114])


def inputs(probe: dict) -> dict[str, np.ndarray]:
    """What the network receives from the usual wrong conversions."""
    rgba = np.asarray(probe["request"], dtype="float64")
    rgb, gray = rgba[..., :3], np.asarray(probe["gray_request"], dtype="float64")
    zeros = np.zeros_like(gray)
    return {
        "rgba_averaged": np.repeat(rgba.mean(axis=-1, keepdims=True), 3, axis=-1),
        "rgb_averaged": np.repeat(rgb.mean(axis=-1, keepdims=True), 3, axis=-1),
        "rgb_luma": np.repeat((rgb @ LUMA)[..., None], 3, axis=-1),
        "bgr": rgb[..., ::-1],
        "gray_in_red": np.concatenate([gray, zeros, zeros], axis=-1),
        "gray_divided": np.repeat(gray / 3, 3, axis=-1),
    }


def alternatives(artifacts: Path, probe: dict) -> dict:
    import keras

    model = keras.models.load_model(artifacts / "model.keras")
    return {name: own_predictions(model, x) for name, x in inputs(probe).items()}


# The wrong conversions of colour images, by the alternative that shows them.
COLOUR_MISTAKES = {
    "rgba_averaged": ("to_gray", "the four channels (alpha included) were averaged into gray"),
    "rgb_averaged": ("to_gray", "the colours were averaged into gray"),
    "rgb_luma": ("to_gray", "the colours were converted to gray (luma)"),
    "bgr": ("channel_order", "the channels reached the model in reverse order (BGR)"),
}
GRAY_MISTAKES = {
    "gray_in_red": ("gray_in_one_channel", "the gray channel went into red, with green and blue left at 0"),
    "gray_divided": ("gray_divided", "the gray value was spread over the three channels (divided by 3)"),
}
ADVICE = {
    "to_gray": ("The model was trained on colour images: its first convolution has separate weights for red, "
                "green and blue. Averaging or converting to gray throws the colour away, and the alpha channel "
                "is no colour at all. For these opaque PNGs, keep the first three channels as they are: "
                "images[..., :3]."),
    "channel_order": ("The model was trained on red, green, blue in that order. BGR is OpenCV's order "
                      "(cv2.imread); these images are already RGB(A), so keep the channels where they are: "
                      "images[..., :3]."),
    "gray_in_one_channel": ("A gray pixel is an RGB pixel with three equal values, not a red one: repeat the "
                            "gray channel into all three, np.repeat(images, 3, axis=-1), as PIL's convert(\"RGB\") "
                            "does."),
    "gray_divided": ("A gray pixel of brightness g is (g, g, g) in RGB: the same value in each channel, not a third "
                     "of it. np.repeat(images, 3, axis=-1)."),
}


def judge(answers, probe: dict, alternatives) -> dict:
    oracles = _oracles(probe)
    labels = probe["labels"]
    for name in ("rgba", "gray", "rgb"):
        answer, oracle = answers[name], oracles[name]
        array, failure = as_predictions(answer, oracle, answers.source)
        if failure:
            failure = aimed(failure, name)
            if name != "rgba":
                failure["summary"] = f"the {name.upper() if name == 'rgb' else name} request fails: " + failure["summary"]
            return failure
        if matches(array, oracle):
            continue
        got = (f"probabilities up to {largest_difference(array, oracle):.3g} away from the model's; accuracy "
               f"{accuracy('multiclass', array, labels):.2f} against its {accuracy('multiclass', oracle, labels):.2f}")
        candidates = GRAY_MISTAKES if name == "gray" else COLOUR_MISTAKES
        for alternative, (mistake, what) in candidates.items():
            if matches(array, alternatives[alternative]):
                return failed(mistake, what, call=answer.call.text, expected=answer.call.expected, got=got,
                              advice=ADVICE[mistake])
        return failed("wrong_values", f"the {name} request gets other predictions", call=answer.call.text,
                      expected=answer.call.expected, got=got,
                      advice=("Convert to the model's layout and nothing more: RGBA → the first three channels, "
                              "gray → the one channel repeated three times, RGB as it is. Values and channel "
                              "order stay as decoded."))
    return passed(
        f"{len(labels)} images, sent as RGBA, grayscale and RGB PNGs, get the trained model's probabilities "
        f"(max |difference| {max(largest_difference(answers[n].value, oracles[n]) for n in oracles):.1e})"
    )


def shape_refused(message: str) -> tuple | None:
    """The shape the model refused: Keras 3's "received input with shape (32, 16, 16, 4)", or tf.keras 2's
    "found shape=(None, 16, 16, 4)"."""
    shape = received_shape(message)
    if shape is None:
        found = re.search(r"found shape=\(([^)]*)\)", message)
        if found:
            try:
                shape = tuple(None if p.strip() == "None" else int(p) for p in found.group(1).split(",") if p.strip())
            except ValueError:
                shape = None
    return shape


def aimed(failure: dict, name: str) -> dict:
    """A raised error, with advice aimed at the layout the model was sent."""
    if failure["mistake"] != "raised":
        return failure
    shape = shape_refused(failure["got"])
    if image_layout(shape, (16, 16, 3)) == "channels_first" or (shape and len(shape) == 4 and shape[1] in (1, 3, 4)
                                                                 and shape[-1] == 16):
        failure["advice"] = (f"The model received the channel axis first, shape {shape}. Keras conv layers are "
                             "channels-last by default, and this one takes (n, 16, 16, 3): convert the channels "
                             "where they are, on the last axis, without transposing.")
    elif shape and shape[-1] == 1:
        failure["advice"] = (f"The model still received one channel, shape {shape}. A grayscale image has only one "
                             "channel to take, so images[..., :3] leaves it as it is: repeat it into three, "
                             "np.repeat(images, 3, axis=-1).")
    elif shape and shape[-1] == 4:
        failure["advice"] = (f"The model still received four channels, shape {shape}: red, green, blue and alpha. "
                             "These PNGs are opaque, so drop the alpha channel: images[..., :3].")
    else:
        failure["advice"] = ("The model takes batches of shape (n, 16, 16, 3). Convert each request to that: "
                             "RGBA → images[..., :3], gray → np.repeat(images, 3, axis=-1), RGB as it is.")
    return failure
