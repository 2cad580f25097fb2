# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the keras2_files page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every error, number, config key and version on the page comes from the real runs below.
import json
import zipfile

from scenarios.machinery.artifacts import model_path
from scenarios.machinery.docsite import page
from scenarios.machinery.quiet import key_message

NAME = "keras2_files"
runs = page.run_scenario(NAME)
keras3_name = runs["keras"].keras_name
keras2_runs = page.KERAS2[NAME]
keras2_name = keras2_runs["keras"].keras_name


def outcome_lines(by_format: dict, label: str) -> list[str]:
    """One case's outcome as a reader meets it, the error or what matched, once for the formats
    that behaved alike."""
    said: dict[tuple, list[str]] = {}
    for fmt, verdict in by_format.items():
        raised = verdict.raised
        key = (raised["line"], f"{raised['type']}: {key_message(raised['message'], limit=2000)}") if raised else (
            None, page.said(verdict.expect, None, verdict.measured, broken=False))
        said.setdefault(key, []).append(f"`.{fmt}`")
    lines = []
    for (line, text), fmts in said.items():
        if line:
            lines += [f"{label}, with {' and '.join(fmts)}, `{line}` raised:", "", page.ERROR_FENCE, text, "```", ""]
        else:
            lines += [f"{label}, with {' and '.join(fmts)}: no error, and {text}.", ""]
    return lines


page.header(runs)


# %% [markdown]
# ## What you see
#
# A team trained three small digit classifiers with tf.keras 2, the Keras that TensorFlow shipped
# until 2.16 (today the `tf_keras` package, selected by `TF_USE_LEGACY_KERAS=1`): a
# MobileNet-style network with a `DepthwiseConv2D` layer, the kind Teachable Machine exports; a
# `GRU` that reads each digit one row of pixels at a time; and a functional dense network that
# scales its raw pixels itself, `x / 16.0 - 0.5`, written as plain arithmetic on the input. They
# saved all three, and handed the files to a serving program that has since moved to Keras 3. Its
# code did not change:

# %%
page.symptom(runs, "depthwise_groups")

# %%
page.symptom(runs, "gru_time_major")

# %%
page.symptom(runs, "tf_ops_in_the_model")

# %% [markdown]
# None of the files is damaged. Each was written in the words of tf.keras 2, and Keras 3 does not
# accept all of them. The third shows it twice: tf.keras 2 recorded the arithmetic as
# `TFOpLambda` layers, a class Keras 3 does not have, and its `.keras` file names the model's own
# class by tf.keras 2's module, which Keras 3 does not import. Neither message says that the file
# comes from another Keras; the `.keras` one only shows `tf_keras` inside the config it prints.
#
# ## The popular answer: a shim class through `custom_objects`
#
# The answer most threads give for the `groups` error is a subclass that accepts the argument and
# drops it, handed to `load_model()` through `custom_objects`. It works on one of the two files:

# %%
page.check(runs, "groups_shim")
page.check(keras2_runs, "groups_shim")
shim = page.verdicts(runs, "groups_shim")
case = shim["keras"].case
lines = [f"### {case.title} {{ #{case.name} }}", ""]
lines += outcome_lines(shim, f"On **{keras3_name}**")
lines += [f"**Why.** {case.why}", ""]
lines += outcome_lines(page.verdicts(keras2_runs, "groups_shim"), f"On **{keras2_name}**")
lines += [f"*On tf.keras 2:* {case.keras2_why}", ""]
page.Markdown("\n".join(lines))

# %% [markdown]
# ## Why it happens
#
# A saved model is two things: each layer's configuration (the arguments its constructor was
# called with) and its weights. Loading rebuilds every layer by passing the stored arguments back
# to that layer's constructor, so the file can only be read by a Keras whose constructors accept
# them. Here is what the `.keras` files of this run store for the input and the depthwise layer:
# the classifier as tf.keras 2 saved it, and the same classifier re-saved by Keras 3.

# %%
WATCHED = ("groups", "batch_input_shape", "batch_shape")


def layer_configs(stem: str) -> dict:
    """The layers of a .keras file's config.json, by class name."""
    with zipfile.ZipFile(model_path(runs["keras"].workdir, stem, "keras")) as archive:
        config = json.loads(archive.read("config.json"))
    return {layer["class_name"]: layer for layer in config["config"]["layers"]}


def describe(layer: dict | None) -> str:
    if layer is None:
        return "(no InputLayer entry)"
    keys = [f"`{key}`: `{json.dumps(layer['config'][key])}`" for key in WATCHED if key in layer["config"]]
    keys.append(f"registered name: `{json.dumps(layer.get('registered_name'))}`")
    return "; ".join(keys)


