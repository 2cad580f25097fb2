# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the preprocessing_mismatch page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every number, figure and version on the page comes from the real run below.
from scenarios.machinery.docsite import figures, page

runs = page.run_scenario("preprocessing_mismatch")
page.header(runs)

# %% [markdown]
# !!! warning "This failure raises nothing"
#
#     There is no error message to search for. The model loads, predicts, and returns numbers of the
#     right shape. Only measuring them against known answers shows that they are wrong.
#
# ## What you see
#
# A small dense network learns to tell malignant from benign tumours from 30 measurements in
# scikit-learn's breast-cancer data. The measurements live on wildly different scales, from
# fractions of a unit to areas in the thousands, so the training script standardizes them first
# with a `StandardScaler`: each feature has its training mean subtracted and is divided by its
# training spread. The model is saved. A separate serving program loads it and scores incoming
# rows, exactly as they arrive.

# %%
page.symptom(runs, "raw_features")

# %% [markdown]
# The subtle variant looks like a careful fix: the serving code does standardize, but fits a new
# scaler on whatever rows arrived in the request. Nothing raises here either.

# %%
page.symptom(runs, "scaler_refit_per_request")

# %% [markdown]
# ## The picture
#
# Accuracy of each way of serving (left) and every held-back row's predicted probability (right),
# from the predictions the serving processes returned. Served raw, the rows pile up at one end of
# the probability scale; re-fitted per request, they scatter; served through the training-time
# scaling, they sit exactly where the original model put them.

# %%
page.figure(
    figures.binary_outcomes(runs["keras"]),
    "preprocessing_mismatch-outcomes.svg",
    "Accuracy and predicted probabilities for the original model, raw features, a scaler re-fitted per "
    "request, and the two fixes",
)

# %% [markdown]
# ## Why it happens
#
# The model learned weights for standardized inputs: numbers around zero, mostly between −3 and 3.
# A saved `.keras` or `.h5` file holds the layers and those weights. It does not hold the
# `StandardScaler`, which was a separate scikit-learn object in the training script. Fed raw
# measurements in the hundreds or thousands, the first layer's sums become enormous, the sigmoid at
# the end saturates, and nearly every row gets the same answer. Keras has no way to notice: the
# shape and the dtype are right.
#
# Re-fitting the scaler at serving time fails more quietly. Standardizing needs the *training*
# mean and spread. A scaler fitted on the incoming request uses that request's statistics instead,
# so the same patient gets a different score depending on which other rows share the request, and a
# request of one row is turned into all zeros.
#
# ## The code, broken and fixed
#
# The serving files that ran for this page, embedded from the repository. The tabs are linked
# across the site: choosing Fixed here chooses it everywhere.

# %%
page.code_tabs(runs)

# %% [markdown]
# ## The fixes

# %%
page.fixes(runs)

# %% [markdown]
# ### Which fix to choose
#
# - **Save the scaler's state and reapply it** when the preprocessing must stay outside the model,
#   for example because other systems share it. Save the fitted numbers themselves (here the mean
#   and scale as JSON next to the model) rather than pickling the scaler: a JSON file cannot run
#   code when it is loaded, does not depend on the scikit-learn version, and can be read and
#   checked by a person. Ship it with the model and version them together.
# - **Put a `Normalization` layer inside the model** when you own the training code. Adapted on
#   the training data, it carries the same mean and variance in the saved file, so serving code
#   sends raw rows and cannot forget, or redo, the scaling. The differences from the original model
#   in the proof below are floating-point rounding: the layer computes the same standardization in
#   a slightly different order.
# - **Never fit anything at serving time.** Every statistic a model depends on comes from the
#   training data and is frozen with the model.
#
# ## The proof
#
# A fix counts only when its predictions match the ones the original model made in memory, before
# it was saved.

# %%
page.proof(runs)

# %%
page.exercise_link("preprocessing_mismatch")

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.preprocessing_mismatch             # the story, with the measured damage
# python -m scenarios.preprocessing_mismatch --format h5 # the same with the legacy .h5 file
# python -m scenarios.preprocessing_mismatch --json      # the recorded verdicts
# ```
