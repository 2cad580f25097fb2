"""The behavioural checks, one per exercise. They run inside the fresh trial process.

A check calls the learner's function on held-back data and compares what comes back with the
original (in-memory) model's predictions, the oracle, with np.allclose. It never looks for a
particular way of writing the fix, so every correct approach passes. When the answer is wrong, the
check works out *which* wrong answer it is, by comparing it with what the usual wrong fixes
produce (a transposed image, raw features, a scaler fitted on the request...), and names that
mistake. Only fixes that cannot be told apart by behaviour (pickle, safe_mode=False) are found by
reading the source.

Each check returns a result dict: passed, mistake (a short id, "ok" when passed), summary, and for
failures call / expected / got / advice, phrased for the learner.
"""

from __future__ import annotations

import ast
import re

import numpy as np

# Probabilities in [0, 1]: float32 vs float64 statistics (a Normalization layer against the
# StandardScaler) differ by about 1e-6; every wrong fix here is off by more than 0.01.
RTOL, ATOL = 1e-5, 1e-5


def passed(summary: str) -> dict:
    return {"passed": True, "mistake": "ok", "summary": summary}


def failed(mistake: str, summary: str, *, call: str = "", expected: str = "", got: str = "", advice: str = "") -> dict:
    return {"passed": False, "mistake": mistake, "summary": summary, "call": call, "expected": expected,
            "got": got, "advice": advice}


def raised_text(raised: dict) -> str:
    text = f"{raised['type']}: {raised['message']}"
    # Only a line of the learner's own code is worth pointing at, never one inside Keras.
    if raised.get("own", True):
        text += f"\nraised at {raised['file']} line {raised['lineno']}: {raised['line']}"
    return text


def shape_of(value) -> str:
    return str(tuple(np.shape(value)))


def catches_exceptions(source: str) -> bool:
    """Does this code contain a try/except? Used only to aim a message, never to fail a check."""
    try:
        return any(isinstance(node, ast.Try) for node in ast.walk(ast.parse(source)))
    except SyntaxError:
        return False


def unsafe_loading(source: str) -> str | None:
    """Loading routes that make a failure go away by trusting the file: found by reading the code,
    because they can behave exactly like a correct fix."""
    if re.search(r"safe_mode\s*=\s*False|enable_unsafe_deserialization", source):
        return "safe_mode"
    if re.search(r"^\s*(import|from)\s+(pickle|cPickle|dill|cloudpickle|joblib)\b|\bpickle\.|\bjoblib\.", source, re.M):
        return "pickle"
    return None


UNSAFE_ADVICE = {
    "safe_mode": (
        "safe_mode=False (or enable_unsafe_deserialization) turns off the check that stops a model file "
        "from running arbitrary Python code when it is loaded. It only concerns Python lambdas stored in "
        "the file; it is never the fix for a missing custom object or a preprocessing step. Remove it."
    ),
    "pickle": (
        "pickle/joblib files run code when they are loaded, so they are only safe from a source you "
        "trust, and they tie you to the exact library versions that wrote them. The state you need is "
        "plain numbers or a plain function: read it from the JSON or the model file instead."
    ),
}