written = {"tf.keras 2 (`model.keras`)": layer_configs("model"), "Keras 3 (`model_keras3.keras`)": layer_configs("model_keras3")}
tf_keras2, keras3 = written.values()
# The sentences below rest on these, so they are asserted rather than typed.
assert tf_keras2["DepthwiseConv2D"]["config"]["groups"] == 1 and "groups" not in keras3["DepthwiseConv2D"]["config"]
assert "batch_shape" in keras3["InputLayer"]["config"] and "batch_shape" not in tf_keras2["InputLayer"]["config"]
assert tf_keras2["DepthwiseConv2D"].get("registered_name") is None
rows = ["| written by | `InputLayer` | `DepthwiseConv2D` |", "|---|---|---|"]
for who, layers in written.items():
    rows.append(f"| {who} | {describe(layers.get('InputLayer'))} | {describe(layers['DepthwiseConv2D'])} |")
page.Markdown("\n".join(rows) + "\n")

# %% [markdown]
# Three things follow from this table.
#
# - **`groups`**: tf.keras 2's `DepthwiseConv2D` is a subclass of its general convolution layer
#   and saves that layer's `groups` argument too. Keras 3's has no such argument, so the constructor refuses it. The
#   `GRU` file fails the same way on `time_major`, an argument Keras 3's recurrent layers dropped
#   (they always take the batch axis first).
# - **The registered name is empty**: in a `.keras` file a built-in layer is found by its module
#   (`keras.layers`) and class name. `custom_objects` is looked up by registered name, and there is
#   none, so Keras 3 goes straight to its own `DepthwiseConv2D` and the shim is never called. The
#   legacy `.h5` loader looks up the class name itself in `custom_objects`, which is why the shim
#   works there.
# - **`batch_shape`**: the refusal runs the other way too. Keras 3 stores an input's shape as
#   `batch_shape`, where tf.keras 2 wrote `batch_input_shape`, so a reader still on tf.keras 2
#   refuses every file Keras 3 saves, as the last section shows.
#
# The weights, on the other hand, are arrays of the same shapes in both generations. Every fix
# below takes the weights and leaves the configuration behind.
#
# ## The code, broken and fixed
#
# The serving files that ran for this page, embedded from the repository. The fixed code imports
# the architecture module, shown in the same tab. Tabs are linked across the site.

# %%
page.code_tabs(runs)

# %% [markdown]
# ## The fixes

# %%
page.fixes(runs)

# %% [markdown]
# ### Which fix to choose
#
# - **Rebuild and `load_weights()`** whenever the architecture is in code you have. It reads
#   `.keras`, `.h5` and `.weights.h5` files from either generation, and nothing in them can
#   break the load except a layer whose weights no longer fit.
# - **Re-save the weights with tf.keras 2** (`save_weights("model.weights.h5")`) while you still
#   have a tf.keras 2 environment. Then ship the weights file with the architecture code.
# - **Upgrade the file once**: rebuild in Keras 3, load the weights, save as `.keras`. The serving
#   code is then a plain `load_model()`, for as long as every reader of the file runs Keras 3.
# - **The shim only for `.h5` files** (Teachable Machine's `keras_model.h5`, say), and never
#   `safe_mode=False`: it is about Python code stored in a file and has nothing to do with unknown
#   arguments.
#
# ## The other direction: the upgraded file on a server still on tf.keras 2
#
# The upgrade has a cost. Here is the file Keras 3 re-saved, loaded by the same serving code on
# tf.keras 2:

# %%
page.check(keras2_runs, "upgraded_file", "rebuilt_from_the_keras3_file")
upgraded = runs["keras"].scenario.case("upgraded_file")
lines = outcome_lines(page.verdicts(keras2_runs, "upgraded_file"), f"On **{keras2_name}**")
lines += [f"*Why.* {upgraded.keras2_why}", ""]
back = page.verdicts(keras2_runs, "rebuilt_from_the_keras3_file")
lines += outcome_lines(back, f"Rebuilt on **{keras2_name}** with its weights read from the Keras 3 file")
page.Markdown("\n".join(lines))

# %% [markdown]
# So when producers and consumers upgrade at different times, the file that travels between them
# should be the one both can read: the weights, next to the architecture code.
#
# ## The proof
#
# A fix counts only when its predictions match the ones the tf.keras 2 model made in memory,
# right after training, before anything was saved.

# %%
page.proof(runs)

# %%
page.exercise_link(NAME)

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.keras2_files                         # Keras 3 serving the tf.keras 2 files
# python -m scenarios.keras2_files --format h5             # the same with the .h5 files
# python -m scenarios.keras2_files --keras 2               # a server still on tf.keras 2
# python -m scenarios.keras2_files --json                  # the recorded verdicts
# ```
