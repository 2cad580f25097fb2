"""Exercise 7: load_teachable_machine_model (keras2_files): the exercise's metadata and hints, and the behavioural check of the learner's function."""

from __future__ import annotations

import re
from pathlib import Path

from scenarios.machinery.exercises.catalog import Exercise
from scenarios.machinery.exercises.checks import (
    Call,
    File,
    code_only,
    failed,
    largest_difference,
    matches,
    not_a_working_model,
    passed,
    raised_text,
    unsafe_failure,
    unsafe_loading,
)

EXERCISE = Exercise(
    generations=("3",),
    keras3_only_why=(
        "tf.keras 2 reads the files it wrote itself: on tf.keras 2, load_model() loads both as they are, so there "
        "is nothing to fix (see the page on files from tf.keras 2)"
    ),
    number=7,
    title="A model file saved by tf.keras 2, loaded in Keras 3",
    function="load_teachable_machine_model",
    hints=(
        "Read the end of the error: the file stores `groups: 1` for the DepthwiseConv2D layer, an argument "
        "tf.keras 2 saved and Keras 3's DepthwiseConv2D does not take. load_model() rebuilds every layer from "
        "its stored arguments, so it cannot rebuild this one. The weights in the file are fine.",
        "Build the network shown in the docstring with Keras 3, then `model.load_weights(model_path)`: "
        "load_weights() reads only the weights, from .h5 and .keras files alike, and never the stored "
        "layer arguments.",
        "The shim the forums suggest (a DepthwiseConv2D subclass that accepts `groups`, passed in "
        "custom_objects) loads model.h5 but not model.keras: for a built-in layer in a .keras file, Keras 3 "
        "never looks at custom_objects. safe_mode=False and compile=False do not touch layer arguments at all.",
    ),
)

FILES = ("model.h5", "model.keras")


def files(artifacts: Path) -> dict[str, str]:
    # The two files tf.keras 2 saved; the weights-only file and the Keras 3 copy are not part of this exercise.
    return {name: name for name in FILES}


def calls(probe: dict) -> list[Call]:
    images, labels, oracle = probe["request"], probe["labels"], probe["oracle"]
    return [
        Call(name, (File(name),),
             f'load_teachable_machine_model(".../{name}")  # then .predict(images), {len(images)} held-back '
             f"images of shape {images.shape[1:]}",
             f"a Keras model whose predictions, shape {oracle.shape}, are the trained model's (np.allclose)",
             evaluate=(images, labels))
        for name in FILES
    ]


def alternatives(artifacts: Path, probe: dict) -> dict:
    return {}


PREDICT_ADVICE = ("The model loaded but cannot predict images of shape (n, 28, 28, 1): build the network exactly "
                  "as the docstring shows it, Input((28, 28, 1)) first.")


def judge(answers, probe: dict, alternatives) -> dict:
    oracle = probe["oracle"]
    first = answers[FILES[0]].call
    unsafe = unsafe_loading(answers.source)
    if unsafe:
        return unsafe_failure(unsafe, first.text, first.expected, advice=SAFE_MODE_ADVICE if unsafe == "safe_mode" else None)
    code = code_only(answers.source)
    for name in FILES:
        answer = answers[name]
        call, expected = answer.call.text, answer.call.expected
        if answer.raised:
            return raised(name, answer, answers, code, oracle)
        failure = not_a_working_model(answer, answers.source, PREDICT_ADVICE)
        if failure:
            return failure
        if not matches(answer.predictions, oracle):
            got = (f"predictions of shape {answer.predictions.shape}" if answer.predictions.shape != oracle.shape
                   else f"predictions up to {largest_difference(answer.predictions, oracle):.3g} away from the trained model's")
            return failed("wrong_weights", f"the model from {name} predicts differently from the trained one",
                          call=call, expected=expected, got=got, advice=WRONG_WEIGHTS)
    return passed(
        f"model.h5 and model.keras, both saved by tf.keras 2, give a Keras 3 model that predicts as the trained "
        f"one did on {len(oracle)} held-back images (max |difference| "
        f"{max(largest_difference(answers[name].predictions, oracle) for name in FILES):.1e})"
    )


