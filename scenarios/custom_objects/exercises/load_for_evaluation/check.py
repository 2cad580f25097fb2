"""Exercise 4: load_for_evaluation (custom_objects): the exercise's metadata and hints, and the behavioural check of the learner's function."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from scenarios.machinery.exercises.catalog import Exercise
from scenarios.machinery.exercises.checks import (
    Call,
    File,
    catches_exceptions,
    code_only,
    failed,
    largest_difference,
    matches,
    passed,
    raised_text,
    tampered_code_ran,
    unsafe_failure,
    unsafe_loading,
)

EXERCISE = Exercise(
    generations=("3",),
    keras3_only_why=(
        "tf.keras 2's legacy .h5 loader runs the code stored in a Lambda layer with no safe mode at all, so "
        "no loading code can refuse the tampered copy this check hands out (see the Lambda layer page)"
    ),
    number=4,
    title="A regressor compiled with a custom loss, loaded to be evaluated",
    function="load_for_evaluation",
    hints=(
        "Read the error: the file stores only the *name* of the loss it was compiled with. This "
        "fresh process has never defined a function of that name. (For the .h5 file the message "
        "is worse: `string indices must be integers` means the same thing.)",
        "Define the loss in your file exactly as training did: "
        "`def custom_loss(y_true, y_pred): return keras.ops.mean(keras.ops.square(y_true - y_pred))`, "
        "and tell `load_model` about it: `custom_objects={\"custom_loss\": custom_loss}`.",
        "`compile=False` makes the load pass, but the model then has no loss and `evaluate()` "
        "raises; if you use it, call `model.compile(loss=custom_loss)` yourself. `safe_mode=False` "
        "does not help here at all: it is about Python lambdas inside the file, and it turns off a "
        "security check.",
    ),
)


FORMATS = ("model.keras", "model.h5")


def files(artifacts: Path) -> dict[str, str]:
    # The team's two files, and a tampered copy of each whose stored code must never run.
    return {**{name: name for name in FORMATS},
            **{f"tampered/{name}": name.replace("model", "model_tampered", 1) for name in FORMATS}}


def calls(probe: dict) -> list[Call]:
    x, y = probe["request"], probe["labels"]
    expected = (f"a compiled model: predictions np.allclose to the trained model's, and "
                f"evaluate(x, y) reporting the training loss, {expected_loss(probe):.4f}")
    return [
        Call(folder + name, (File(folder + name),),
             f'load_for_evaluation(".../{folder}{name}")  # then .predict(x) and .evaluate(x, y), {len(x)} held-back patients',
             expected if not folder else "a refusal to run the file's code, or a model, and nothing from the file executed",
             evaluate=(x, y))
        for folder in ("", "tampered/") for name in FORMATS
    ]


def expected_loss(probe: dict) -> float:
    """What evaluate() must report: the training loss (mean squared error) of the trained model."""
    return float(np.mean((probe["oracle"].reshape(-1).astype("float64") - probe["labels"]) ** 2))


def broadcast_loss(predictions: np.ndarray, probe: dict) -> float:
    """What a loss that squeezes y_pred (or y_true) reports: Keras hands it both as (n, 1), so
    (n, 1) - (n,) broadcasts to every label minus every prediction. The sandbox evaluates the whole
    request as one batch, so this is the mean over all n² pairs."""
    labels = probe["labels"].reshape(-1, 1).astype("float64")
    return float(np.mean((labels - np.asarray(predictions, dtype="float64").reshape(1, -1)) ** 2))


def alternatives(artifacts: Path, probe: dict) -> dict:
    return {}


def judge(answers, probe: dict, alternatives) -> dict:
    oracle = probe["oracle"]
    first = answers[FORMATS[0]].call
    unsafe = unsafe_loading(answers.source)
    if unsafe:
        return unsafe_failure(unsafe, first.text, first.expected)
    if tampered_code_ran(answers):
        return failed("safe_mode", "code stored in the model file ran in your process",
                      call=answers["tampered/model.keras"].call.text,
                      expected="a refusal to load the tampered copy (safe mode), or a model, and nothing from the file executed",
                      got="the tampered file's Lambda ran, and wrote its evidence", advice=SAFE_MODE_ADVICE)
    losses = []
    for file_name in FORMATS:
        answer = answers[file_name]
        call, expected = answer.call.text, answer.call.expected
        if answer.raised:
            advice = ""
            if file_name.endswith("h5") and "string indices must be integers" in answer.raised["message"] and losses:
                # model.keras loaded and evaluated with the learner's loss: the loss exists, under a name the
                # .h5 loader does not look for.
                registered = re.search(r"register_keras_serializable", code_only(answers.source))
                return failed(
                    "registered_name", "model.keras finds your loss, model.h5 does not", call=call,
                    expected=expected, got=raised_text(answer.raised),
                    advice=(REGISTERED if registered else "") + STORED_NAME_ADVICE)
            if re.search(r"Could not locate function|string indices must be integers|Unknown loss", answer.raised["message"]):
                advice = ("load_model() compiles the model by default, so it must turn the loss name stored in "
                          "the file back into a function; this process never defined one called custom_loss."
                          + (" On .h5, Keras 3 reports that as 'string indices must be integers'."
                             if file_name.endswith("h5") else ""))
            return failed("raised", f"loading {file_name} raised an exception", call=call, expected=expected,
                          got=raised_text(answer.raised),
                          advice=advice or ("Your function raised before it returned a model. The file needs only "
                                            "its loss, by the name it stores: load_model(path, "
                                            "custom_objects={\"custom_loss\": custom_loss})."))
        if answer.type == "NoneType":
            silenced = catches_exceptions(answers.source)
            return failed("silenced" if silenced else "returned_none", "your function returned None", call=call,
                          expected=expected, got="None",
                          advice=("A try/except that swallows the load error hides it instead of fixing it."
                                  if silenced else "Did you forget the `return`?"))
        if answer.evaluate_raised:
            raised = answer.evaluate_raised
            if re.search(r"No loss to compute|loss.*argument", raised["message"]):
                return failed(
                    "compiled_without_loss", "the model was compiled without a loss, so it cannot evaluate",
                    call=call, expected=expected, got=raised_text(raised),
                    advice=("model.compile() ran, but with no loss: evaluate() has nothing to compute. The loss is "
                            "what evaluation reports; the optimizer only matters for training. Compile with the "
                            "training loss: model.compile(loss=custom_loss), or pass it to load_model with "
                            "custom_objects={\"custom_loss\": custom_loss}."),
                )
            if "compile()" in raised["message"]:
                return failed(
                    "not_compiled", "the model loads, but cannot evaluate: it was never compiled",
                    call=call, expected=expected, got=raised_text(raised),
                    advice=("compile=False makes the load pass by skipping the loss, which is fine for "
                            "prediction only. Evaluation and further training need it: pass the loss "
                            "to load_model (custom_objects), or compile the model with it."),
                )
            return failed("raised", "evaluate() on your model raised an exception", call=call, expected=expected,
                          got=raised_text(raised),
                          advice=("The model loaded; evaluate() then calls the loss you gave on tensors y_true and "
                                  "y_pred of shape (n, 1). Write it with keras.ops (not numpy or Python "
                                  "arithmetic on whole arrays) and return one number per batch: "
                                  "keras.ops.mean(keras.ops.square(y_true - y_pred))."))
        if answer.predictions is None or answer.loss is None:
            return failed("not_a_model", "your function did not return a Keras model", call=call,
                          expected=expected, got=f"a {answer.type}",
                          advice=("Return the loaded model itself: the monitoring job calls predict() and "
                                  "evaluate() on it."))
        if not matches(answer.predictions, oracle):
            return failed("wrong_weights", f"the model from {file_name} predicts differently from the trained one",
                          call=call, expected=expected,
                          got=f"predictions up to {largest_difference(answer.predictions, oracle):.3g} away",
                          advice="Load the saved file itself; a rebuilt or re-trained model has other weights.")
        right_loss = np.isclose(answer.loss, expected_loss(probe), rtol=1e-4, atol=1e-6)
        if not right_loss and np.isclose(answer.loss, broadcast_loss(answer.predictions, probe), rtol=1e-4, atol=1e-6):
            return failed(
                "broadcast_loss", "evaluate() reports the mean over every label paired with every prediction",
                call=call, expected=expected,
                got=f"a loss of {answer.loss:.4f}, the mean of (y_i - prediction_j)² over all {len(oracle)}² pairs",
                advice=(f"Your custom_loss does square differences and average them, but of the wrong pairs: Keras "
                        f"hands the loss y_true and y_pred with the same shape, ({len(oracle)}, 1). Squeezing one "
                        f"of them (or reshaping it to ({len(oracle)},)) makes y_true - y_pred broadcast to a "
                        f"({len(oracle)}, {len(oracle)}) matrix of every label minus every prediction. Keep the "
                        f"shapes as they come: keras.ops.mean(keras.ops.square(y_true - y_pred))."),
            )
        if not right_loss:
            return failed(
                "wrong_loss", "evaluate() reports a different loss from the one the model was trained with",
                call=call, expected=expected, got=f"a loss of {answer.loss:.4f}",
                advice=("Keras only matches the loss by name: the function you give for custom_loss must "
                        "compute what training computed, the mean of the squared differences."),
            )
        losses.append(answer.loss)
    return passed(
        f"model.keras and model.h5 load in a fresh process, predict as the trained model did, and evaluate "
        f"to its training loss ({losses[0]:.4f}); a tampered copy ran none of its code"
    )


SAFE_MODE_ADVICE = (
    "safe_mode=False (or keras.config.enable_unsafe_deserialization()), however it is passed, lets a model "
    "file run the Python code stored in it. It does not help with a custom loss at all: the loss is stored "
    "by name, and you supply it with custom_objects. Keep safe mode on."
)

REGISTERED = (
    "register_keras_serializable() registers your function under \"package>name\" (\"Custom>custom_loss\" by "
    "default), not under the name the files store, \"custom_loss\". "
)
STORED_NAME_ADVICE = (
    "Loading model.keras finds your loss anyway: Keras matches the stored bare name against every registered "
    "\"...>custom_loss\". The .h5 loader does not: it looks up \"custom_loss\" exactly, finds nothing, and "
    "Keras 3 reports that as 'string indices must be integers'. Give the loss under the stored name: "
    "custom_objects={\"custom_loss\": custom_loss}."
)
