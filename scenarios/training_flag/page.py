# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the training_flag page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every number and version on the page comes from the real run below.
import numpy as np

from scenarios.machinery.docsite import page

runs = page.run_scenario("training_flag")
generations = {"3": runs, "2": page.KERAS2["training_flag"]}


def served(run, case_name: str) -> np.ndarray:
    return np.load(run.workdir / "predictions" / f"{run.fmt}-{case_name}.npy")[:, 0]


def oracle(run) -> np.ndarray:
    with np.load(run.workdir / "probe.npz") as probe:
        return probe["oracle"][:, 0]


page.header(runs)

# %% [markdown]
# !!! warning "This failure raises nothing"
#
#     The model loads and answers every request with one probability per row. The answers are
#     simply not the model's: they change from call to call, and after a while even `predict()`
#     gives other ones.
#
# ## What you see
#
# A small network scores breast-cancer rows. It has the two layers that behave differently while
# training: `BatchNormalization` and `Dropout`. The serving program calls the loaded model
# directly, as custom training loops do, and passes `training=True` (copied from the loop, or on
# purpose, to get Monte Carlo dropout). The scores it returns:

# %%
page.symptom(runs, "training_true")

# %% [markdown]
# The same serving code, sent the same rows again, this time in requests of ten as a service
# receives them:

# %%
page.symptom(runs, "training_true_in_small_requests")

# %%
# The same rows, served twice by the same code: how far the two answers are apart.
lines = ["| run | largest difference between the two answers for the same row | rows whose predicted class differs |",
         "|---|---|---|"]
for gen_runs in generations.values():
    for fmt, run in gen_runs.items():
        first, second = served(run, "training_true"), served(run, "training_true_in_small_requests")
        gap = float(np.abs(first - second).max())
        assert gap > 0.1, (run.keras_name, fmt, gap)
        lines.append(f"| {run.keras_name}, `.{fmt}` | {gap:.3f} | {int(np.sum((first > 0.5) != (second > 0.5)))} of {len(first)} |")
page.Markdown("The two answers this code gave for the same rows, side by side:\n\n"
              + "\n".join(lines) + "\n")

# %% [markdown]
# The third variant looks safer. A service computes an uncertainty for each request with Monte
# Carlo dropout (several passes with `training=True`, whose spread says how sure the model is),
# and answers with `predict_on_batch()`, which runs in inference mode like `predict()`. It loads the
# model once and serves requests of ten rows:

# %%
page.symptom(runs, "uncertainty_passes_then_predict")

# %%
# Where the moved averages showed: each request's largest change, and the classes that changed.
lines = ["| run | requests with a score moved by more than 0.05 | rows whose predicted class changed |", "|---|---|---|"]
for gen_runs in generations.values():
    for fmt, run in gen_runs.items():
        scores, original = served(run, "uncertainty_passes_then_predict"), oracle(run)
        change = np.abs(scores - original)
        size = run.scenario.case("uncertainty_passes_then_predict").batch_size  # the rows of one request
        per_request = [float(change[i:i + size].max()) for i in range(0, len(change), size)]
        flipped = int(np.sum((scores > 0.5) != (original > 0.5)))
        lines.append(f"| {run.keras_name}, `.{fmt}` | {sum(c > 0.05 for c in per_request)} of {len(per_request)} | "
                     f"{flipped} of {len(scores)} |")
page.Markdown("`predict_on_batch()` never ran in training mode, yet its answers moved, request after request:\n\n"
              + "\n".join(lines) + "\n")

# %% [markdown]
# ## Why it happens
#
# `training=True` switches two layers to their training behaviour:
#
# - **Dropout** sets a random fraction of its inputs to zero on every call (and scales the rest up).
#   Two calls draw two different masks, so they return two different answers.
# - **BatchNormalization** normalizes each unit with the mean and variance of the batch it is
#   given, instead of the moving averages it learned over the training data. A patient's score then
#   depends on who else is in the request: different in a request of ten than in a request of all.
#
# The second effect lasts. Called eagerly with `training=True`, as a serving program calls it,
# `BatchNormalization` also **updates its moving mean and variance** a small step (set by its
# momentum) towards the statistics of each batch it sees. Those moving averages are what inference
# mode uses. Every uncertainty pass moves them one step towards the request at hand, so `predict()`
# and `model(x, training=False)` answer differently afterwards, for that request and the ones after
# it. Nothing is saved to the file; restarting the service restores the trained values, until the
# passes move them again.
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
# - **`model.predict(x)`** for serving. It always runs in inference mode, whatever layers the model
#   has.
# - **`model(x, training=False)`** when you call the model directly (inside a `tf.function`, or for
#   a single small batch without `predict()`'s overhead). Write the flag out; never copy
#   `training=True` from a training loop into serving code.
# - **Freeze BatchNormalization before Monte Carlo dropout** if you want that uncertainty estimate:
#   with `trainable = False` the layer runs in inference mode even under `training=True`, so only
#   Dropout is random and the moving averages stay as trained. The same setting keeps them intact
#   when you fine-tune a model with BatchNormalization on a small data set.
#
# ## The proof
#
# A fix counts only when its predictions match the ones the original model made in memory, before
# it was saved. The direct call and the requests of ten compute in other batch sizes than
# `predict()` did, so their float32 sums can round differently in the last digits: the tolerance
# below allows for that and nothing more.

# %%
page.proof(runs)

# %%
page.exercise_link("training_flag")

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.training_flag             # the three ways training mode leaks into serving
# python -m scenarios.training_flag --format h5 # the same with the legacy .h5 file
# python -m scenarios.training_flag --json      # the recorded verdicts
# ```