def raised(name: str, answer, answers, code: str, oracle) -> dict:
    """A load that raised, with advice aimed at how it was attempted."""
    call, expected = answer.call.text, answer.call.expected
    message = answer.raised["message"]
    got = raised_text(answer.raised)
    if re.search(r"Unrecognized keyword arguments passed to DepthwiseConv2D", message):
        h5 = answers[FILES[0]]
        h5_loaded = not h5.raised and h5.predictions is not None and matches(h5.predictions, oracle)
        if name == "model.keras" and h5_loaded and re.search(r"custom_objects|custom_object_scope", code):
            return failed("shim_ignored", "your shim loads model.h5, and model.keras still fails", call=call,
                          expected=expected, got=got, advice=SHIM_ADVICE)
        if re.search(r"compile\s*=\s*False", code):
            return failed("compile_false", f"compile=False does not change how {name} is rebuilt", call=call,
                          expected=expected, got=got, advice=COMPILE_ADVICE)
        return failed("raised", f"loading {name} raised an exception", call=call, expected=expected, got=got,
                      advice=GROUPS_ADVICE)
    if re.search(r"Layer count mismatch|could not be loaded|shape of the target variable", message):
        return failed("architecture_differs", f"the weights in {name} do not fit the model you built", call=call,
                      expected=expected, got=got, advice=ARCHITECTURE_ADVICE)
    return failed("raised", f"loading {name} raised an exception", call=call, expected=expected, got=got,
                  advice=("Your function raised before it returned a model. The file's weights are all you need: "
                          "build the network from the docstring and call model.load_weights(model_path)."))


GROUPS_ADVICE = (
    "tf.keras 2 stored groups: 1 in the DepthwiseConv2D configuration (its depthwise layer saves the "
    "arguments of its general convolution layer), and Keras 3's DepthwiseConv2D has no such argument. "
    "load_model() passes every stored argument back to the layer's constructor, so it cannot rebuild this "
    "file. The weights are fine: build the network from the docstring and call model.load_weights(model_path)."
)
SHIM_ADVICE = (
    "The legacy .h5 loader looks each class name up in custom_objects, so your subclass builds the layer "
    "there. A .keras file records DepthwiseConv2D as a Keras built-in (module keras.layers, no registered "
    "name), and Keras 3 builds built-ins without looking at custom_objects: your class is never used. "
    "model.load_weights(model_path) on the network built from code reads both files."
)
COMPILE_ADVICE = (
    "compile=False skips the optimizer, loss and metrics, not the layers: Keras still rebuilds every layer "
    "from its stored arguments, groups included, and refuses the same way. Build the network from the "
    "docstring and read only the weights: model.load_weights(model_path)."
)
ARCHITECTURE_ADVICE = (
    "load_weights() matches the file's layers to your model's, in order, and each array to the variable of "
    "the same shape. The file holds weights for Conv2D, DepthwiseConv2D, the 1×1 Conv2D and Dense: leaving "
    "the DepthwiseConv2D out, or changing any layer, leaves nothing to match. skip_mismatch=True only hides "
    "that, with layers left at random weights. Build exactly the network that was trained, DepthwiseConv2D "
    "included."
)
WRONG_WEIGHTS = (
    "The model predicts, but not what the trained one did: some of its layers do not hold the trained "
    "weights (skip_mismatch=True, a layer built differently, or no weights loaded at all). Build exactly "
    "the network from the docstring and load every weight with model.load_weights(model_path)."
)
SAFE_MODE_ADVICE = (
    "safe_mode=False (or keras.config.enable_unsafe_deserialization()) lets a model file run the Python code "
    "stored in it, and it does nothing for an argument a layer does not accept: the load fails the same way. "
    "Keep safe mode on, and read only the weights: model.load_weights(model_path) on the network built from code."
)
