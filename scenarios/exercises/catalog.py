"""The exercises: which scenario each one belongs to, the function the learner completes, the hints.

Plain data, like the scenario declarations: the CLI can list exercises and show hints without
importing TensorFlow. The stub a learner edits is stubs/<file>, the reference solution is
solutions/<file>, and the behavioural check is checks.CHECKS[name] (run in a fresh process).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Exercise:
    number: int
    name: str
    scenario: str
    title: str
    # The function the learner completes and the checker calls.
    function: str
    hints: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"{self.number:02d}_{self.name}.py"

    @property
    def notebook(self) -> str:
        return f"{self.number:02d}_{self.name}.ipynb"

    def stub(self) -> str:
        return (HERE / "stubs" / self.filename).read_text()

    def solution(self) -> str:
        return (HERE / "solutions" / self.filename).read_text()


EXERCISES = (
    Exercise(
        number=1,
        name="predict_digits",
        scenario="shape_mismatch",
        title="A conv net served flat rows of pixels",
        function="predict_digits",
        hints=(
            "Print `model.input_shape` and `flat_pixels.shape`. The first axis is the batch; the model "
            "wants each image as 28 rows of 28 pixels with one channel.",
            "`flat_pixels.reshape(-1, 28, 28, 1)` restores the layout. The flat rows were made with "
            "numpy's default (C) order, row after row, so reshape back in that same order: no "
            "`order='F'`, no transpose.",
            "Make it work for a request of a single row too: a shape of (1, 784) must give (1, 10). "
            "`-1` in reshape lets numpy work out the batch size.",
        ),
    ),
    Exercise(
        number=2,
        name="predict_one_digit",
        scenario="shape_mismatch",
        title="One image sent without its batch axis",
        function="predict_one_digit",
        hints=(
            "The error talks about negative dimensions, but the cause is the batch axis. Print "
            "`model.input_shape`: (None, 28, 28, 1). The first axis is the batch, and `image` has none.",
            "Make the image a batch of one: `image[np.newaxis]`, `np.expand_dims(image, 0)` or "
            "`image.reshape(1, 28, 28, 1)`. Not `image[..., np.newaxis]`: a new axis at the end is what "
            "Keras already did, and what broke.",
            "predict() answers with a batch too, shape (1, 10). Return the probabilities of the one image: "
            "shape (10,).",
        ),
    ),
    Exercise(
        number=3,
        name="score_patients",
        scenario="preprocessing_mismatch",
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
    ),
    Exercise(
        number=4,
        name="load_for_evaluation",
        scenario="custom_objects",
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
    ),
)


def names() -> list[str]:
    return [exercise.name for exercise in EXERCISES]


def get(name: str) -> Exercise:
    """Look an exercise up by its name, its number ("1", "01") or its file name."""
    for exercise in EXERCISES:
        if name in (exercise.name, exercise.filename, exercise.filename[:-3], str(exercise.number),
                    f"{exercise.number:02d}"):
            return exercise
    raise KeyError(name)
