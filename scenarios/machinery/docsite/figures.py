"""Figures drawn from a run's own files: the probe it sent and the predictions it got back.

A run leaves, in its workdir, probe.npz (what serving code was sent, the true labels and the
original model's predictions) and predictions/<format>-<case>.npy for every case that returned
predictions. The pictures are made from those, never from numbers typed here.
"""

from __future__ import annotations

import re
import textwrap

import matplotlib

matplotlib.use("Agg")  # no display, no network: files only

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from scenarios.machinery.artifacts import PROBE  # noqa: E402
from scenarios.machinery.runner import Run  # noqa: E402

plt.rcParams.update({"svg.hashsalt": "keras-load-scenarios", "font.size": 9, "axes.spines.top": False,
                     "axes.spines.right": False})
BROKEN, FIXED, ORIGINAL = "#c62828", "#2e7d32", "#546e7a"


def probe(run: Run) -> dict:
    with np.load(run.workdir / PROBE) as data:
        return dict(data)


def predictions(run: Run, case_name: str) -> np.ndarray | None:
    path = run.workdir / "predictions" / f"{run.fmt}-{case_name}.npy"
    return np.load(path) if path.exists() else None


def binary_outcomes(run: Run):
    """Left: accuracy of every case that returned predictions, beside the original model and the
    majority-class baseline. Right: each held-back row's predicted probability, by true class."""
    data = probe(run)
    labels = data["labels"].reshape(-1)
    rows = [("The original model, in memory", data["oracle"], ORIGINAL, None)]
    for case in run.scenario.cases:
        got = predictions(run, case.name)
        if got is not None:
            rows.append((case.title, got, BROKEN if case.broken else FIXED, run.verdict(case.name).measured))
    baseline = run.verdicts[0].measured.get("baseline") or float(np.bincount(labels.astype(int)).max() / len(labels))

    fig, (left, right) = plt.subplots(
        1, 2, figsize=(8.5, 0.7 * len(rows) + 1.4), sharey=True, gridspec_kw={"width_ratios": [1, 1.5]}
    )
    y = np.arange(len(rows))
    accuracy = [m["quality"] if m else float(np.mean((p.reshape(-1) > 0.5) == labels)) for _, p, _, m in rows]
    left.barh(y, accuracy, color=[colour for _, _, colour, _ in rows], height=0.6)
    for i, value in enumerate(accuracy):
        left.text(value + 0.01, i, f"{value:.3f}", va="center")
    left.axvline(baseline, color="black", linestyle="--", linewidth=1)
    left.text(baseline, -0.62, f"always the majority class: {baseline:.3f}", ha="center", va="bottom", fontsize=8)
    left.set_xlim(0, 1.15)
    left.set_xlabel("accuracy on the held-back rows")
    left.set_yticks(y, [textwrap.fill(title, 30) for title, *_ in rows])
    left.set_ylim(len(rows) - 0.5, -0.9)  # top to bottom, with room above for the baseline's label

    jitter = np.random.default_rng(0).uniform(-0.22, 0.22, len(labels))
    for i, (_, p, _, _) in enumerate(rows):
        p = p.reshape(-1)
        for label, marker, colour in ((0, "o", "#1565c0"), (1, "^", "#ef6c00")):
            chosen = labels == label
            right.scatter(p[chosen], i + jitter[chosen], s=9, marker=marker, color=colour, alpha=0.6,
                          label=f"true class {label}" if i == 0 else None)
    right.axvline(0.5, color="black", linewidth=0.8)
    right.set_title("each point is one held-back row", fontsize=9)
    right.set_xlim(-0.03, 1.03)
    right.set_xlabel("predicted probability of class 1 (the decision threshold is 0.5)")
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def input_layouts(run: Run, flat_case: str, single_case: str):
    """What the model was built for beside what the broken serving code sent it."""
    data = probe(run)
    expected = tuple(run.trained["input_shape"][1:])
    request, one_image = data["request"], data["one_image"]
    image = request[0].reshape(expected)[..., 0]
    keras_saw = _shape_in_message(run.verdict(single_case).raised)

    fig, axes = plt.subplots(1, 3, figsize=(9, 3.3), gridspec_kw={"width_ratios": [1, 2.2, 1]})
    axes[0].imshow(image, cmap="gray_r")
    axes[0].set_title(f"The model expects\n(batch, {', '.join(map(str, expected))})", color=FIXED)
    axes[0].set_xlabel(f"one image: {' × '.join(map(str, expected))}")

    shown = request[:40]
    axes[1].imshow(shown, cmap="gray_r", aspect="auto", interpolation="nearest")
    axes[1].set_title(f"{run.verdict(flat_case).raised['file']} sends {tuple(request.shape)}", color=BROKEN)
    axes[1].set_xlabel(f"{request.shape[1]} pixels per row: each image flattened into one row")
    axes[1].set_ylabel(f"first {len(shown)} of {request.shape[0]} images")

    axes[2].imshow(one_image[..., 0], cmap="gray_r")
    for row in range(1, one_image.shape[0]):
        axes[2].axhline(row - 0.5, color="white", linewidth=0.6)
    title = f"One image sent as {tuple(one_image.shape)}"
    if keras_saw:
        title += f"\nKeras reads {keras_saw}:\n{keras_saw[0]} images of {keras_saw[1]} × {keras_saw[2]}"
    axes[2].set_title(title, color=BROKEN)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
    fig.tight_layout()
    return fig


def _shape_in_message(raised: dict | None) -> tuple[int, ...] | None:
    """The input shape TensorFlow reports in a convolution error ("input shapes: [28,28,1,1], ...")."""
    match = re.search(r"input shapes: \[([\d,\s]+)\]", (raised or {}).get("message", ""))
    return tuple(int(n) for n in match.group(1).split(",")) if match else None
