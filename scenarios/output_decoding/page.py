# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the output_decoding page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every error, number and version on the page comes from the real run below.
import numpy as np

from scenarios.machinery.docsite import page

runs = page.run_scenario("output_decoding")
page.header(runs)

# %% [markdown]
# ## What you see
#
# A small network tells malignant from benign tumours in scikit-learn's breast-cancer data. Its
# last layer is a single sigmoid unit: for each row it outputs one number, the probability that
# the tumour is benign (class 1). The model is saved, and a serving program loads it to return a
# class label per row. Its author remembers how this was done in older tutorials:

# %%
page.symptom(runs, "predict_classes_removed")

# %% [markdown]
# The usual answer to that error is "use `np.argmax(model.predict(x), axis=1)` instead". For this
# model it runs without a complaint:

# %%
page.symptom(runs, "argmax_of_one_sigmoid")

# %%
# What the argmax actually returned, counted from the labels the serving process sent back.
def returned_labels(case_name: str) -> dict[str, dict[int, int]]:
    counts = {}
    for fmt, run in runs.items():
        labels = np.load(run.workdir / "predictions" / f"{fmt}-{case_name}.npy")
        counts[fmt] = {int(k): int(v) for k, v in zip(*np.unique(labels, return_counts=True))}
    return counts


def counted(counts: dict[int, int]) -> str:
    return ", ".join(f"{n} × class {label}" for label, n in sorted(counts.items()))


argmax_counts = returned_labels("argmax_of_one_sigmoid")
fixed_counts = returned_labels("threshold_the_sigmoid")
assert all(set(c) == {0} for c in argmax_counts.values()), argmax_counts
rows = ["| format | labels returned by the argmax | labels returned by the threshold (the fix below) |", "|---|---|---|"]
rows += [f"| `.{fmt}` | {counted(argmax_counts[fmt])} | {counted(fixed_counts[fmt])} |" for fmt in runs]
page.Markdown("Every label the argmax returned, counted:\n\n" + "\n".join(rows) + "\n")

# %% [markdown]
# ## Why it happens
#
# `predict_classes()` used to read the shape of the output and guess the decoding: argmax for
# several columns, a 0.5 threshold for one. It was deprecated, with a warning that spelled out both
# decodings, and removed in TensorFlow 2.6; neither Keras 3 nor tf.keras 2 has it. The serving code
# now has to decode the probabilities itself, and must know which kind of head the model has.
#
# `np.argmax(p, axis=1)` is the decoding for a **softmax** head, which outputs one probability per
# class, shape `(n, classes)`. A **one-unit sigmoid** head outputs shape `(n, 1)`: a single column
# holding P(class 1). The argmax over a row of one value is the index of that value, 0, whatever the
# probability is. So every tumour is called malignant, the returned labels have the right type and
# length, and nothing raises. Accuracy falls to the share of malignant tumours in the data.
#
# ## The code, broken and fixed
#
# The serving files that ran for this page, embedded from the repository. The tabs are linked
# across the site.

# %%
page.code_tabs(runs)

# %% [markdown]
# ## The fixes

# %%
page.fixes(runs)

# %% [markdown]
# ### Which fix to choose
#
# - **Threshold a one-unit sigmoid**: `(model.predict(x)[:, 0] > 0.5).astype(int)`. The `[:, 0]`
#   takes the single column, so the labels come out as a flat array, one per row. 0.5 is the
#   threshold that matches `predict_classes()`; a different one is a deliberate choice about false
#   positives and false negatives, not a decoding detail.
# - **Argmax a softmax head**: `model.predict(x).argmax(axis=-1)`, for a model whose last layer has
#   one unit per class. The fix here serves the same trained network with its head rewritten as a
#   two-way softmax, so both fixes give the same labels.
# - **Decode from the model, not from memory.** `model.output_shape[-1]` tells which case you are
#   in: 1 means threshold, more means argmax. A serving function that checks it cannot silently
#   apply the wrong one.
#
# ## The proof
#
# The serving functions here return class labels, so the reference is the class labels the
# original model gives in memory, before saving, decoded with the threshold its sigmoid head calls
# for. A fix counts only when it returns exactly those labels.

# %%
page.proof(runs)

# %%
page.exercise_link("output_decoding")

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.output_decoding             # the missing method and the silent argmax
# python -m scenarios.output_decoding --format h5 # the same with the legacy .h5 file
# python -m scenarios.output_decoding --json      # the recorded verdicts
# ```
