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

# Sized for a phone: a page shows a figure at its own width, or narrower when the column is (328 CSS
# px on a 360 px phone). At WIDTH inches (WIDTH * 96 px) that is a scale of 328 / 442 = 0.74, so text
# of FONT_PT points (FONT_PT * 4/3 px) stays above 9 px. Panels therefore stack, one row per case,
# instead of sitting side by side. Text stays text in the SVG (svg.fonttype "none"), not paths.
WIDTH, FONT_PT = 4.6, 10
plt.rcParams.update({"svg.hashsalt": "keras-load-scenarios", "svg.fonttype": "none", "font.size": FONT_PT,
                     "axes.titlesize": FONT_PT, "axes.labelsize": FONT_PT, "xtick.labelsize": FONT_PT,
                     "ytick.labelsize": FONT_PT, "legend.fontsize": FONT_PT, "figure.titlesize": FONT_PT,
                     "axes.spines.top": False, "axes.spines.right": False})
BROKEN, FIXED, ORIGINAL = "#c62828", "#2e7d32", "#546e7a"
TITLE_CHARS = 54  # a line of FONT_PT text across WIDTH inches


def probe(run: Run) -> dict:
    with np.load(run.workdir / PROBE) as data:
        return dict(data)


def predictions(run: Run, case_name: str) -> np.ndarray | None:
    path = run.workdir / "predictions" / f"{run.fmt}-{case_name}.npy"
    return np.load(path) if path.exists() else None


def binary_outcomes(run: Run):
    """One row per way of serving that returned predictions, under the original model's: its title,
    its accuracy beside the majority-class baseline (left), and each held-back row's predicted
    probability, by true class (right)."""
    data = probe(run)
    labels = data["labels"].reshape(-1)
    rows = [("The original model, in memory", data["oracle"], ORIGINAL, None)]
    for case in run.scenario.cases:
        got = predictions(run, case.name)
        if got is not None:
            rows.append((case.title, got, BROKEN if case.broken else FIXED, run.verdict(case.name).measured))
    baseline = run.verdicts[0].measured.get("baseline") or float(np.bincount(labels.astype(int)).max() / len(labels))
    accuracy = [m["quality"] if m else float(np.mean((p.reshape(-1) > 0.5) == labels)) for _, p, _, m in rows]

    fig, axes = plt.subplots(len(rows), 2, figsize=(WIDTH, 1.05 * len(rows) + 1.1), sharex="col",
                             gridspec_kw={"width_ratios": [1, 1.9]}, layout="constrained", squeeze=False)
    jitter = np.random.default_rng(0).uniform(-0.3, 0.3, len(labels))
    for (title, got, colour, _), value, (left, right) in zip(rows, accuracy, axes):
        left.set_title(textwrap.fill(title, TITLE_CHARS), loc="left", color=colour)
        left.barh(0, value, color=colour, height=0.7)
        left.text(value + 0.03, 0, f"{value:.3f}", va="center",
                  bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})  # over the baseline's line
        left.axvline(baseline, color="black", linestyle="--", linewidth=1,
                     label=f"always answering the majority class: {baseline:.3f}")
        left.set_xlim(0, 1.35)
        left.set_yticks([])
        left.set_ylim(-0.6, 0.6)
        left.spines["left"].set_visible(False)
        got = got.reshape(-1)
        for label, marker, dots in ((0, "o", "#1565c0"), (1, "^", "#ef6c00")):
            chosen = labels == label
            right.scatter(got[chosen], jitter[chosen], s=9, marker=marker, color=dots, alpha=0.6,
                          label=f"true class {label}")
        right.axvline(0.5, color="black", linewidth=0.8)
        right.set_xlim(-0.03, 1.03)
        right.set_yticks([])
        right.set_ylim(-0.6, 0.6)
        right.spines["left"].set_visible(False)
    bottom_left, bottom_right = axes[-1]
    bottom_left.set_xticks([0, 0.5, 1])
    bottom_left.set_xlabel("accuracy")
    bottom_right.set_xticks([0, 0.5, 1])
    bottom_right.set_xlabel("predicted probability of class 1\n(one point per held-back row)")
    handles, names = [], []
    for ax in (bottom_left, bottom_right):
        more = ax.get_legend_handles_labels()
        handles, names = handles + more[0], names + more[1]
    fig.legend(handles, names, loc="outside lower center", frameon=False)
    return fig


def input_layouts(run: Run, flat_case: str, single_case: str):
    """What the model was built for, then what the broken serving code sent it: the flattened rows,
    and one image without its batch axis."""
    data = probe(run)
    expected = tuple(run.trained["input_shape"][1:])
    request, one_image = data["request"], data["one_image"]
    image = request[0].reshape(expected)[..., 0]
    keras_saw = _shape_in_message(run.verdict(single_case).raised)

    fig = plt.figure(figsize=(WIDTH, 6.4), layout="constrained")
    grid = fig.add_gridspec(3, 2, width_ratios=[1, 1.6], height_ratios=[1, 1.25, 1])
    expects, flat, single = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[1, :]), fig.add_subplot(grid[2, 0])
    expects_text, single_text = fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[2, 1])

    expects.imshow(image, cmap="gray_r")
    _say(expects_text, f"The model expects\n(batch, {', '.join(map(str, expected))}):\nimages of "
                       f"{' × '.join(map(str, expected))}", FIXED)

    shown = request[:40]
    flat.imshow(shown, cmap="gray_r", aspect="auto", interpolation="nearest")
    flat.set_title(f"{run.verdict(flat_case).raised['file']} sends {tuple(request.shape)}", color=BROKEN, loc="left")
    flat.set_xlabel(f"{request.shape[1]} pixels per row:\neach image flattened into one row")
    flat.set_ylabel(f"first {len(shown)} of\n{request.shape[0]} images")

    single.imshow(one_image[..., 0], cmap="gray_r")
    for row in range(1, one_image.shape[0]):
        single.axhline(row - 0.5, color="white", linewidth=0.6)
    said = f"One image sent as\n{tuple(one_image.shape)}"
    if keras_saw:
        said += f"\nKeras reads {keras_saw}:\n{keras_saw[0]} images of {keras_saw[1]} × {keras_saw[2]}"
    _say(single_text, said, BROKEN)
    for ax in (expects, flat, single, expects_text, single_text):
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
    return fig


def _say(ax, text: str, colour: str) -> None:
    """Text in a panel of its own, beside the picture it describes."""
    ax.text(0.05, 0.5, text, color=colour, va="center", ha="left", transform=ax.transAxes)


def _shape_in_message(raised: dict | None) -> tuple[int, ...] | None:
    """The input shape TensorFlow reports in a convolution error ("input shapes: [28,28,1,1], ...")."""
    match = re.search(r"input shapes: \[([\d,\s]+)\]", (raised or {}).get("message", ""))
    return tuple(int(n) for n in match.group(1).split(",")) if match else None
