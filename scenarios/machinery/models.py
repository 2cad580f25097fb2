"""The source article's three models, on Keras 3 (an explicit Input replaces `input_shape=`)."""

from __future__ import annotations

import keras


def conv_classifier(input_shape=(28, 28, 1), classes: int = 10) -> keras.Model:
    """Conv2D(32, 3×3, relu) → Flatten → Dense. The article used one sigmoid unit on random labels;
    real digits have ten classes, so the head is a 10-way softmax."""
    return keras.Sequential(
        [
            keras.Input(input_shape),
            keras.layers.Conv2D(32, (3, 3), activation="relu"),
            keras.layers.Flatten(),
            keras.layers.Dense(classes, activation="softmax"),
        ],
        name="conv_classifier",
    )


def dense_classifier(features: int) -> keras.Model:
    """Dense(10, relu) → Dense(1, sigmoid): the article's model behind a StandardScaler."""
    return keras.Sequential(
        [
            keras.Input((features,)),
            keras.layers.Dense(10, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ],
        name="dense_classifier",
    )


def dense_regressor(features: int = 10) -> keras.Model:
    """Dense(10, relu) → Dense(1, linear): the article's model compiled with a custom loss."""
    return keras.Sequential(
        [
            keras.Input((features,)),
            keras.layers.Dense(10, activation="relu"),
            keras.layers.Dense(1, activation="linear"),
        ],
        name="dense_regressor",
    )


def save_every_format(model: keras.Model, workdir, stem: str = "model") -> None:
    """Save `stem.keras`, then the legacy `stem.h5`.

    The order matters on Keras 3.15.1: saving to .h5 mutates the live model's compile config (its
    optimizer entry is popped), so a .keras saved afterwards would reload with the wrong optimizer.
    """
    from scenarios.machinery.artifacts import FORMATS, model_path

    for fmt in FORMATS:
        model.save(model_path(workdir, stem, fmt))


from scenarios.machinery.declare import EVIDENCE  # noqa: E402  (plain data, no TensorFlow)


def tampered_lambda(scale: float = 1.0) -> keras.layers.Lambda:
    """A Lambda that multiplies by `scale`, as an honest one would, and also runs its author's code:
    here only writing EVIDENCE. Building a model with it runs it once; see built_without_evidence."""
    return keras.layers.Lambda(
        lambda x: (
            __import__("pathlib").Path(__import__("os").environ.get("SCENARIOS_EVIDENCE_DIR", "."),
                                       "code-from-the-model-file.txt").write_text("ran"),
            x * scale,
        )[1]
    )


def built_without_evidence(workdir, build):
    """Call `build()` (which runs a tampered Lambda once) where its evidence can be cleaned up."""
    import contextlib
    import os
    from pathlib import Path

    saved = os.environ.pop("SCENARIOS_EVIDENCE_DIR", None)
    try:
        with contextlib.chdir(workdir):
            model = build()
            Path(EVIDENCE).unlink(missing_ok=True)
    finally:
        if saved is not None:
            os.environ["SCENARIOS_EVIDENCE_DIR"] = saved
    return model
