# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the channels_and_size page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every error, number and version on the page is printed by the real run below.
import numpy as np

from scenarios.machinery.docsite import page

runs = page.run_scenario("channels_and_size")
page.header(runs)

# %% [markdown]
# ## What you see
#
# A small convolutional network learns to read handwritten digits from 16 × 16 colour images:
# arrays of shape `(n, 16, 16, 3)`, one red, green and blue value per pixel. It is saved, and a
# separate serving program loads it. The images it receives come from users' PNG files, and a PNG
# decoder returns what the file holds: sometimes a fourth channel, alpha; sometimes a single gray
# channel; sometimes another size. Here are the requests this page sends, as the decoder gave them:

# %%
probe = np.load(runs["keras"].workdir / "probe.npz")
shown = {"request": "PNGs with an alpha channel", "gray_request": "grayscale PNGs",
         "larger_request": "the same digits drawn at another size"}
rows = ["| request | shape | dtype |", "|---|---|---|"]
rows += [f"| {what} | `{probe[name].shape}` | `{probe[name].dtype}` |" for name, what in shown.items()]
page.Markdown("\n".join(rows) + "\n\nEach one is passed to `predict()` as it came.\n")

# %%
page.symptom(runs, "rgba_png")

# %%
page.symptom(runs, "grayscale_png")

# %% [markdown]
# The size mismatch is the one whose message hides its cause best:

# %%
page.symptom(runs, "other_size")

# %% [markdown]
# ## Why it happens
#
# A convolution's kernel has one set of weights per input channel: the first layer of this model
# holds weights for red, green and blue, and none for alpha. So the channel count is fixed when the
# model is built, and Keras checks it before running the layer.
#
# The height and width are a different matter. A convolution slides over an image of any size, so
# Keras 3 lets a 20 × 20 image through the model's input and through the convolution. `Flatten`
# then turns the larger feature map into a longer vector, and the `Dense` layer after it has weights
# for one length only. That is where it fails, in terms of vector lengths that never mention the
# image size.
#
# ## The code, broken and fixed
#
# The serving files that ran for this page, embedded from the repository. One boundary function,
# `as_model_images`, serves every fixed case: it reads what the model takes from
# `model.input_shape` and converts what arrived.

# %%
page.code_tabs(runs)

# %% [markdown]
# ## The fixes

# %%
page.fixes(runs)

# %%
trained = runs["keras"].trained
pooled = runs["keras"].verdict("global_pooling_head").measured
resized = runs["keras"].verdict("resized_at_the_boundary").measured
page.Markdown(
    f"The pooling network scored {trained['test_accuracy_global_pooling']:.3f} on the held-back digits at "
    f"16 × 16, the size it was trained on, and {pooled['quality']:.3f} on the same digits drawn at 20 × 20. "
    f"The fixed-size network, given the 20 × 20 images resized to 16 × 16, scored {resized['quality']:.3f}.\n"
)

# %% [markdown]
# ### Which fix to choose
#
# - **Convert at the boundary** in every case: `img.convert("RGB")` with PIL,
#   `tf.io.decode_png(data, channels=3)` with TensorFlow, or the numpy of `as_model_images`. Read the
#   expected layout from `model.input_shape` rather than assuming it, and refuse, naming the shape,
#   what you cannot convert. Drop alpha only for opaque images; a transparent PNG must be
#   composited onto the background the model was trained on.
# - **Resize to the training size** at the boundary, or put `keras.layers.Resizing` in the model so
#   the size travels in the file. Both give the fixed-size network what it was trained on.
# - **A global-pooling head** (`GlobalAveragePooling2D`, `GlobalMaxPooling2D`) gives a model with no
#   fixed height or width, and nothing has to be resized. Its answers at a size it was not trained
#   on are whatever they are: the numbers above are from this run. Train it on the sizes it will
#   be served, or resize anyway.
#
# ## The proof
#
# A fix counts only when its predictions match the ones the original model made in memory on the
# same request, converted the same way, before it was saved.

# %%
page.proof(runs)

# %%
page.exercise_link("channels_and_size")

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.channels_and_size             # the story, with the real errors
# python -m scenarios.channels_and_size --format h5 # the same with the legacy .h5 file
# python -m scenarios.channels_and_size --keras 2   # the same on tf.keras 2
# ```
