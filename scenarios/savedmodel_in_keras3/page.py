# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the savedmodel_in_keras3 page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every error, number and version on the page comes from the real runs below.
import numpy as np

from scenarios.machinery.docsite import page

NAME = "savedmodel_in_keras3"
runs = page.run_scenario(NAME)
page.header(runs)

# %% [markdown]
# ## What you see
#
# A small network classifies scikit-learn's handwritten digits from rows of 64 pixel values. It
# was saved as `model.keras` and `model.h5`, and exported for serving as a TensorFlow
# SavedModel: a directory, shipped packed as `model.savedmodel.tar.gz` the way model registries
# ship them. The serving program unpacks it and loads the directory, as it did when it ran
# TensorFlow 2's Keras. It now runs Keras 3:

# %%
page.symptom(runs, "load_model_on_the_export")

# %% [markdown]
# The message is specific, and it names a way out: wrap the directory in
# `keras.layers.TFSMLayer(..., call_endpoint='serving_default')`. An upload endpoint that answers
# each image with the digit it shows does exactly that, and keeps its `np.argmax`:

# %%
page.symptom(runs, "argmax_of_the_dict")

# %%
page.check(runs, "argmax_of_the_dict")
lines = []
for fmt, run in runs.items():
    served = np.load(run.workdir / "predictions" / f"{fmt}-argmax_of_the_dict.npy")
    digits, counts = np.unique(served.argmax(-1), return_counts=True)
    said = ", ".join(f"{digit} for {count}" for digit, count in zip(digits, counts))
    lines.append(f"- with `.{fmt}`: of {len(served)} uploads, the digit announced was {said}.")
page.Markdown("What the endpoint answered, upload by upload:\n\n" + "\n".join(lines) + "\n")

# %% [markdown]
# Nothing was raised, nothing was logged, and the answers are well-formed digits. Only measuring
# them against the labels shows that the service now reads every image as a 0.
#
# The third habit from TensorFlow 2 is on the writing side: `model.save(dir)` without an
# extension was how a SavedModel for TF Serving was written.

# %%
page.symptom(runs, "save_without_extension")

# %% [markdown]
# ## Why it happens
#
# A `.keras` file describes Keras layers: their classes, their arguments and their weights, so
# `load_model()` can rebuild the model. A SavedModel holds TensorFlow graphs and variables: the
# functions the model computes, not the layers. tf.keras 2 also stored its layers' configuration
# inside the directory, so its `load_model()` could read one back as a Keras model. Keras 3 no
# longer does: its `save()` writes `.keras` and `.h5` files only (weights: `.weights.h5`), and a
# SavedModel is written with `model.export()` and read back as functions.
#
# Those functions are the SavedModel's *endpoints*. `model.export()` writes two. `serve` takes the
# input and returns the model's output, as the model itself does. `serving_default` is the
# signature TF Serving calls, and a signature always returns a dict of named outputs, here
# `{'output_0': probabilities}`. `TFSMLayer` returns whatever the endpoint returns. numpy accepts
# the dict without complaint: it becomes an array holding one object, and the argmax of a
# one-element array is 0.
#
# ## The code, broken and fixed
#
# The serving files that ran for this page, embedded from the repository, each with the module
# that unpacks the archive. Tabs are linked across the site.

# %%
page.code_tabs(runs)

# %% [markdown]
# ## The fixes

# %%
page.fixes(runs)

# %% [markdown]
# ### Which fix to choose
#
# - **To serve a SavedModel from Keras 3**, wrap it in `TFSMLayer` and name the endpoint: `serve`
#   returns the output itself; with `serving_default`, read the output by its key. Print the
#   result's type once: a dict is not an array, whatever numpy makes of it.
# - **Without Keras at all** (a lighter serving image, or a SavedModel whose origin you do not
#   know), `tf.saved_model.load(dir)` and its `signatures["serving_default"]`. The signature lists
#   its outputs by name (`structured_outputs`), so the code can read the name rather than guess it:
#   tf.keras 2's `model.save(dir)` named the output after the last layer, Keras 3's `export()`
#   calls it `output_0`.
# - **To write a SavedModel**, `model.export(dir)`. Keep `model.save("model.keras")` for the model
#   you will load again with Keras, and a `.weights.h5` name for weights.
# - **To get the Keras model back** (its layers, to change or retrain it), neither: a `TFSMLayer`
#   is one new layer around the saved function, with none of the original layers. Rebuild the
#   architecture in Keras 3 and load the weights, or load the directory once with tf.keras 2
#   (`TF_USE_LEGACY_KERAS=1`) and save what Keras 3 can read (see the page on files from
#   tf.keras 2).
#
# ## The proof
#
# A fix counts only when its predictions match the ones the trained model made in memory, before
# it was saved or exported. For the upload endpoint, that is the trained model's own digit for
# each image.

# %%
page.proof(runs)

# %%
page.exercise_link(NAME)

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.savedmodel_in_keras3             # Keras 3 serving the SavedModel
# python -m scenarios.savedmodel_in_keras3 --keras 2   # the same code on tf.keras 2, where it worked
# python -m scenarios.savedmodel_in_keras3 --json      # the recorded verdicts
# ```
