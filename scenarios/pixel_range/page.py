# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the pixel_range page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every number and version on the page comes from the real run below.
import numpy as np

from scenarios.machinery.docsite import page

runs = page.run_scenario("pixel_range")


def served(fmt: str, case_name: str) -> np.ndarray:
    """The predictions the serving process returned for one case."""
    return np.load(runs[fmt].workdir / "predictions" / f"{fmt}-{case_name}.npy")


page.header(runs)  # last: a cell shows its last expression only


# %% [markdown]
# !!! warning "This failure raises nothing"
#
#     The model loads, predicts and returns probabilities of the right shape. Only measuring them
#     against known answers shows that they are wrong.
#
# ## What you see
#
# A small convolutional network reads handwritten digits from 8 × 8 images. The images are what
# an image decoder returns: `uint8` pixels from 0 to 255. The training script divided them by 255,
# in numpy, before calling `fit()`, as almost every tutorial does. The model is saved, and a
# separate serving program loads it and passes the decoded images on as they are.

# %%
page.symptom(runs, "raw_pixels_into_a_0_to_1_model")

# %% [markdown]
# The reverse happens as often: a model trained on the raw 0–255 values, served by a team whose
# image helper always divides by 255.

# %%
page.symptom(runs, "scaled_pixels_into_a_0_to_255_model")

# %%
# How many different classes each broken case predicted, and how many images changed class,
# counted from the predictions the serving processes returned.
probe = np.load(runs["keras"].workdir / "probe.npz")
oracles = {"raw_pixels_into_a_0_to_1_model": probe["oracle"],
           "scaled_pixels_into_a_0_to_255_model": probe["oracle_raw_model_request"]}
rows = ["| case | format | classes predicted | images whose class changed | the most frequent class, share |",
        "|---|---|---|---|---|"]
for name, oracle in oracles.items():
    for fmt in runs:
        classes = served(fmt, name).argmax(-1)
        changed = int(np.sum(classes != oracle.argmax(-1)))
        top = np.bincount(classes, minlength=10)
        rows.append(f"| [{name}](#{name}) | `.{fmt}` | {len(np.unique(classes))} of 10 | {changed} of {len(classes)} "
                    f"| {top.argmax()}, {top.max() / len(classes):.0%} |")
collapsed = served("keras", "scaled_pixels_into_a_0_to_255_model").argmax(-1)
assert len(np.unique(collapsed)) == 1, "the 0–255 model served / 255 no longer predicts a single class"
page.Markdown("\n".join(rows) + "\n")

# %% [markdown]
# The second case is the one people report as *"same prediction for all inputs"*: every image
# gets the same digit. Its accuracy is that digit's share of the held-back images, just under the
# share of the most frequent digit, which is what a model that learned nothing would score.
#
# ## Why it happens
#
# A saved `.keras` or `.h5` file holds the layers and their weights. The division by 255 was a
# line of numpy in the training script; nothing of it is in the file, and Keras cannot tell 0–1
# pixels from 0–255 pixels: both are numbers of the right shape.
#
# How much the wrong scale hurts depends on the network. Without normalization layers, a ReLU
# network multiplied by a constant mostly keeps its ranking of the classes and only its confidence
# changes. This network, like most image networks, has a `BatchNormalization` layer after its
# convolution. That layer stores the mean and spread of what it saw in training and subtracts and
# divides by them at prediction time. Pixels 255 times too large land far outside that range: the
# activations explode, the probabilities jump to 0 or 1, and many images change class. Pixels
# 255 times too small are all close to zero next to the stored mean, so after the subtraction every
# image looks the same to the head, and one class wins everywhere.
#
# ## The code, broken and fixed
#
# The serving files that ran for this page, embedded from the repository. The tabs are linked
# across the site.

# %%
page.code_tabs(runs)

# %% [markdown]
# ## The fixes

# %%
page.fixes(runs)

# %% [markdown]
# ### Which fix to choose
#
# - **Put `keras.layers.Rescaling(1 / 255)` inside the model** when you own the training code. The
#   scaling is saved in the file as a plain number, and every serving program sends pixels as they
#   are decoded. Here it was added in front of the already trained layers, so the saved model is
#   the same network with no retraining.
# - **Repeat the training scaling exactly at the boundary** when the model must stay as it is. Save
#   what training did to the pixels beside the model (here `divide_by` in a small JSON file) and
#   read it; do not assume `/ 255`, since the second case shows a model trained without it.
# - **Check the dtype at the boundary.** `uint8` means 0–255 pixels as decoded; floats may already
#   be scaled, and scaling them again fails just as silently. The fixed serving code refuses anything
#   but `uint8`.
# - **Never scale by a statistic of the request** (each image's own maximum, the batch's mean): the
#   network was trained on one constant for every pixel of every image.
#
# ## The proof
#
# A fix counts only when its predictions match the ones the original model made in memory, before
# it was saved.

# %%
page.proof(runs)

# %%
page.exercise_link("pixel_range")

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.pixel_range             # the story, with the measured damage
# python -m scenarios.pixel_range --format h5 # the same with the legacy .h5 file
# python -m scenarios.pixel_range --keras 2   # the same on tf.keras 2
# ```
