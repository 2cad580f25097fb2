# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the lambda_layer page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every error, number, file name and version on the page comes from the real run below.
import base64
import json
import marshal
import os
import zipfile

from scenarios.machinery.docsite import page

runs = page.run_scenario("lambda_layer")
scenario = next(iter(runs.values())).scenario
page.header(runs)

# %% [markdown]
# ## What you see
#
# A small dense network classifies scikit-learn's handwritten digits. Its inputs are the raw pixel
# intensities, and the training script wanted the model to accept them as they come, so it put the
# scaling inside the model in the quickest way Keras offers: a `Lambda` layer wrapping
# `lambda x: x / 16.0`. The model trains, saves without a word of complaint, and a separate serving
# program loads it with a plain `load_model()`:

# %%
page.symptom(runs, "lambda_refused")

# %% [markdown]
# The saving side gave no warning; the refusal comes only when someone loads the file. Read the
# last sentence of the message: it offers a way past the refusal, `safe_mode=False`. That sentence
# is what the next section is about.
#
# ## The unsafe route: `safe_mode=False`
#
# Suppose the file did not come straight from your own training run. It was downloaded, passed
# along by a colleague, or sat in a shared bucket, and somebody changed it on the way. For this
# page the training script also saved such a copy: its lambda still divides by 16, and in the same
# expression it writes a harmless file into whatever directory the loading process runs in. The
# serving code below does what the error suggests, with that copy:

# %%
page.symptom(runs, "safe_mode_off_on_a_tampered_file")

# %%
# Every other serving call of the same runs must have written nothing: the evidence belongs to the
# unsafe load alone. Asserted here, so the sentence below cannot go stale.
unsafe = "safe_mode_off_on_a_tampered_file"
quiet_calls = [
    (fmt, verdict.case.name) for fmt, run in runs.items() for verdict in run.verdicts if verdict.case.name != unsafe
]
written = {call: runs[call[0]].verdict(call[1]).measured["new_files"] for call in quiet_calls}
assert not any(written.values()), f"serving calls other than {unsafe} wrote files: {written}"
page.Markdown(
    f"In the same runs, each of the other {len(quiet_calls)} serving calls (every other case on this page, "
    f"in {' and '.join(f'`.{fmt}`' for fmt in runs)}) left its directory exactly as it found it.\n"
)

# %% [markdown]
# The evidence file was written while `load_model()` was still rebuilding the model: to
# reconnect the layers, Keras calls each of them once on a placeholder input, so a payload hidden
# in the lambda has already run before your code receives a model, let alone predicts with it.
# Whatever the payload does, it does with every permission the serving process has, and a check
# of the predictions afterwards finds nothing wrong.
#
# !!! danger "The error's suggestion is a trust decision, not a fix"
#
#     `safe_mode=False` and `keras.config.enable_unsafe_deserialization()` do not repair anything
#     in the file. They tell Keras to execute whatever code the file contains. That is a sensible
#     choice only for a file you produced yourself and have kept out of other hands.
#
# ## Why it happens
#
# A saved model is configuration plus weights. A built-in layer is stored by its class name and
# a few plain values, and a registered custom layer by its registered name and the values its
# `get_config()` returns; the loader looks the class up and passes those values back. A lambda
# offers nothing to look up: it has no importable name, and what it computes exists only as
# compiled Python bytecode. So Keras stores that bytecode, encoded as text, in the file. Here is
# what the four `.keras` files served above hold for their scaling step:

# %% tags=["hide"]
# The shown cells below read the saved files by name, as a reader would in the run's own folder.
home = os.getcwd()
os.chdir(runs["keras"].workdir)

# %% tags=["show"]
def scaling_layer(path):
    """The first layer after the input, as the .keras file stores it: config.json inside the zip."""
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
    return next(layer for layer in config["config"]["layers"] if layer["class_name"] != "InputLayer")


for path in ("model.keras", "model_tampered.keras", "model_rescaling.keras", "model_registered_layer.keras"):
    layer = scaling_layer(path)
    print(f"{path}: {layer['class_name']}, registered as {layer.get('registered_name')}")

# %%
STEMS = ("model", "model_tampered", "model_rescaling", "model_registered_layer")


def stored(layer: dict) -> str:
    config = {k: v for k, v in layer["config"].items() if k not in ("name", "trainable", "dtype")}
    if layer["class_name"] == "Lambda":
        function = config["function"]
        code = function["config"]["code"].replace("\n", "")
        return (
            f"`function` is a `{function['class_name']}`, and its `code` is {len(code)} characters of "
            f"base64: marshalled bytecode, `{code[:16]}…`"
        )
    return f"`{json.dumps(config)}`"


layers = {stem: scaling_layer(f"{stem}.keras") for stem in STEMS}
assert [layers[stem]["class_name"] for stem in STEMS[:2]] == ["Lambda", "Lambda"]
assert all(layers[stem]["class_name"] != "Lambda" for stem in STEMS[2:])
rows = ["| saved file | scaling layer | what the file stores for it |", "|---|---|---|"]
for stem, layer in layers.items():
    name = f"`{layer['class_name']}`"
    if layer.get("registered_name"):
        name += f", registered as `{layer['registered_name']}`"
    rows.append(f"| `{stem}.keras` | {name} | {stored(layer)} |")