def as_predictions(trial, called, oracle: np.ndarray, call: str, expected: str):
    """Turn one call's outcome into a float array of the oracle's shape, or a failure result."""
    if called.raised:
        return None, failed("raised", "your function raised an exception", call=call, expected=expected,
                            got=raised_text(called.raised))
    value = called.value
    silenced = catches_exceptions(trial.function_source())
    if value is None:
        return None, failed(
            "silenced" if silenced else "returned_none", "your function returned None", call=call, expected=expected,
            got="None",
            advice=("A try/except that swallows the error hides the bug from the caller instead of fixing it: "
                    "let errors propagate, and fix what caused them." if silenced else
                    "Did you forget the `return`?"),
        )
    try:
        array = np.asarray(value, dtype="float64")
    except (TypeError, ValueError):
        return None, failed("not_an_array", "your function did not return numbers", call=call, expected=expected,
                            got=f"a {type(value).__name__}")
    if oracle.shape[-1:] > (1,) and array.shape == oracle.shape[:-1] and np.array_equal(array, oracle.argmax(-1)):
        return None, failed(
            "returned_labels", "class labels instead of probabilities", call=call, expected=expected,
            got=f"the predicted classes, shape {array.shape} (they are right)",
            advice="Return what predict() gives, the probability of every class; the caller decides what to do "
                   "with them (argmax, a threshold, a confidence check).",
        )
    if array.shape != oracle.shape:
        return None, failed("wrong_shape", f"predictions of shape {array.shape}, expected {oracle.shape}",
                            call=call, expected=expected, got=f"an array of shape {array.shape}")
    if silenced and array.size > 1 and np.ptp(array) < 1e-9:
        return None, failed(
            "silenced", "every prediction is the same number", call=call, expected=expected,
            got=f"{array.size} copies of {array.flat[0]:.4g}",
            advice="A try/except that returns a placeholder (zeros) hides the error instead of fixing it: "
                   "let errors propagate, and fix what caused them.",
        )
    return array, None


def matches(array: np.ndarray, reference: np.ndarray) -> bool:
    return array.shape == reference.shape and bool(np.allclose(array, reference, rtol=RTOL, atol=ATOL))


def own_predictions(model, x) -> np.ndarray:
    """The checker's own predictions for a wrong input. A direct call skips the function tracing
    predict() does on first use; the numbers are the same."""
    return np.asarray(model(np.asarray(x, dtype="float32"), training=False), dtype="float64")


def standardized_on_itself(rows: np.ndarray) -> np.ndarray:
    """What StandardScaler().fit_transform(rows) gives (population spread; constant columns kept
    at scale 1), without importing scikit-learn into the check."""
    spread = rows.std(axis=0)
    return (rows - rows.mean(axis=0)) / np.where(spread > 0, spread, 1.0)


def accuracy(task: str, predictions: np.ndarray, labels: np.ndarray) -> float:
    from scenarios.verdict import quality

    return quality(task, predictions, labels)


# --- Exercise 1: predict_digits (shape_mismatch) ---------------------------------------------------


def check_predict_digits(trial) -> dict:
    import keras

    request, oracle, labels = trial.probe["request"], trial.probe["oracle"], trial.probe["labels"]
    model_path = trial.path("model.keras")
    expected = f"class probabilities of shape {oracle.shape}, the same as the trained model gave (np.allclose)"
    call = f"predict_digits(model_path, flat_pixels)  # flat_pixels: {len(request)} held-back images, shape {request.shape}"

    array, failure = as_predictions(trial, trial.call(model_path, request), oracle, call, expected)
    if failure:
        if failure["mistake"] == "raised" and re.search(r"incompatible shape|Negative dimension|expected (min_)?ndim", failure["got"]):
            failure["advice"] = ("The model still receives a layout it was not trained on. It was trained on "
                                 "batches of shape (n, 28, 28, 1); the request holds rows of shape (n, 784).")
        return failure
    if not matches(array, oracle):
        model = keras.models.load_model(model_path)
        images = request.reshape(-1, 28, 28, 1)
        transposed = own_predictions(model, images.transpose(0, 2, 1, 3))
        task_accuracy, own_accuracy = accuracy("multiclass", array, labels), accuracy("multiclass", oracle, labels)
        if matches(array, transposed):
            return failed(
                "wrong_order", "right shape, wrong pixels: every image arrives transposed", call=call,
                expected=expected,
                got=f"predictions for the transposed images (accuracy {task_accuracy:.2f}, the model's own {own_accuracy:.2f})",
                advice=("Each row holds the image row after row (numpy's default C order). Reshaping with "
                        "order='F', or transposing, gives the right shape but swaps rows and columns. "
                        "Reshape in C order: flat_pixels.reshape(-1, 28, 28, 1)."),
            )
        return failed(
            "wrong_values", "right shape, wrong predictions", call=call, expected=expected,
            got=(f"predictions up to {np.max(np.abs(array - oracle)):.3g} away from the model's; accuracy "
                 f"{task_accuracy:.2f} against the model's {own_accuracy:.2f}"),
            advice="The images must reach the model exactly as in training: same pixel order, same values.",
        )

    one_call = "predict_digits(model_path, flat_pixels[:1])  # a request of a single row, shape (1, 784)"
    one_expected = f"probabilities of shape {oracle[:1].shape}, the same as for that row in the full request"
    one, failure = as_predictions(trial, trial.call(model_path, request[:1]), oracle[:1], one_call, one_expected)
    if failure:
        failure["summary"] = "the full request works, but a single row does not: " + failure["summary"]
        failure["advice"] = failure["advice"] or "Let the batch size follow the request, e.g. reshape(-1, 28, 28, 1)."
        return failure
    if not matches(one, oracle[:1]):
        return failed("wrong_values", "a single row gets different predictions", call=one_call,
                      expected=one_expected, got=f"up to {np.max(np.abs(one - oracle[:1])):.3g} away")
    return passed(
        f"{len(request)} held-back images and a single-row request give the trained model's probabilities "
        f"(max |difference| {np.max(np.abs(array - oracle)):.1e})"
    )


