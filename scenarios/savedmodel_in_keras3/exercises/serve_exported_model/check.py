"""Exercise 8: serve_exported_model (savedmodel_in_keras3): the exercise's metadata and hints, and the behavioural check of the learner's function."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from scenarios.machinery.exercises.checks import (
    Call,
    File,
    catches_exceptions,
    code_only,
    failed,
    passed,
    raised_text,
)
from scenarios.machinery.exercises.catalog import Exercise

EXERCISE = Exercise(
    generations=("3",),
    keras3_only_why=(
        "tf.keras 2 wrote this SavedModel with model.save(dir) and reads it back with load_model(), so on "
        "tf.keras 2 there is nothing to fix (see the SavedModel page)"
    ),
    number=8,
    title="Digits from an exported SavedModel, served with Keras 3",
    function="serve_exported_model",
    hints=(
        "Read the whole error: Keras 3's load_model() reads .keras and .h5 files only, and it names the "
        "layer that calls a SavedModel instead: keras.layers.TFSMLayer(export_dir, call_endpoint=...).",
        "Print what the layer returns for a couple of rows, and its type. The 'serving_default' endpoint "
        "returns a dict of named outputs, not an array; np.argmax of a dict does not complain, and is 0.",
        "Take the probabilities out of the dict by their key (or call the 'serve' endpoint, which returns "
        "them directly), then the argmax along the class axis: probabilities.argmax(axis=-1). "
        "tf.saved_model.load(export_dir).signatures['serving_default'] works too, and lists its outputs' "
        "names in structured_outputs.",
    ),
)

ARCHIVE = "model.savedmodel.tar.gz"


def files(artifacts: Path) -> dict[str, str]:
    # The exported SavedModel alone: the service is handed no .keras or .h5 file.
    return {ARCHIVE: ARCHIVE}


def calls(probe: dict) -> list[Call]:
    rows, oracle = probe["request"], probe["oracle"]
    return [
        Call("all", (File(ARCHIVE), rows),
             f"serve_exported_model(archive_path, rows)  # rows: {len(rows)} held-back images, shape {rows.shape}",
             f"the trained model's digit for each row: integers of shape ({len(oracle)},)"),
        Call("one", (File(ARCHIVE), rows[:1]),
             f"serve_exported_model(archive_path, rows[:1])  # a single row, shape {rows[:1].shape}",
             f"that row's digit, shape (1,): [{int(oracle[0].argmax())}]"),
    ]


def alternatives(artifacts: Path, probe: dict) -> dict:
    return {}


def judge(answers, probe: dict, alternatives) -> dict:
    oracle = probe["oracle"]
    for name, expected_digits, probabilities in (("all", oracle.argmax(-1), oracle), ("one", oracle[:1].argmax(-1), oracle[:1])):
        failure = judged(answers[name], answers.source, expected_digits, probabilities)
        if failure:
            if name == "one":
                failure["summary"] = "the full request works, but a single row does not: " + failure["summary"]
            return failure
    return passed(f"{len(oracle)} held-back rows and a single-row request get the exported model's digits, every one")


def judged(answer, source: str, digits: np.ndarray, probabilities: np.ndarray) -> dict | None:
    """None when `answer` is exactly `digits`; else the failure, aimed at what the answer shows."""
    call, expected = answer.call.text, answer.call.expected
    code = code_only(source)
    if answer.raised:
        return raised(answer, call, expected)
    if answer.type == "NoneType":
        silenced = catches_exceptions(source)
        return failed("silenced" if silenced else "returned_none", "your function returned None", call=call,
                      expected=expected, got="None",
                      advice=("A try/except that swallows the error hides it instead of fixing it: let errors "
                              "propagate, and fix what caused them." if silenced else "Did you forget the `return`?"))
    value = answer.value
    if answer.type == "dict" or value is None:
        return failed("returned_dict", "your function returned the endpoint's dict, not digits", call=call,
                      expected=expected, got=f"a {answer.type}" + (" (no numbers numpy can read)" if value is None else ""),
                      advice=DICT_ADVICE)
    if value.ndim == 0:
        if value == 0 and probabilities.argmax() != 0 and "argmax" in code:
            return failed("argmax_of_dict", "one 0 for the whole request: np.argmax of the endpoint's dict",
                          call=call, expected=expected, got=f"a single number, {value:g}", advice=ARGMAX_OF_DICT)
        if "argmax" in code and value == int(value) and 0 <= value < probabilities.size:
            return failed("argmax_without_axis", "one number for the whole request: np.argmax without an axis",
                          call=call, expected=expected, got=f"a single number, {value:g}",
                          advice=(f"Without an axis, argmax flattens the ({', '.join(map(str, probabilities.shape))}) "
                                  "probabilities and returns one position in the whole array. The digit of each row "
                                  "is the argmax along the class axis: probabilities.argmax(axis=-1)."))
        return failed("wrong_shape", "one number for the whole request", call=call, expected=expected,
                      got=f"a single number, {value:g}", advice="Return one digit per row: an array of shape (n,).")
    if value.shape == probabilities.shape:
        same = np.allclose(value, probabilities, rtol=1e-5, atol=1e-5)
        return failed("returned_probabilities", "class probabilities instead of digits", call=call, expected=expected,
                      got=f"an array of shape {value.shape}" + (", the model's probabilities" if same else ""),
                      advice=("The service answers with digits: take the argmax of the probabilities along the "
                              "class axis, probabilities.argmax(axis=-1)."))
    if value.shape != digits.shape:
        return failed("wrong_shape", f"an answer of shape {value.shape}, expected {digits.shape}", call=call,
                      expected=expected, got=f"an array of shape {value.shape}",
                      advice=f"Return one digit per row, shape {digits.shape}: probabilities.argmax(axis=-1).")
    wrong = int(np.sum(value != digits))
    if wrong:
        return failed("wrong_digits", f"{wrong} of {len(digits)} digits differ from the exported model's", call=call,
                      expected=expected, got=f"digits that agree with the model's for {len(digits) - wrong} of {len(digits)}",
                      advice=("The rows must reach the model as they are (raw pixel values, 0 to 16: the model "
                              "scales them itself), and the digit is the argmax of its probabilities along the "
                              "class axis."))
    return None


def raised(answer, call: str, expected: str) -> dict:
    message = answer.raised["message"]
    got = raised_text(answer.raised)
    if re.search(r"File format not supported", message):
        advice = ("Keras 3's load_model() reads .keras and .h5 files only; a SavedModel directory is TensorFlow's "
                  "format. Call it through keras.layers.TFSMLayer(export_dir, call_endpoint=\"serving_default\") "
                  "(the error names it), or load it with tf.saved_model.load(export_dir).")
    elif re.search(r"endpoint", message):
        advice = ("The error lists the endpoints this SavedModel has: model.export() writes 'serve' and "
                  "'serving_default'. Pass one of them as call_endpoint.")
    elif answer.raised["type"] == "KeyError":
        advice = ("The 'serving_default' endpoint returns a dict whose keys are the output names the export "
                  "chose: print its keys (model.export() calls the first output 'output_0').")
    else:
        advice = ("Your function raised before it answered. Call the SavedModel through keras.layers.TFSMLayer, "
                  "read the probabilities out of the dict it returns, and take their argmax along axis -1.")
    return failed("raised", "your function raised an exception", call=call, expected=expected, got=got, advice=advice)


DICT_ADVICE = (
    "TFSMLayer returns what the endpoint returns, and 'serving_default' returns a dict of named outputs, "
    "{'output_0': probabilities}. Read the probabilities out of it by their key (or call the 'serve' "
    "endpoint, which returns them directly), then return probabilities.argmax(axis=-1)."
)
ARGMAX_OF_DICT = (
    "The 'serving_default' endpoint returns a dict, {'output_0': probabilities}. numpy makes a dict one "
    "object, and the argmax of one object is 0, whatever the images: no error, no warning. Read the "
    "probabilities out by their key first, then probabilities.argmax(axis=-1)."
)