page.Markdown("\n".join(rows) + "\n\nThe `.h5` files carry the same layer configuration, as JSON inside the HDF5 file.\n")

# %% [markdown]
# The two lambda entries look alike: an opaque run of characters each, one longer than the other. Only
# decoding the bytecode tells them apart. This page can decode it safely because it made both files
# itself, on the same Python version that reads them. Here are the constants and global names each
# compiled lambda uses (decoded, never run):

# %% tags=["show"]
def lambda_bytecode(path):
    """The compiled lambda a .keras file stores, decoded (never run): base64 of marshalled bytecode."""
    function = scaling_layer(path)["config"]["function"]
    return marshal.loads(base64.b64decode(function["config"]["code"]))


for path in ("model.keras", "model_tampered.keras"):
    code = lambda_bytecode(path)
    print(f"{path}:\n  constants    {[c for c in code.co_consts if c is not None]}\n  global names {list(code.co_names)}")

# %%
evidence = scenario.case(unsafe).expect.evidence
assert evidence in lambda_bytecode("model_tampered.keras").co_consts, "the tampered lambda no longer carries its payload"

# %% [markdown]
# The honest lambda needs nothing but the constant 16. The tampered one also imports `pathlib`
# and writes a file. Do not treat this kind of peek as a way to screen files you did not make:
# Python's `marshal` module is documented as unsafe for data that may be malicious, and bytecode
# can assemble any name at run time, so nothing suspicious has to show up in a listing like this one.
#
# Running the stored lambda therefore means running code chosen by whoever wrote the file, and
# Keras 3 refuses to do it by default. The legacy `.h5` loader used to be the exception: older
# releases ignored `safe_mode` there and ran the lambda anyway (CVE-2025-9905). The Keras on this
# page refuses both formats with the same message, as the first section shows. The fixes below
# therefore remove the code from the file instead of asking Keras to trust it.

# %% [markdown]
# ### Trusted, and still broken: a lambda that reads a global
#
# Sometimes trusting the file is the right call: the team made it and has kept it under its own
# control. The training script also saved a model whose lambda divides by `SCALE`, a constant
# defined at the top of the script, instead of by a number written in the lambda. The team's own
# serving code loads that file with `safe_mode=False`, deliberately:

# %%
page.symptom(runs, "trusted_file_missing_global")

# %%
code = lambda_bytecode("model_global_scale.keras")
constants, names = [c for c in code.co_consts if c is not None], list(code.co_names)
assert "SCALE" in names, names
os.chdir(home)  # the reading of saved files is over
page.Markdown(
    "Decoded as above, this lambda's bytecode holds "
    + (f"the constants {', '.join(f'`{c!r}`' for c in constants)}" if constants else "no constant at all")
    + f" and reads the global names {', '.join(f'`{n}`' for n in names)}: the name, not its value.\n"
)

# %% [markdown]
# A lambda's bytecode refers to everything it reads from outside itself (a constant of the
# script, a helper function, a module such as `tf` or `np`) by name. The loading process runs that
# code among its own names, where the training script's do not exist. With `safe_mode=False` the
# code comes back and the names it needs do not, so the trust decision changes nothing here. The
# fixes below cure this case too: `Rescaling` stores the number itself, and a registered layer
# stores its divisor in its config.

# %% [markdown]
# ## The code, broken and fixed
#
# The serving files that ran for this page, embedded from the repository. The registered layer's
# tab also shows the module that defines it. Tabs are linked across the site.

# %%
page.code_tabs(runs)

# %% [markdown]
# ## The fixes
#
# Both fixes rebuild the model around the same trained weights, with a scaling layer that is saved
# as configuration instead of code. The serving code then loads the model with the default
# `safe_mode`.

# %%
page.fixes(runs)

# %% [markdown]
# ### Which fix to choose
#
# - **A built-in layer, whenever one does the job.** Scaling by a constant is
#   `keras.layers.Rescaling`; standardizing is `Normalization`; reshaping is `Reshape`. The file
#   stores their settings as plain numbers, the serving code needs no imports of yours, and any
#   Keras can load the model.
# - **A registered custom layer for anything else.** Subclass `keras.layers.Layer`, return every
#   constructor argument from `get_config()`, and decorate the class with
#   `@keras.saving.register_keras_serializable`. The file stores the registered name and the
#   config; the code stays in your package, under review and version control. The serving program
#   must import that module before `load_model()`, or loading fails because Keras cannot find the class.
# - **`safe_mode=False` only for a file you made yourself** and kept under your own control, for
#   example to load an old model once and re-save it with one of the fixes above. Never as a
#   habit, and never in a serving program that may be handed files from somewhere else.
#
# ## The proof
#
# A fix counts only when its predictions match the ones the original Lambda model made in memory,
# before it was saved, with `safe_mode` left on.

# %%
page.proof(runs)

# %%
page.exercise_link("lambda_layer")

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.lambda_layer             # the refusal, the unsafe load and the fixes
# python -m scenarios.lambda_layer --format h5 # the same with the legacy .h5 file
# python -m scenarios.lambda_layer --json      # the recorded verdicts
# ```
