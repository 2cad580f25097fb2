# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the shape_mismatch page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every error, number and version on the page is printed by the real run below.
from scenarios.machinery.docsite import figures, page

runs = page.run_scenario("shape_mismatch")
page.header(runs)

# %% [markdown]
# ## What you see
#
# A small convolutional network learns to read handwritten digits from 28 × 28 grayscale images:
# arrays of shape `(n, 28, 28, 1)`, one channel per pixel. It is saved, and a separate serving
# program loads it. That program receives its pixels the way web forms, CSV files and message
# queues deliver them: one flat row of 784 numbers per image. It passes them on unchanged.

# %%
page.symptom(runs, "flat_rows")

# %% [markdown]
# The message is long, but the useful sentence is the one after *Invalid input shape*: the model
# names the shape it was built for and the shape it got. The batch size it reports is Keras's own
# internal batch of 32, not the number of rows you sent.
#
# The usual next move is to send a single image in its proper layout, and that fails too, with an
# error that sends people looking in the wrong place:

# %%
page.symptom(runs, "one_image_without_batch_axis")

# %%
page.figure(
    figures.input_layouts(runs["keras"], "flat_rows", "one_image_without_batch_axis"),
    "shape_mismatch-layouts.svg",
    "The 28 by 28 image the model expects, the flat rows of 784 pixels it was sent, and a single "
    "image without a batch axis that Keras reads as 28 images one pixel high",
)

# %% [markdown]
# ## Why it happens
#
# A saved model remembers the input shape it was built with, and nothing about the code that
# produced its training arrays. If the training script reshaped flat pixel rows into images before
# calling `fit()`, that reshape lived in the script, not in the model. A serving program that skips
# it sends the model data of the wrong rank, and Keras refuses it at the first layer.
#
# The single image is a different mistake with a stranger symptom. `predict()` always expects a
# batch, so an image needs a leading batch axis: `(1, 28, 28, 1)`. Keras 3 tries to be helpful when
# the rank is one short and the model's last input axis has size 1: it appends an axis instead.
# The convolution then receives 28 "images", each 28 pixels tall and 1 pixel wide, and its 3 × 3
# kernel cannot fit in a width of 1. Hence the talk of negative dimensions.
#
# ## The code, broken and fixed
#
# These are the serving files that ran for this page, embedded as they are in the repository.
# Switching a tab switches every Broken/Fixed tab on the site.

# %%
page.code_tabs(runs)

# %% [markdown]
# ## The fixes

# %%
page.fixes(runs)

# %% [markdown]
# ### Which fix to choose
#
# - **Reshape at the boundary** when you cannot or should not change the saved model: the check in
#   `as_model_batch` turns every accepted layout into `(n, 28, 28, 1)` and refuses, naming both
#   shapes, anything that is not a whole number of images. A wrong size is a bug upstream; guessing
#   would hide it.
# - **Add the batch axis** (`x[None]` or `np.expand_dims(x, 0)`) whenever you predict on one sample.
#   The same boundary check does it for you.
# - **Put the reshape inside the model** when you own the training code. A `Reshape` layer in front
#   travels inside the saved file, so every future serving program gets it for free. The price: the
#   model's input is now the flat row, and anyone who has images must flatten them first.
#
# ## The proof
#
# A fix only counts when the loaded model, fed through it, gives the same predictions as the
# original model did in memory before it was saved.

# %%
page.proof(runs)

# %%
page.exercise_link("shape_mismatch")

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.shape_mismatch             # the story, with the real errors
# python -m scenarios.shape_mismatch --format h5 # the same with the legacy .h5 file
# python -m scenarios.shape_mismatch --json      # the recorded verdicts
# ```
