# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the subclassed_model page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every error, number and version on the page comes from the real run below.
import json
import zipfile

from scenarios.machinery.artifacts import model_path
from scenarios.machinery.docsite import page
from scenarios.machinery.quiet import key_message

runs = page.run_scenario("subclassed_model")
keras2_runs = page.KERAS2["subclassed_model"]
scenario = next(iter(runs.values())).scenario


def applicable_runs(case_name: str) -> dict:
    """The formats in which a case exists on Keras 3 (some cases belong to one format only)."""
    return {fmt: run for fmt, run in runs.items() if run.verdict(case_name).applicable}


page.header(runs)


# %% [markdown]
# ## What you see
#
# A small digit classifier is written the object-oriented way: a subclass of `keras.Model` whose
# `call()` scales the raw pixels and runs two dense layers. The class lives in the training script,
# as it often does in a notebook. The model trains and saves without a complaint, in both formats. A
# separate serving program loads it:

# %%
page.symptom(runs, "class_not_imported")

# %% [markdown]
# The `.h5` message suggests a custom object scope. The serving code does better than that: it
# imports a registered copy of the class, with `get_config()` and `from_config()`, and passes it by
# name as well. With the `.keras` file that is the fix (below); with the `.h5` file it is not:

# %%
page.symptom(applicable_runs("h5_with_the_class_at_hand"), "h5_with_the_class_at_hand")

# %%
# What tf.keras 2 said in the training script when asked for the .h5 file.
refusals = {fmt: run.trained.get("save_refused", {}) for fmt, run in keras2_runs.items()}
refused = {message for by_format in refusals.values() for message in by_format.values()}
assert len(refused) == 1 and all("h5" in by_format for by_format in refusals.values()), refusals
assert not any(run.trained.get("save_refused") for run in runs.values()), "Keras 3 refused a save"
keras2_name = next(iter(keras2_runs.values())).keras_name
keras3_name = next(iter(runs.values())).keras_name
page.Markdown(
    f"{keras3_name} wrote that `.h5` file without a warning. On **{keras2_name}** there is no such file: the "
    f"training script's `model.save(\"model.h5\")` itself raised\n\n{page.ERROR_FENCE}\n"
    f"{key_message(refused.pop(), limit=2000)}\n```\n"
)

# %% [markdown]
# ## Why it happens
#
# A saved model is configuration plus weights. For a `Sequential` or functional model the
# configuration describes every layer and how they connect, and Keras rebuilds it with its own
# classes. A subclassed model's architecture is Python code, the body of `call()`; the file can only
# name the class and keep the values its `get_config()` returns. Here is what the two `.keras`
# files hold at the top of their `config.json`:

# %%
def top_config(stem: str) -> dict:
    with zipfile.ZipFile(model_path(runs["keras"].workdir, stem, "keras")) as archive:
        return json.loads(archive.read("config.json"))


rows = ["| saved file | `class_name` | `registered_name` | `module` | constructor values in `config` |", "|---|---|---|---|---|"]
configs = {stem: top_config(stem) for stem in ("model", "model_registered")}
for stem, config in configs.items():
    values = {k: v for k, v in config["config"].items() if k not in ("name", "trainable", "dtype")}
    rows.append(f"| `{stem}.keras` | `{config['class_name']}` | `{config['registered_name']}` | `{config['module']}` | "
                f"`{json.dumps(values)}` |")
assert configs["model_registered"]["registered_name"].startswith("scenarios>")
page.Markdown("\n".join(rows) + "\n")

# %% [markdown]
# To turn that back into a model, Keras 3 looks the registered name up among the classes
# registered in the loading process (and any `custom_objects` passed in). It imports no module
# of yours to find one; importing the module a file names would run that module's code while
# loading. The serving process never ran the training script, so `DigitNet` is unknown there. Registering the class with `@keras.saving.register_keras_serializable(package=...)` gives
# it a name (`scenarios>DigitNet`) that the loader finds as soon as the module defining it is imported.
#
# The legacy `.h5` format predates all this. Its loader rebuilds the model from the configuration
# and then loads weights layer by layer, but a subclassed model rebuilt from its configuration has
# not been called yet, so its layers have no weights to load into. Keras 3 nevertheless saves the
# file, which is the trap: the failure waits for the day someone loads it. tf.keras 2 refuses at
# save time, as shown above.
#
# ## The code, broken and fixed
#
# The serving files that ran for this page, embedded from the repository, with the module that
# defines the registered class. The tabs are linked across the site.

# %%
page.code_tabs(runs)

# %% [markdown]
# ## The fixes

# %%
page.fixes(runs)

# %% [markdown]
# ### Which fix to choose
#
# - **Register the class, give it `get_config()` and `from_config()`, and save as `.keras`.** Put
#   the class in a module both sides import (here `scenarios/subclassed_model/network.py`), decorate
#   it with `@keras.saving.register_keras_serializable(package="...")`, return every constructor
#   argument from `get_config()`, and import that module before `load_model()`. The file then
#   rebuilds itself wherever the module is installed.
# - **Rebuild the model in code and load only the weights** when you have a file that `load_model()`
#   cannot read, such as a subclassed `.h5`: construct the class, call it once on a sample batch so
#   that its layers create their weights, then `load_weights(path)`. The architecture comes from your
#   code, so it must be the same code that trained the model; check the result against known
#   predictions.
# - **Never save a subclassed model as `.h5`.** Keras 3 writes it, and its loader cannot read it
#   back as a model; re-save any such file as `.keras` from a process that has the class.
#
# ## The proof
#
# A fix counts only when its predictions match the ones the original model made in memory, before
# it was saved, in every format where the fix applies.

# %%
page.proof(runs)

# %%
page.exercise_link("subclassed_model")

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.subclassed_model             # the missing class, then the fixes
# python -m scenarios.subclassed_model --format h5 # the .h5 file that saves and never loads
# python -m scenarios.subclassed_model --json      # the recorded verdicts
# ```