# --- Exercise 2: predict_one_digit (shape_mismatch, the missing batch axis) ------------------------


def check_predict_one_digit(trial) -> dict:
    import keras

    request, oracle = trial.probe["request"], trial.probe["oracle"]
    model_path = trial.path("model.keras")
    # Three held-back images, one at a time, each in the (28, 28, 1) layout the model was trained on.
    for index in (0, 7, 42):
        image, reference = request[index].reshape(28, 28, 1), oracle[index]
        call = f"predict_one_digit(model_path, image)  # held-back image #{index}, shape {image.shape}"
        expected = f"the probabilities for that one image, shape {reference.shape}, as the trained model gave them"
        called = trial.call(model_path, image)
        value = None if called.raised else called.value
        if value is not None and np.shape(value) == (1, *reference.shape) and matches(
            np.asarray(value, dtype="float64")[0], reference
        ):
            return failed(
                "batch_kept", "right numbers, but still wrapped in a batch of one", call=call, expected=expected,
                got=f"an array of shape {np.shape(value)}",
                advice="predict() answers with a batch, like its input: return the first (only) row, shape (10,).",
            )
        array, failure = as_predictions(trial, called, reference, call, expected)
        if failure:
            if failure["mistake"] == "raised" and re.search(r"Negative dimension|incompatible shape|ndim", failure["got"]):
                failure["advice"] = (
                    "predict() takes a batch of images. Given one (28, 28, 1) image, Keras 3 adds a trailing "
                    "axis, (28, 28, 1, 1), and reads it as 28 images of 28×1 pixels: hence the error. Add "
                    "the batch axis at the front: (1, 28, 28, 1)."
                )
            return failure
        if not matches(array, reference):
            model = keras.models.load_model(model_path)
            transposed = own_predictions(model, image.transpose(1, 0, 2)[np.newaxis])[0]
            if matches(array, transposed):
                return failed("wrong_order", "right shape, wrong pixels: the image arrives transposed", call=call,
                              expected=expected, got="the model's probabilities for the transposed image",
                              advice="The image already has the right layout; only the batch axis is missing. "
                                     "Add it in front, without reordering anything.")
            return failed("wrong_values", "right shape, wrong probabilities", call=call, expected=expected,
                          got=f"probabilities up to {np.max(np.abs(array - reference)):.3g} away from the model's")
    return passed("three held-back images, one at a time, each get the trained model's probabilities")


# --- Exercise 3: score_patients (preprocessing_mismatch) -------------------------------------------


def check_score_patients(trial) -> dict:
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


# --- Exercise 4: load_for_evaluation (custom_objects) ---------------------------------------------


def check_load_for_evaluation(trial) -> dict:
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
            from scenarios.exercises.trial import describe_error

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


CHECKS = {
    "predict_digits": check_predict_digits,
    "predict_one_digit": check_predict_one_digit,
    "score_patients": check_score_patients,
    "load_for_evaluation": check_load_for_evaluation,
}
