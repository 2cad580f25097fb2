# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the custom_layers page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every error, number, stored name and version on the page comes from the real run below.
import json
import zipfile

import h5py

from scenarios.machinery.artifacts import model_path
from scenarios.machinery.docsite import page

runs = page.run_scenario("custom_layers")
page.header(runs)

# %% [markdown]
# ## What you see
#
# A small dense network classifies scikit-learn's handwritten digits from their 64 raw pixel
# values. Its first layer is the training team's own: `Standardize`, a `keras.layers.Layer`
# subclass that subtracts each pixel's training mean and divides by its spread, with both arrays
# passed to its constructor. It has a `get_config()` and an `__init__` that takes `**kwargs`, as
# the Keras guide asks. The model trains and saves without a word. A separate serving program
# loads it:

# %%
page.symptom(runs, "class_not_found")

# %% [markdown]
# The usual first reaction is to import the class in the serving program. Python then knows it,
# but the load fails exactly as before:

# %%
page.symptom(runs, "class_imported_but_not_given")

# %% [markdown]
# ## Why it happens
#
# A saved model is configuration plus weights. For every layer the file records a class name and
# the values `get_config()` returned, never the class's code. To rebuild the layer,
# `load_model()` must turn the name back into a class, and it looks in two places only: the
# classes registered with Keras (`@keras.saving.register_keras_serializable`, which stores the
# name as `package>Class`), and the `custom_objects` it is given. Here is what the `.keras` files
# of this page record for their custom piece:

# %%
STORED = ("model", "model_registered", "model_no_kwargs", "model_raw_arrays")


def keras_layers(stem: str) -> list[dict]:
    with zipfile.ZipFile(model_path(runs["keras"].workdir, stem, "keras")) as archive:
        return json.loads(archive.read("config.json"))["config"]["layers"]


def h5_layers(stem: str) -> list[dict]:
    with h5py.File(model_path(runs["h5"].workdir, stem, "h5"), "r") as stored:
        return json.loads(stored.attrs["model_config"])["config"]["layers"]


def custom_layer(layers: list[dict]) -> dict:
    """The one layer that is not a Keras built-in."""
    (layer,) = [layer for layer in layers if layer.get("module", "").startswith("scenarios.")
                or layer["class_name"].startswith("Standardize")]
    return layer


def shown(value) -> str:
    """How a stored constructor argument looks in the file."""
    if isinstance(value, list):
        return f"a list of {len(value)} numbers"
    if isinstance(value, dict) and value.get("class_name") == "__numpy__":
        return (f'a record `{{"class_name": "__numpy__", "config": {{"value": [{len(value["config"]["value"])} '
                f'numbers], "dtype": "{value["config"]["dtype"]}"}}}}`')
    return f"`{json.dumps(value)}`"


rows = ["| saved file | class name | registered name | module | `mean` and `std` stored as |", "|---|---|---|---|---|"]
for stem in STORED:
    layer = custom_layer(keras_layers(stem))
    rows.append(f"| `{stem}.keras` | `{layer['class_name']}` | `{layer.get('registered_name')}` | "
                f"`{layer.get('module')}` | {shown(layer['config']['mean'])} |")
unregistered = custom_layer(keras_layers("model"))
registered = custom_layer(keras_layers("model_registered"))
assert unregistered["registered_name"] == "Standardize" and registered["registered_name"] == "scenarios>Standardize"
page.Markdown("\n".join(rows) + "\n")

# %% [markdown]
# The file even names the module the class came from. Keras does not import it: importing a
# module named by a file is running code chosen by the file, so Keras 3 does that only for its
# own packages. A class that is merely imported, like `Standardize` in the second case, is in
# neither of the two places Keras looks, and `Standardize` (the stored name) is not
# `scenarios>Standardize` (what registering it gives). Registration helps a file saved *after*
# the class was registered: that file records the registered name.
#
# ## Finding the class is not the end: the config contract
#
# Once Keras has the class, `from_config()` rebuilds the layer as `cls(**config)`. That works
# only if `get_config()` and `__init__` agree. Two drafts of the same layer, saved with the same
# trained weights and loaded with the class given in `custom_objects`, show the two ways this
# breaks. The first draft's `__init__(self, mean, std)` has no `**kwargs`:

# %%
page.symptom(runs, "init_without_kwargs")

# %% [markdown]
# Every layer's config carries `name`, `trainable` and `dtype` (the table's files all do), and
# `Layer.__init__` is the one that takes them. An `__init__` that does not pass `**kwargs` on
# cannot be rebuilt from any config, whatever the file. The second draft's `get_config()` returns
# the NumPy arrays themselves instead of lists:

# %%
page.symptom({"keras": runs["keras"]}, "arrays_in_config")

# %%
h5_verdict = runs["h5"].verdict("arrays_in_config")
assert h5_verdict.passed and not h5_verdict.raised
h5_stored = custom_layer(h5_layers("model_raw_arrays"))["config"]["mean"]
keras_stored = custom_layer(keras_layers("model_raw_arrays"))["config"]["mean"]
page.Markdown(
    f"On Keras 3 too, the same class and the same weights saved as `.h5` load without an error: "
    f"{page.said(h5_verdict.expect, None, h5_verdict.measured, broken=False)}. The two writers store the arrays differently: the `.keras` file holds "
    f"{shown(keras_stored)}, which `from_config()` hands to `__init__` as it is, and the `.h5` file holds "
    f"{shown(h5_stored)}, which `np.asarray()` accepts. So this draft works as long as the project saves "
    f"`.h5`, and breaks on the day it switches to `.keras`.\n"
)

