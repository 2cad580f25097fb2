"""Exercise 4: load_for_evaluation (custom_objects): the exercise's metadata and hints, and the behavioural check of the learner's function."""

from __future__ import annotations

import re

import numpy as np

from scenarios.machinery.exercises.catalog import Exercise
from scenarios.machinery.exercises.checks import (
    UNSAFE_ADVICE,
    catches_exceptions,
    failed,
    matches,
    passed,
    raised_text,
    unsafe_loading,
)

EXERCISE = Exercise(
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


def check(trial) -> dict:
    import keras

    x, y, oracle = trial.probe["request"], trial.probe["labels"], trial.probe["oracle"]
    # What evaluate() must report: the training loss (mean squared error) of the trained model.
    expected_loss = float(np.mean((oracle.reshape(-1).astype("float64") - y) ** 2))
    expected = (f"a compiled model: predictions np.allclose to the trained model's, and "
                f"evaluate(x, y) reporting the training loss, {expected_loss:.4f}")
    unsafe = unsafe_loading(trial.source)
    if unsafe:
        return failed(unsafe, "the fix loads the model through an unsafe route",
                      call="load_for_evaluation(model_path)", expected=expected,
                      got=f"code using {'safe_mode=False' if unsafe == 'safe_mode' else 'pickle/joblib'}",
                      advice=UNSAFE_ADVICE[unsafe])
    losses = []
    for file_name in ("model.keras", "model.h5"):
        call = f'load_for_evaluation(".../{file_name}")'
        called = trial.call(trial.path(file_name))
        if called.raised:
            advice = ""
            if re.search(r"Could not locate function|string indices must be integers|Unknown loss", called.raised["message"]):
                advice = ("load_model() compiles the model by default, so it must turn the loss name stored in "
                          "the file back into a function; this process never defined one called custom_loss."
                          + (" On .h5, Keras 3 reports that as 'string indices must be integers'."
                             if file_name.endswith("h5") else ""))
            return failed("raised", f"loading {file_name} raised an exception", call=call, expected=expected,
                          got=raised_text(called.raised), advice=advice)
        model = called.value
        if model is None:
            silenced = catches_exceptions(trial.function_source())
            return failed("silenced" if silenced else "returned_none", "your function returned None", call=call,
                          expected=expected, got="None",
                          advice=("A try/except that swallows the load error hides it instead of fixing it."
                                  if silenced else "Did you forget the `return`?"))
        if not isinstance(model, keras.Model):
            return failed("not_a_model", "your function did not return a Keras model", call=call,
                          expected=expected, got=f"a {type(model).__name__}")
        evaluate_call = f"{call}.evaluate(x, y)  # {len(x)} held-back patients"
        try:
            result = model.evaluate(x, y, batch_size=len(x), verbose=0, return_dict=True)
        except Exception as error:
            from scenarios.machinery.exercises.trial import describe_error

            raised = describe_error(error, str(trial.source_file))
            if "compile()" in raised["message"]:
                return failed(
                    "not_compiled", "the model loads, but cannot evaluate: it was never compiled",
                    call=evaluate_call, expected=expected, got=raised_text(raised),
                    advice=("compile=False makes the load pass by skipping the loss, which is fine for "
                            "prediction only. Evaluation and further training need it: pass the loss "
                            "to load_model (custom_objects), or compile the model with it."),
                )
            return failed("raised", "evaluate() on your model raised an exception", call=evaluate_call,
                          expected=expected, got=raised_text(raised))
        loss = float(result["loss"])
        predictions = model.predict(x, verbose=0)
        if not matches(np.asarray(predictions, dtype="float64"), oracle):
            return failed("wrong_weights", f"the model from {file_name} predicts differently from the trained one",
                          call=f"{call}.predict(x)", expected=expected,
                          got=f"predictions up to {np.max(np.abs(predictions - oracle)):.3g} away",
                          advice="Load the saved file itself; a rebuilt or re-trained model has other weights.")
        if not np.isclose(loss, expected_loss, rtol=1e-4, atol=1e-6):
            return failed(
                "wrong_loss", "evaluate() reports a different loss from the one the model was trained with",
                call=evaluate_call, expected=expected, got=f"a loss of {loss:.4f}",
                advice=("Keras only matches the loss by name: the function you give for custom_loss must "
                        "compute what training computed, the mean of the squared differences."),
            )
        losses.append(loss)
    return passed(
        f"model.keras and model.h5 load in a fresh process, predict as the trained model did, and evaluate "
        f"to its training loss ({losses[0]:.4f})"
    )
