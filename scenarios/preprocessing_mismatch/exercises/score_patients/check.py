"""Exercise 3: score_patients (preprocessing_mismatch): the exercise's metadata and hints, and the behavioural check of the learner's function."""

from __future__ import annotations

import numpy as np

from scenarios.machinery.exercises.catalog import Exercise
from scenarios.machinery.exercises.checks import UNSAFE_ADVICE, accuracy, as_predictions, failed, matches, own_predictions, passed, standardized_on_itself, unsafe_loading

EXERCISE = Exercise(
    number=3,
    title="A model trained on standardized features, served raw ones",
    function="score_patients",
    hints=(
        "Nothing raises here, so compare: the model was trained on `StandardScaler().fit(x_train)` "
        "output, features with mean 0 and spread 1. What does it receive now?",
        "The training run saved the fitted scaler's state next to the model: `scaler.json` holds "
        "`mean` and `scale`. Standardizing is `(rows - mean) / scale`.",
        "Do not fit a new scaler on `raw_rows`: its mean and scale would be those of the request, "
        "so a patient's score would depend on who else is in the batch, and a single row would "
        "become all zeros. Alternatively, `model_with_normalization.keras` in the same folder "
        "carries the scaling inside the model and takes raw rows as they are.",
    ),
)


def check(trial) -> dict:
    import keras

    unsafe = unsafe_loading(trial.source)
    request, oracle, labels = trial.probe["request"], trial.probe["oracle"], trial.probe["labels"]
    model_dir = str(trial.artifacts)
    expected = f"probabilities of shape {oracle.shape}, the same as the trained model gave (np.allclose)"
    call = f"score_patients(model_dir, raw_rows)  # raw_rows: {len(request)} held-back patients, shape {request.shape}"
    if unsafe:
        return failed(unsafe, "the fix loads state through an unsafe route", call=call, expected=expected,
                      got=f"code using {'safe_mode=False' if unsafe == 'safe_mode' else 'pickle/joblib'}",
                      advice=UNSAFE_ADVICE[unsafe])

    array, failure = as_predictions(trial, trial.call(model_dir, request), oracle, call, expected)
    if failure:
        return failure
    model_accuracy = accuracy("binary", oracle, labels)
    if not matches(array, oracle):
        model = keras.models.load_model(trial.path("model.keras"))
        got_accuracy = accuracy("binary", array, labels)
        got = (f"predictions up to {np.max(np.abs(array - oracle)):.3g} away from the model's; accuracy "
               f"{got_accuracy:.2f} against the model's {model_accuracy:.2f}")
        if matches(array, own_predictions(model, request)):
            return failed(
                "no_scaling", "the model received raw features", call=call, expected=expected, got=got,
                advice=("Nothing raised, and the answers are still wrong: the network was trained on "
                        "standardized rows. Reapply the training scaler's mean and scale (scaler.json)."),
            )
        # Scaling fitted on the request (a StandardScaler, a MinMaxScaler, any statistic of the rows):
        # the first patient scored alone gets a different answer than inside the full request.
        alone = trial.call(model_dir, request[:1])
        batch_dependent = alone.raised is None and np.shape(alone.value) == oracle[:1].shape and not matches(
            np.asarray(alone.value, dtype="float64"), array[:1]
        )
        if batch_dependent:
            got += (f"; the first patient scored {array[0, 0]:.3f} in the full request and "
                    f"{np.asarray(alone.value).flat[0]:.3f} alone")
        if batch_dependent or matches(array, own_predictions(model, standardized_on_itself(request))):
            return refitted(call, expected, got)
        return failed("wrong_values", "wrong predictions", call=call, expected=expected, got=got,
                      advice="Scale each feature exactly as in training: (rows - mean) / scale, from scaler.json.")

    # Right on the whole request. Does a patient's score depend on who else is in the request?
    # Scored alone, the first patient must get what they got in the full request.
    one_call = f"score_patients(model_dir, raw_rows[:1])  # a single patient, shape {request[:1].shape}"
    one_expected = f"the probability this patient got in the full request, [[{oracle[0, 0]:.3f}]]"
    one, failure = as_predictions(trial, trial.call(model_dir, request[:1]), oracle[:1], one_call, one_expected)
    if failure:
        return failure
    if not matches(one, oracle[:1]):
        return refitted(one_call, one_expected, f"[[{one[0, 0]:.3f}]]")
    return passed(
        f"{len(request)} held-back patients get the trained model's probabilities (max |difference| "
        f"{np.max(np.abs(array - oracle)):.1e}, accuracy {model_accuracy:.2f}), alone or in any company"
    )


def refitted(call: str, expected: str, got: str) -> dict:
    return failed(
        "refit_on_request", "the scaling depends on the request: a scaler fitted on the rows being scored",
        call=call, expected=expected, got=got,
        advice=("Fitting a scaler (or computing mean and spread) on the incoming rows uses the request's "
                "statistics instead of the training data's: a patient's score changes with the company "
                "it keeps, and a single row becomes all zeros. Use the mean and scale fitted at training "
                "time (scaler.json), or the model with the Normalization layer inside."),
    )
