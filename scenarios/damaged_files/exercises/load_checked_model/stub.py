"""Exercise 9 · load_checked_model: a model path that holds a Git LFS pointer, a download cut short, or a web page.

Your service loads its digit classifier from a path it is given. What the deployment put at that
path is not always the model: a clone without git-lfs leaves a Git LFS pointer (a short text file
naming the real file by its sha256), a download can stop half way, and a wrong link saves a web
page under the model's name. load_model() then fails with "File not found" (for a file that
exists) or "file signature not found", which says none of this.

The folder beside the model (models/damaged_files/ in your workspace) holds what fixes it:
  - the LFS store's objects, each named lfs-object-<sha256>, as `git lfs pull` would fetch them;
  - downloads.json: for each download, the origin it came from (relative to the folder) and its sha256;
  - the origin's copies themselves.

Your task: make `load_checked_model` return the model for an intact file, for an LFS pointer (load
the object it names) and for a download cut short (fetch it again and check its sha256), in both
formats (.keras and .h5). For a file that can be neither, raise an error that says what the file is.

    python 09_load_checked_model.py                              # try it on the files in models/
    python -m scenarios.exercises check load_checked_model       # is it right?
    python -m scenarios.exercises hint load_checked_model        # stuck? one hint at a time
"""

import keras


def load_checked_model(model_path):
    """The Keras model that `model_path` holds or names; an error saying what the file is otherwise."""
    # TODO: find out what the file is (its first bytes, its size) before load_model() reads it.
    return keras.models.load_model(model_path)


if __name__ == "__main__":
    from pathlib import Path

    import numpy as np

    models = Path(__file__).resolve().parent / "models" / "damaged_files"
    samples = np.load(models / "samples.npz")
    for name in ("model.keras", "model_lfs_pointer.keras", "model_truncated.h5", "model_html.h5"):
        try:
            predicted = load_checked_model(str(models / name)).predict(samples["request"], verbose=0).argmax(-1)
            print(f"{name}: predicted {predicted}, true {samples['labels']}")
        except Exception as error:
            print(f"{name}: {type(error).__name__}: {error}")