# %% [markdown]
# A third draft, with no `get_config()` at all, never gets this far: Keras records a layer's
# constructor arguments by itself only when they are plain Python values (numbers, strings,
# lists of them), so with arrays it refuses to save the model, with a `NotImplementedError`
# asking for a `get_config()`. That one fails in the training script, where it belongs.
#
# ## A class named like one of Keras's own
#
# A third network carries the team's version of a Keras layer: a `BatchNormalization` subclass
# with a `freeze` argument that keeps it in inference mode (keras-resnet ships one like it). It
# kept Keras's class name, and this is how the two files store it:

# %%
named_keras = custom_layer(keras_layers("model_named_like_keras"))
(named_h5,) = [layer for layer in h5_layers("model_named_like_keras") if layer["class_name"] == "BatchNormalization"]
assert named_keras["class_name"] == "BatchNormalization" and named_keras["config"]["freeze"] is True
assert "module" not in named_h5 and named_h5["config"]["freeze"] is True
page.Markdown(
    "| saved file | class name | module | its own argument |\n|---|---|---|---|\n"
    f"| `model_named_like_keras.keras` | `{named_keras['class_name']}` | `{named_keras['module']}` | "
    f"`freeze={json.dumps(named_keras['config']['freeze'])}` |\n"
    f"| `model_named_like_keras.h5` | `{named_h5['class_name']}` | (none) | "
    f"`freeze={json.dumps(named_h5['config']['freeze'])}` |\n"
)

# %%
page.symptom(runs, "named_like_a_keras_layer")

# %% [markdown]
# The `.h5` file has nothing but the name, and the name is Keras's: the loader builds Keras's own
# `BatchNormalization`, which has no `freeze`, and the message is about an argument, not about a
# missing class. The `.keras` file names the team's module too, and since Keras imports no module a
# file names, it finds no class at all. Neither message says *custom layer*; both are cured as
# before, with `custom_objects={"BatchNormalization": team_layers.BatchNormalization}`, which Keras
# consults before its own classes. A name of its own (`FrozenBatchNormalization`) would have made
# the first message the plain "class not found" above.
#
# ## The same for an activation function
#
# A second small network has nothing custom but its hidden activation: LeCun's scaled tanh,
# `1.7159 * tanh(2x/3)`, a plain Python function passed as `Dense(32, activation=scaled_tanh)`.
# The file stores the function by its name only:

# %%
activation = keras_layers("model_activation")[2]["config"]["activation"]
assert activation["config"] == "scaled_tanh"
page.Markdown(f"```json\n{json.dumps(activation)}\n```\n")

# %%
page.symptom(runs, "activation_not_found")

# %% [markdown]
# ## The code, broken and fixed
#
# The serving files that ran for this page, embedded from the repository, with the modules
# they import: the team's unregistered classes (`team_layers.py`) and the registered layer
# (`layers.py`). Tabs are linked across the site.

# %%
page.code_tabs(runs)

# %% [markdown]
# ## The fixes

# %%
page.fixes(runs)

# %% [markdown]
# ### Which fix to choose
#
# - **Register the layer** with `@keras.saving.register_keras_serializable(package=...)` in an
#   importable module, and import that module in every program that loads the model. The file
#   then names the class by its registered name, and a plain `load_model()` works. This is the
#   fix for a layer that is part of your code base. Files saved *before* the class was
#   registered still name it `Standardize` and still need `custom_objects`.
# - **`custom_objects={"Standardize": Standardize}`** for a file that is already saved, or when
#   you cannot change the training code. Keras matches only the name: the class you give must
#   compute what the training one did, or nothing complains and the predictions are wrong.
# - **Keep the config contract** in every custom layer: `def __init__(self, ..., **kwargs)`
#   passing `**kwargs` to `super().__init__()`, and a `get_config()` that returns every
#   constructor argument as plain values (`array.tolist()`, not the array). For files already
#   saved by a draft that broke it, the fixes above load them with a class that keeps it.
# - **Activations**: the same rules hold for a function (register it, or pass it in
#   `custom_objects`). Rebuilding the architecture in code and calling `load_weights()` avoids
#   looking anything up, and is the only route here for a tf.keras 2 `.h5` file.
# - **Not `safe_mode=False`, not `compile=False`.** Neither supplies a missing class:
#   `safe_mode` concerns Python lambdas stored in the file, and `compile=False` skips only the
#   loss and metrics. The layer is part of the architecture, which is always rebuilt.
#
# ## The proof
#
# Each fix must reproduce the predictions the original model made in memory, before it was
# saved. The activation fixes are compared with the activation model's own predictions.

# %%
page.proof(runs)

# %%
page.exercise_link("custom_layers")

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.custom_layers                # every case, with the real errors
# python -m scenarios.custom_layers --format h5    # the legacy .h5 files
# python -m scenarios.custom_layers --keras 2      # the same on tf.keras 2
# ```
