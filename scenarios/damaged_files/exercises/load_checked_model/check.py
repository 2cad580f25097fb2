"""Exercise 9: load_checked_model (damaged_files): the exercise's metadata and hints, and the behavioural check of the learner's function."""

from __future__ import annotations

import re
from pathlib import Path

from scenarios.machinery.exercises.catalog import Exercise
from scenarios.machinery.exercises.checks import (
    Call,
    File,
    catches_exceptions,
    failed,
    handed_out,
    largest_difference,
    matches,
    passed,
    raised_text,
)

EXERCISE = Exercise(
    number=9,
    title="A model path that holds a Git LFS pointer, a download cut short, or a web page",
    function="load_checked_model",
    hints=(
        "Look before loading: read the file's first bytes and its size. A .keras model starts with b\"PK\\x03\\x04\" "
        "(a zip archive), a .h5 model with b\"\\x89HDF\\r\\n\\x1a\\n\". A Git LFS pointer is a short text file "
        "starting with b\"version https://git-lfs.github.com/spec/v1\"; print one.",
        "The pointer's line `oid sha256:<hex>` names the real file: the store beside the model keeps it as "
        "lfs-object-<hex>. load_model() chooses its reader by the extension, and the object has none: copy it "
        "to a temporary file named model.keras or model.h5, as its first bytes say.",
        "A download cut short cannot be repaired: downloads.json gives each one's origin (relative to the folder) "
        "and sha256. keras.utils.get_file(fname, origin=Path(...).resolve().as_uri(), file_hash=sha256, "
        "cache_dir=<a temporary folder>) fetches it again and refuses a copy with another hash. For anything "
        "else, raise an error that says what the file is (an HTML page, say).",
    ),
)

# The calls, by name: (the file handed to the function, what it is).
FILES = {
    "intact": ("model.keras", "the intact model"),
    "pointer_keras": ("model_lfs_pointer.keras", "a Git LFS pointer"),
    "pointer_h5": ("model_lfs_pointer.h5", "a Git LFS pointer"),
    "truncated_keras": ("model_truncated.keras", "a download cut short"),
    "truncated_h5": ("model_truncated.h5", "a download cut short"),
}
HOPELESS = ("html", "model_html.h5", "an HTML error page saved under the model's name")


def files(artifacts: Path) -> dict[str, str]:
    # The deployment folder as it is: the damaged files, the LFS store's objects, the origin's copies
    # and downloads.json, beside the intact model.
    return {f"deploy/{name}": name for name in handed_out(artifacts)}


def calls(probe: dict) -> list[Call]:
    x, y = probe["request"], probe["labels"]
    expected = (f"a model whose predictions on {len(x)} held-back digits are the trained model's "
                f"(np.allclose), shape {probe['oracle'].shape}")
    found = [Call(name, (File(f"deploy/{file_name}"),),
                  f'load_checked_model(".../deploy/{file_name}")  # {what}; then .predict(x)', expected,
                  evaluate=(x, y))
             for name, (file_name, what) in FILES.items()]
    name, file_name, what = HOPELESS
    return found + [Call(name, (File(f"deploy/{file_name}"),), f'load_checked_model(".../deploy/{file_name}")  # {what}',
                         "an exception whose message says what the file is: an HTML page", evaluate=(x, y))]


def alternatives(artifacts: Path, probe: dict) -> dict:
    return {}


def judge(answers, probe: dict, alternatives) -> dict:
    oracle = probe["oracle"]
    for name, (file_name, what) in FILES.items():
        answer = answers[name]
        call, expected = answer.call.text, answer.call.expected
        if answer.raised:
            return failed("raised", f"loading {file_name} ({what}) raised an exception", call=call, expected=expected,
                          got=raised_text(answer.raised), advice=advice_for(name, answer.raised["message"]))
        if answer.type == "NoneType":
            silenced = catches_exceptions(answers.source)
            return failed("silenced" if silenced else "returned_none", "your function returned None", call=call,
                          expected=expected, got="None",
                          advice=("A try/except that returns None hides the damaged file from the caller, who then "
                                  "fails somewhere else with less to go on. Get the real model, or raise an error "
                                  "that says what the file is." if silenced else "Did you forget the `return`?"))
        if answer.predictions is None:
            return failed("not_a_model", "your function did not return a Keras model", call=call, expected=expected,
                          got=f"a {answer.type}", advice="Return the loaded model itself; the caller predicts with it.")
        if not matches(answer.predictions, oracle):
            return failed("wrong_values", f"the model from {file_name} predicts differently from the trained one",
                          call=call, expected=expected,
                          got=f"predictions up to {largest_difference(answer.predictions, oracle):.3g} away",
                          advice=("Load the file the pointer or the download names, checked against its sha256: "
                                  "another model, or a re-trained one, has other weights."))
    name, file_name, what = HOPELESS
    answer = answers[name]
    call, expected = answer.call.text, answer.call.expected
    if not answer.raised:
        return failed("accepted_a_web_page", f"{file_name} is a web page, and your function did not raise", call=call,
                      expected=expected, got=f"a {answer.type}",
                      advice=("No model can be made from an HTML page, and nothing says where the real file is: "
                              "raise, and say what the file is."))
    if not re.search(r"html|web page", answer.raised["message"], re.I):
        return failed(
            "unclear_error", f"{file_name} is refused, but the message does not say what it is", call=call,
            expected=expected, got=raised_text(answer.raised),
            advice=("The caller reads this message to fix the deployment: 'file signature not found' or 'File not "
                    "found' sends them looking in the wrong place. The first bytes say it: <!DOCTYPE html> is a web "
                    "page. Raise an error that names it, with the file's size, before load_model() runs."),
        )
    return passed(
        "the intact model, both LFS pointers and both cut-short downloads give the trained model's predictions "
        f"(max |difference| {max(largest_difference(answers[n].predictions, oracle) for n in FILES):.1e}), "
        "and the web page is refused in words that say what it is"
    )


def advice_for(name: str, message: str) -> str:
    """Advice aimed at the call that raised and at what the message shows."""
    if "lfs-object-" in message:  # the object itself reached load_model(), under its own name
        return ("You found the right object in the store, and load_model() refused it by its name: it chooses its "
                "reader by the extension, and lfs-object-<oid> has none. Copy it to a temporary file named "
                "model.keras or model.h5, as its first bytes say (PK… is a zip archive, .keras; \\x89HDF is .h5).")
    if "Incomplete or corrupted file" in message:
        return ("keras.utils.get_file refused the download: its sha256 is not the one you passed. Pass the "
                "sha256 that downloads.json publishes for this file.")
    if re.search(r"File not found|file signature not found|truncated file", message):
        if name.startswith("pointer"):
            return ("load_model() was handed the Git LFS pointer itself: a short text file whose oid is the sha256 "
                    "of the real model. The store beside it keeps that file as lfs-object-<oid>: check its size and "
                    "sha256 against the pointer, and load it.")
        if name.startswith("truncated"):
            return ("load_model() was handed a download cut short. A partial file cannot be repaired: fetch it "
                    "again from the origin downloads.json names, checked against its sha256 "
                    "(keras.utils.get_file(..., file_hash=...)), and load that.")
    return ("Identify the file by its first bytes before loading it: a pointer's object comes from the store, a "
            "cut-short download is fetched again from its origin, and an intact model is loaded as it is.")
