# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the custom_objects page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every error, number and version on the page comes from the real run below.
from scenarios.machinery.docsite import page

runs = page.run_scenario("custom_objects")
page.header(runs)

# %% [markdown]
# ## What you see
#
# A small regression network predicts disease progression from the ten measurements of
# scikit-learn's diabetes data. The training script compiles it with a loss of its own, a plain
# Python function called `custom_loss` (a mean squared error), trains it and saves it. A separate
# serving program, which never defined `custom_loss`, loads the file. It fails inside
# `load_model()`, before a single prediction, and the message depends on the file format:

# %%
page.symptom(runs, "load_without_the_loss")

# %% [markdown]
# !!! note "Decoding the `.h5` message"
#
#     *string indices must be integers* does not name the loss, the file or the function. It comes
#     from inside Keras 3's legacy `.h5` loader, which reads the stored loss as a bare name and then
#     indexes that name as if it were a dictionary of settings. It means the same as the `.keras`
#     message: the file refers to a function this process does not have. The fixes are the same.
#
# Passing `compile=False` makes the load succeed, and is a real fix for prediction. But the next
# step people take, evaluating the loaded model, runs into the missing loss again:

# %%
page.symptom(runs, "evaluate_after_compile_false")

# %% [markdown]
# ## Why it happens
#
# A saved model holds its architecture, its weights and its compile settings. Keras's own layers,
# losses and metrics are stored as references it can resolve anywhere. A function you wrote is
# stored by name only: the file says `custom_loss`, not what `custom_loss` computes. By default
# `load_model()` also compiles the model, so it must turn that name back into a function, and in a
# serving process that never ran the training script there is nothing by that name.
#
# This is why the error appears at load time even though prediction never uses the loss, and why
# the same script works when you test it in the notebook that trained the model: there, the function
# is still defined.
#
# ## The code, broken and fixed
#
# The serving files that ran for this page, embedded from the repository; the registered-loss fix
# also shows the module that registers it. The tabs are linked across the site.

# %%
page.code_tabs(runs)

# %% [markdown]
# ## The fixes

# %%
page.fixes(runs)

# %% [markdown]
# ### Which fix to choose
#
# - **`custom_objects={"custom_loss": custom_loss}`** is the quickest fix and works for both
#   formats. Its trade-off: Keras matches only the name. If the serving copy of the function
#   computes something different from the training one, nothing complains, and evaluation or
#   further training silently use the wrong loss. Keep one definition and import it on both sides.
# - **Register the function** with `@keras.saving.register_keras_serializable()` in an importable
#   module (here `scenarios/custom_objects/losses.py`). The file then names it by its registered
#   package and name, and any process that imports the module can load the model with a plain
#   `load_model()`. This is the right choice when the loss is part of your code base and several
#   programs load the model. The module must be imported before loading, or the same error returns.
# - **`compile=False`** for inference only. Prediction never needs the loss, so a serving process
#   can skip compiling and needs none of your training code. The trade-off is the trap shown above:
#   `evaluate()` and `fit()` then need a `compile()` with a loss first.
#
# ## The proof
#
# Each fix must reproduce the original model's predictions, made in memory before saving. (For a
# regressor, "quality" is the mean squared error: lower is better.)

# %%
page.proof(runs)

# %%
page.exercise_link("custom_objects")

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.custom_objects             # the story, with the real errors
# python -m scenarios.custom_objects --format h5 # the legacy .h5 file and its puzzling message
# python -m scenarios.custom_objects --json      # the recorded verdicts
# ```
