"""The upgrade: Keras 3 takes over the tf.keras 2 classifier and saves it in its own words.

Run by train.py as `python -m scenarios.keras2_files.written_by_keras3 WORKDIR` in a process of its
own with TF_USE_LEGACY_KERAS=0, after written_by_tf_keras2.py. It rebuilds the architecture from
code, reads the weights from tf.keras 2's model.h5, checks that the rebuilt model predicts what
the original did, and saves model_keras3.keras and model_keras3.h5: the files an old server still
on tf.keras 2 will be handed next.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np


def main(workdir: Path) -> None:
    import keras

    from scenarios.keras2_files import architecture
    from scenarios.keras2_files.written_by_tf_keras2 import ORACLE
    from scenarios.machinery import models

    assert keras.__version__.startswith("3."), f"expected Keras 3, got {keras.__version__}"
    upgraded = architecture.depthwise_net()
    upgraded.load_weights(workdir / "model.h5")
    with np.load(workdir / ORACLE) as original:
        predictions = upgraded.predict(original["images"], verbose=0)
        if not np.allclose(predictions, original["oracle"], rtol=1e-5, atol=1e-6):
            raise RuntimeError("the rebuilt Keras 3 model does not predict what tf.keras 2's did")
    models.save_every_format(upgraded, workdir, stem="model_keras3")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
