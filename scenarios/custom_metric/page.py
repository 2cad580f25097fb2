# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the custom_metric page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every error, number, stored name and version on the page comes from the real run below.
import json
import os
import zipfile

import h5py

from scenarios.machinery.docsite import page

runs = page.run_scenario("custom_metric")
page.header(runs)

# %% [markdown]
# ## What you see
#
# A small network tells malignant from benign tumours from the measurements of scikit-learn's
# breast cancer data (a `Normalization` layer in front scales them). The training script reports
# an F1 score beside the accuracy, with a metric function of its own, `f1_metric`, passed as
# `metrics=["accuracy", f1_metric]`. It trains and saves the model. A separate serving program,
# which never defined `f1_metric`, loads the `.keras` file to predict:

# %%
page.symptom({"keras": runs["keras"]}, "load_without_the_metric")

# %%
h5_predicts = runs["h5"].verdict("load_without_the_metric")
assert h5_predicts.passed and not h5_predicts.raised
page.Markdown(
    f"The same serving code with the legacy `.h5` file raises nothing on Keras 3: the model loads, and "
    f"{page.said(h5_predicts.expect, None, h5_predicts.measured, broken=False)}. The missing metric has not gone away. It waits for the first call that "
    f"needs it, here a monitoring job that evaluates the model on labelled rows:\n"
)

# %%
page.symptom(runs, "evaluate_without_the_metric")

# %% [markdown]
# ## Why it happens
#
# A saved model keeps its compile settings (the optimizer, the loss and the metrics) so that it
# can go on training where it stopped. Keras's own metrics are stored as names it can resolve
# anywhere; a function you wrote is stored by its name alone. Here is what each file holds for
# the metrics:

# %% tags=["hide"]
# The shown cell reads the saved files by name, as a reader would in the run's own folder.
home = os.getcwd()
os.chdir(runs["keras"].workdir)

# %% tags=["show"]
with zipfile.ZipFile("model.keras") as archive:
    keras_metrics = json.loads(archive.read("config.json"))["compile_config"]["metrics"]
with h5py.File("model.h5", "r") as stored:
    h5_metrics = json.loads(stored.attrs["training_config"])["metrics"]
print("model.keras, compile_config in config.json:", json.dumps(keras_metrics))
print("model.h5, its training_config attribute:   ", json.dumps(h5_metrics))

# %%
os.chdir(home)
assert "f1_metric" in json.dumps(keras_metrics) and "f1_metric" in h5_metrics

# %% [markdown]
# `load_model()` compiles the model by default, and that is where the two loaders part ways. The
# `.keras` loader turns every stored name back into an object while it loads, finds no function
# called `f1_metric`, and stops, before a single prediction. Keras 3's legacy `.h5` loader passes
# the names on to `compile()` as they are, and Keras 3 builds compiled metrics only when they are
# first used, by `evaluate()` for instance. Prediction never uses them, so a serving process that
# only predicts never notices. The first job that evaluates the model fails, in a process that
# may run days later, with a message that names the metric but not the load that caused it.
#
# tf.keras 2 builds the metrics while loading an `.h5` file, so there the `.h5` file fails in
# `load_model()` too, with the *Unknown metric function* message older threads quote.
#
# ## The code, broken and fixed
#
# The serving files that ran for this page, embedded from the repository. Tabs are linked across
# the site.

# %%
page.code_tabs(runs)

# %% [markdown]
# ## The fixes

# %%
page.fixes(runs)

# %% [markdown]
# ### Which fix to choose
#
# - **`compile=False`** for a process that only predicts. Prediction needs the architecture and
#   the weights, never the loss or the metrics, so the serving code needs none of the training
#   code, whatever the model was compiled with.
# - **`custom_objects={"f1_metric": f1_metric}`** for a process that evaluates. Keras
#   matches only the name: the function you give is what `evaluate()` reports under that name, so
#   keep one definition in an importable module and import it on both sides.
# - **`compile=False`, then `compile(loss=..., metrics=[...])`** when the evaluating job should
#   decide for itself what to report. It must give the loss too: the one stored in the file is
#   skipped along with the metrics.
# - **Test the path you serve.** A `.h5` model that loads and predicts in a smoke test can still
#   fail at its first `evaluate()`. Call everything the job calls, on the format you ship.
#
# ## The proof
#
# Each fix must reproduce the original model's predictions, made in memory before saving; the
# fixes that evaluate did so on the labelled rows first, without an error.

# %%
page.proof(runs)

# %%
page.exercise_link("custom_metric")

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.custom_metric                # the .keras file fails at load
# python -m scenarios.custom_metric --format h5    # the .h5 file loads, and fails at evaluate()
# python -m scenarios.custom_metric --keras 2      # the same on tf.keras 2
# ```
