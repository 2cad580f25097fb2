"""Real data that ships with scikit-learn, split the same way every time. No downloads.

Each loader returns a Split of float32 features and integer (or float) labels. The test part is
held back from training; scenarios probe saved models with it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn import datasets
from sklearn.model_selection import train_test_split

SEED = 0
IMAGE_SIZE = 28


@dataclass(frozen=True)
class Split:
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def _split(x: np.ndarray, y: np.ndarray, stratify: bool) -> Split:
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.25, random_state=SEED, stratify=y if stratify else None
    )
    return Split(x_train, y_train, x_test, y_test)


def upscale(images: np.ndarray, size: int = IMAGE_SIZE) -> np.ndarray:
    """Bilinear resize of a stack of square images (n, h, h) to (n, size, size)."""
    height = images.shape[1]
    source = np.clip((np.arange(size) + 0.5) * height / size - 0.5, 0, height - 1)
    low = np.floor(source).astype(int)
    high = np.minimum(low + 1, height - 1)
    weight = source - low
    rows = images[:, low, :] * (1 - weight)[None, :, None] + images[:, high, :] * weight[None, :, None]
    return rows[:, :, low] * (1 - weight)[None, None, :] + rows[:, :, high] * weight[None, None, :]


def digit_images() -> Split:
    """scikit-learn's 1,797 handwritten 8×8 digits, upscaled to 28×28×1 in [0, 1]: the layout of
    the article's conv net."""
    digits = datasets.load_digits()
    images = upscale(digits.images / 16.0).astype("float32")[..., np.newaxis]
    return _split(images, digits.target, stratify=True)


def breast_cancer() -> Split:
    """569 tumours, 30 measurements whose scales differ by orders of magnitude (areas in the
    hundreds, smoothness around 0.1): exactly what a StandardScaler is for."""
    x, y = datasets.load_breast_cancer(return_X_y=True)
    return _split(x.astype("float32"), y, stratify=True)


def diabetes() -> Split:
    """442 patients, 10 features (the article's regressor input width); the target, disease
    progression after one year, is divided by 100 so that a tiny network trains in a few steps."""
    x, y = datasets.load_diabetes(return_X_y=True)
    return _split(x.astype("float32"), (y / 100.0).astype("float32"), stratify=False)


def digit_rows() -> Split:
    """The same digits as flat rows of 64 raw pixel intensities, 0 to 16, as a form or CSV has them."""
    digits = datasets.load_digits()
    return _split(digits.data.astype("float32"), digits.target, stratify=True)
