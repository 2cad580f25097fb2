"""Exercise 6: load_digit_model (custom_layers): the exercise's metadata and hints, and the behavioural check of the learner's function."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from scenarios.machinery.exercises.catalog import Exercise
from scenarios.machinery.exercises.checks import (
    Call,
    File,
    accuracy,
    code_only,
    failed,
    largest_difference,
    matches,
    not_a_working_model,
    own_predictions,
    passed,
    raised_text,
    unsafe_failure,
    unsafe_loading,
)

EXERCISE = Exercise(
    number=6,
    title="A digit classifier with a custom layer, loaded in a serving process",
    function="load_digit_model",
    hints=(
        "Read the error: the file names a layer class, 'Standardize', and stores its config (the mean and "
        "std), never its code. load_model() looks the name up among the classes registered with Keras and "
        "the ones you pass in custom_objects; an import, or a class defined in your file, is neither.",
        "Copy the team's class into your file exactly as the docstring shows it (the mean and std come from "
        "the file, through __init__), and pass it under the stored name: "
        "`keras.models.load_model(model_path, custom_objects={\"Standardize\": Standardize})`.",
        "@keras.saving.register_keras_serializable() does not help with these files: it registers "
        "\"Custom>Standardize\", and the files were saved before anyone registered the class, under "
        "\"Standardize\". safe_mode=False and compile=False do not supply a class at all.",
    ),
)

FILES = ("model.keras", "model.h5")

# The ways a serving process fails to hand Keras the class, in both generations' words: Keras 3's
# .keras and .h5 loaders, and tf.keras 2's .keras loader, which goes on with the bare name.
CLASS_NOT_FOUND = (r"Could not locate class 'Standardize'|Unknown layer: '?Standardize"
                   r"|layer=Standardize of type <class 'str'>")


def files(artifacts: Path) -> dict[str, str]:
    # The team's two files, saved with the unregistered class; the scenario's other files are not theirs.
    return {name: name for name in FILES}


def calls(probe: dict) -> list[Call]:
    rows, labels, oracle = probe["request"], probe["labels"], probe["oracle"]
    return [
        Call(name, (File(name),),
             f'load_digit_model(".../{name}")  # then .predict(pixel_rows), {len(rows)} held-back images, '
             f"shape {rows.shape}",
             f"a Keras model whose predictions, shape {oracle.shape}, are the trained model's (np.allclose)",
             # The sandbox predicts with the returned model; only its predictions are judged.
             evaluate=(rows, labels))
        for name in FILES
    ]


# What the Dense layers receive when a rebuilt Standardize computes something else, and what to call it.
WRONG_MATH = {
    "no_standardization": "the raw pixels, not standardized at all",
    "centered_only": "the pixels minus the mean, never divided by the std",
    "scaled_only": "the pixels divided by the std, the mean never subtracted",
    "by_variance": "the pixels minus the mean, divided by the variance (std squared) instead of the std",
    "by_16": "the pixels divided by 16, not standardized",
}


def alternatives(artifacts: Path, probe: dict) -> dict:
    import keras

    from scenarios.custom_layers.team_layers import Standardize

    # Trusted code: the team's own class, for the trained weights and the stored statistics.
    model = keras.models.load_model(artifacts / "model.keras", custom_objects={"Standardize": Standardize},
                                    compile=False)
    standardize = model.layers[0]
    mean, std = standardize.mean.astype("float64"), standardize.std.astype("float64")
    dense = keras.Sequential([keras.Input((mean.shape[0],)), *model.layers[1:]])
    rows = np.asarray(probe["request"], dtype="float64")
    received = {
        "no_standardization": rows,
        "centered_only": rows - mean,
        "scaled_only": rows / std,
        "by_variance": (rows - mean) / std**2,
        "by_16": rows / 16,
    }
    return {name: own_predictions(dense, x) for name, x in received.items()}


PREDICT_ADVICE = ("The model loaded, and predicting with it failed inside your Standardize: keep call() as the team "
                  "wrote it, (inputs - self.mean) / self.std, with mean and std as float32 arrays.")


def judge(answers, probe: dict, alternatives) -> dict:
    oracle, labels = probe["oracle"], probe["labels"]
    first = answers[FILES[0]].call
    unsafe = unsafe_loading(answers.source)
    if unsafe:
        return unsafe_failure(unsafe, first.text, first.expected, advice=SAFE_MODE_ADVICE if unsafe == "safe_mode" else None)
    code = code_only(answers.source)
    for name in FILES:
        answer = answers[name]
        if answer.raised:
            return raised(name, answer, code)
        failure = not_a_working_model(answer, answers.source, PREDICT_ADVICE)
        if failure:
            return failure
        if not matches(answer.predictions, oracle):
            return wrong_math(name, answer, probe, alternatives)
    return passed(
        f"model.keras and model.h5 load in a fresh process and predict as the trained model did on "
        f"{len(oracle)} held-back images (max |difference| "
        f"{max(largest_difference(answers[name].predictions, oracle) for name in FILES):.1e}, accuracy "
        f"{accuracy('multiclass', oracle, labels):.2f})"
    )


def raised(name: str, answer, code: str) -> dict:
    """A load that raised, with advice aimed at how it was attempted."""
    call, expected = answer.call.text, answer.call.expected
    message, got = answer.raised["message"], raised_text(answer.raised)
    given = re.search(r"custom_objects|custom_object_scope|CustomObjectScope|get_custom_objects", code)
    if re.search(r"unexpected keyword argument '(name|trainable|dtype)'", message):
        return failed("init_without_kwargs", "Keras found your class, and could not rebuild the layer with it",
                      call=call, expected=expected, got=got, advice=KWARGS_ADVICE)
    if re.search(CLASS_NOT_FOUND, message):
        if re.search(r"register_keras_serializable", code) and not given:
            return failed("registered_name", f"your registered class is not the one {name} names", call=call,
                          expected=expected, got=got, advice=REGISTERED_ADVICE)
        if re.search(r"compile\s*=\s*False", code) and not given:
            return failed("compile_false", f"compile=False does not change how {name} is rebuilt", call=call,
                          expected=expected, got=got, advice=COMPILE_ADVICE)
        defined = re.search(r"^\s*class\s+\w+\s*\(", code, re.M) or re.search(r"\bimport\b.*\bStandardize\b", code)
        return failed("raised", f"loading {name} raised an exception: Keras cannot find the class", call=call,
                      expected=expected, got=got,
                      advice=(DEFINED_ADVICE if defined else "") + NOT_FOUND_ADVICE)
    return failed("raised", f"loading {name} raised an exception", call=call, expected=expected, got=got,
                  advice=("Your function raised before it returned a model. The file needs only its layer class, "
                          "by the name it stores: keras.models.load_model(model_path, "
                          "custom_objects={\"Standardize\": Standardize}), with the team's class in your file."))


def wrong_math(name: str, answer, probe: dict, alternatives) -> dict:
    """The file loaded, and predicts differently: the class given for "Standardize" computes something else."""
    oracle, labels = probe["oracle"], probe["labels"]
    predictions = answer.predictions
    if predictions.shape != oracle.shape:
        return failed("wrong_shape", f"predictions of shape {predictions.shape}, expected {oracle.shape}",
                      call=answer.call.text, expected=answer.call.expected,
                      got=f"an array of shape {predictions.shape}",
                      advice="Return the model itself, as load_model() gives it; the caller predicts with it.")
    received = next((what for key, what in WRONG_MATH.items() if matches(predictions, alternatives[key])), None)
    got = (f"predictions up to {largest_difference(predictions, oracle):.3g} away from the trained model's; accuracy "
           f"{accuracy('multiclass', predictions, labels):.2f} against its {accuracy('multiclass', oracle, labels):.2f}")
    return failed(
        "wrong_math", f"the model from {name} loads, and predicts differently from the trained one",
        call=answer.call.text, expected=answer.call.expected,
        got=got + (f": the Dense layers received {received}" if received else ""),
        advice=("Keras matches the class only by the name the file stores; it cannot check what the class "
                "computes. The weights and the mean and std came from the file, so the difference is in your "
                "class's call(). Copy the team's layer exactly: (inputs - self.mean) / self.std."),
    )


SAFE_MODE_ADVICE = (
    "safe_mode=False (or keras.config.enable_unsafe_deserialization()) lets a model file run Python code "
    "stored in it, a lambda. It has nothing to do with a missing layer class: the class is stored by name, "
    "and Keras still cannot find it. Supply the class with custom_objects, and keep safe mode on."
)
COMPILE_ADVICE = (
    "compile=False skips the loss, the metrics and the optimizer. The layer is part of the architecture, "
    "which load_model() always rebuilds, so the class is still needed: pass it with "
    "custom_objects={\"Standardize\": Standardize}."
)
REGISTERED_ADVICE = (
    "@keras.saving.register_keras_serializable() registers your class as \"Custom>Standardize\" (its "
    "package, then its name). The team saved these files before anyone registered the class, so they name "
    "it \"Standardize\", and Keras looks a class up by exactly that name. Registration is the fix for files "
    "saved after registering; for these, give the stored name: custom_objects={\"Standardize\": Standardize}."
)
DEFINED_ADVICE = (
    "Your file has the class, but load_model() does not look for classes in your module, or in any module "
    "the file names: only among registered classes and the custom_objects it is given. "
)
NOT_FOUND_ADVICE = (
    "The file stores the layer as the class name 'Standardize' and its config, never its code. Put the "
    "team's class in your file and pass it under that name: keras.models.load_model(model_path, "
    "custom_objects={\"Standardize\": Standardize})."
)
KWARGS_ADVICE = (
    "load_model() rebuilds the layer as Standardize(**config), and the config holds name, trainable and "
    "dtype beside mean and std. Your __init__ does not accept them. Keep the team's signature: "
    "def __init__(self, mean, std, **kwargs), passing **kwargs on to super().__init__()."
)
