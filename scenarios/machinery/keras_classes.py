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
def names() -> frozenset[str]:
    return frozenset(json.loads(STORED.read_text())["names"])


def installed() -> dict:
    """The layer and model class names of the installed Keras 3 and tf.keras 2, with their versions
    (imports TensorFlow)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import tf_keras
    from keras.src.models.functional import Functional
    from tf_keras.src.engine.functional import Functional as LegacyFunctional

    from tf_keras.src.layers import serialization as legacy_serialization

    found = {Functional.__name__, LegacyFunctional.__name__}
    for package in (keras, tf_keras):
        for module in ("layers", "models"):
            namespace = getattr(package, module)
            found |= {name for name in dir(namespace)
                      if name[:1].isupper() and isinstance(getattr(namespace, name), type)}
    # And the names tf.keras 2 still reads for its own layers from older files: TF 1.13's
    # BatchNormalizationV1, CuDNNLSTM, TFOpLambda.
    legacy_serialization.populate_deserializable_objects()
    found |= {name for name, cls in legacy_serialization.LOCAL.ALL_OBJECTS.items()
              if name[:1].isupper() and isinstance(cls, type)}
    return {"keras": keras.__version__, "tf_keras": tf_keras.__version__, "names": sorted(found)}


if __name__ == "__main__":
    STORED.write_text(json.dumps(installed(), indent=0) + "\n")
