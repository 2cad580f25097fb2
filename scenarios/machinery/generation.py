"""The two Keras generations a scenario runs on, and the one shim between them.

"3" is the keras package, TensorFlow's default since 2.16. "2" is tf.keras 2, the tf_keras package,
which TensorFlow selects when TF_USE_LEGACY_KERAS=1; many users are still on it, and most error
texts people paste are its wording. A process runs one generation, chosen by that same variable.

Training and serving code says `import keras` and uses attributes (keras.layers.Dense, ...). In a
Keras 2 process, `use()` has put tf_keras under that name before any of it runs: exactly the module
that `from tensorflow import keras` gives a tf.keras 2 user. Nothing here imports TensorFlow.
"""

from __future__ import annotations

import importlib.util
import os
import sys

GENERATIONS = ("3", "2")
DEFAULT = "3"
_LEGACY = "TF_USE_LEGACY_KERAS"
# The distribution that provides each generation, for its version.
LIBRARY = {"3": "keras", "2": "tf_keras"}
# How a user of each generation imports it: what the pages show above the serving code.
IMPORT_LINE = {"3": "import keras", "2": "from tensorflow import keras  # tf.keras 2: TF_USE_LEGACY_KERAS=1"}


class Unavailable(Exception):
    """The generation asked for is not installed; the message says how to get it, in one line."""


def environment(generation: str) -> dict[str, str]:
    """The environment variables that make a fresh process run `generation`."""
    return {_LEGACY: "1" if generation == "2" else "0"}


def current() -> str:
    return "2" if os.environ.get(_LEGACY, "").lower() in ("1", "true", "yes") else "3"


def use(generation: str | None = None) -> None:
    """In a fresh process, before any Keras code: make `import keras` the generation's module."""
    if (generation or current()) == "2":
        import tf_keras

        sys.modules["keras"] = tf_keras


def check_available(generation: str) -> None:
    if generation not in GENERATIONS:
        raise Unavailable(f"unknown Keras generation {generation!r}; choose 2 or 3")
    if generation == "2" and importlib.util.find_spec("tf_keras") is None:
        raise Unavailable("--keras 2 needs the tf_keras package: pip install 'tf_keras>=2.21,<2.22' "
                          "(make install includes it)")


def name(generation: str, versions: dict | None = None) -> str:
    """How a reader knows the generation: "Keras 3.15.1" or "tf.keras 2.21.0"."""
    version = (versions or {}).get(LIBRARY[generation], "")
    return f"{'Keras' if generation == '3' else 'tf.keras'} {version}".strip()


def expand(choice: str) -> list[str]:
    """A --keras value (2, 3 or both) as the generations to run, Keras 3 first."""
    return list(GENERATIONS) if choice == "both" else [choice]
