"""The layer and model class names Keras itself defines, in both generations.

"Unknown layer: Functional" or "Unknown layer: DepthwiseConv2D" names one of Keras's own classes, not
a user's custom layer: the file was written by another Keras version than the one reading it. (Metric
names are left out: F1Score is Keras's own since 2.13, and many users' own before that.)
The matcher tells the two apart without importing TensorFlow, so the names are kept in
keras_classes.json; `python -m scenarios.machinery.keras_classes` rewrites it from the installed
versions, and a test checks that they still agree.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

STORED = Path(__file__).with_suffix(".json")


@lru_cache(maxsize=1)  # read once per process: the matcher asks on every text
def _stored() -> dict:
    return json.loads(STORED.read_text())


def names() -> frozenset[str]:
    return frozenset(_stored()["names"])


def tf_keras_only() -> frozenset[str]:
    """The classes tf.keras 2 writes into files and Keras 3 does not have (TFOpLambda, CuDNNLSTM)."""
    return frozenset(_stored()["tf_keras_only"])


def installed() -> dict:
    """The layer and model class names of the installed Keras 3 and tf.keras 2, with their versions
    (imports TensorFlow)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import tf_keras
    from keras.src.models.functional import Functional
    from tf_keras.src.engine.functional import Functional as LegacyFunctional

    from tf_keras.src.layers import serialization as legacy_serialization

    def public(package) -> set[str]:
        return {name for module in ("layers", "models") for name in dir(getattr(package, module))
                if name[:1].isupper() and isinstance(getattr(getattr(package, module), name), type)}

    keras3 = public(keras) | {Functional.__name__}
    # And the names tf.keras 2 still reads for its own layers from older files: TF 1.13's
    # BatchNormalizationV1, CuDNNLSTM, TFOpLambda.
    legacy_serialization.populate_deserializable_objects()
    keras2 = public(tf_keras) | {LegacyFunctional.__name__} | {
        name for name, cls in legacy_serialization.LOCAL.ALL_OBJECTS.items() if name[:1].isupper() and isinstance(cls, type)}
    return {"keras": keras.__version__, "tf_keras": tf_keras.__version__, "names": sorted(keras3 | keras2),
            # A file that names one of these was written by tf.keras 2 (or older): Keras 3 has no such class.
            "tf_keras_only": sorted(keras2 - keras3)}


if __name__ == "__main__":
    STORED.write_text(json.dumps(installed(), indent=0) + "\n")
