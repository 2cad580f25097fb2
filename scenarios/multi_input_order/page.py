# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the multi_input_order page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every error, number and version on the page comes from the real run below.
import numpy as np

from scenarios.machinery.docsite import page

runs = page.run_scenario("multi_input_order")
page.header(runs)

# %% [markdown]
# !!! warning "The worse mistake here raises nothing"
#
#     Fed in the wrong order, the model loads, predicts, and returns one probability per row, as
#     always. Only comparing its answers with the original model's shows that they moved.
#
# ## What you see
#
# A functional model scores breast-cancer rows through two inputs of ten measurements each: the
# worst (largest) value of each nucleus measurement, and its average. The training script created
# the inputs in that order, `worst_measurements` first. The saved model goes to a serving program
# that receives whole rows of 30 columns, in the data set's order: averages first, then standard
# errors, then worst values. It cuts out the two blocks and passes them on in the order it reads them:

# %%
page.symptom(runs, "list_in_the_wrong_order")

# %%
# How the swap shows up patient by patient: the served probabilities against the original model's.
def effect(run, case_name: str) -> dict:
    with np.load(run.workdir / "probe.npz") as probe:
        oracle = probe["oracle"][:, 0]
    served = np.load(run.workdir / "predictions" / f"{run.fmt}-{case_name}.npy")[:, 0]
    change = np.abs(served - oracle)
    return {"rows": len(oracle), "moved": int(np.sum(change > 0.1)), "flipped": int(np.sum((served > 0.5) != (oracle > 0.5))),
            "median": float(np.median(change))}


generations = {"3": runs, "2": page.KERAS2["multi_input_order"]}
rows = ["| run | accuracy served (original) | rows | score moved by more than 0.1 | predicted class changed | "
        "median change |", "|---|---|---|---|---|---|"]
rose = []
for gen_runs in generations.values():
    for fmt, run in gen_runs.items():
        e = effect(run, "list_in_the_wrong_order")
        m = run.verdict("list_in_the_wrong_order").measured
        assert e["flipped"] > 0, (run.keras_name, fmt, e)
        if m["quality"] > m["oracle_quality"]:
            rose.append(f"{run.keras_name} (`.{fmt}`)")
        rows.append(f"| {run.keras_name}, `.{fmt}` | {m['quality']:.3f} ({m['oracle_quality']:.3f}) | {e['rows']} | "
                    f"{e['moved']} | {e['flipped']} | {e['median']:.3f} |")
rise = f", and with {' and '.join(rose)} it even rises, by chance" if rose else ""
page.Markdown(
    f"Accuracy over the held-back rows hardly moves{rise}: the two blocks measure related things. "
    "The patients tell another story. Per row, against the original model:\n\n"
    + "\n".join(rows) + "\n\nA patient whose class changed got the other diagnosis from the same model and "
    "the same measurements, only because two arguments were passed the other way round.\n"
)

# %% [markdown]
# Suspecting the order, the author switches to a dict, which Keras matches by name. The names
# chosen are the obvious ones, not the ones the model was built with:

# %%
page.symptom(runs, "dict_with_wrong_keys")

# %% [markdown]
# This one is loud, and the message is helpful: it lists the keys the model expects.
#
# ## Why it happens
#
# A model with several inputs accepts them as a list or as a dict. A **list** is matched by
# position: the first array goes to the first input the model was built with, whatever it holds.
# Keras checks each array's shape against its input, and nothing more. When two inputs have the
# same shape, as here (ten columns each), a swapped list passes every check. Each block is then
# standardized with the other block's statistics and flows through weights learned for the other
# block. The output is still one probability per row, just not the right one.
#
# Nothing in the serving program tells it the model's input order: it lives in the training script,
# in the order of the inputs passed to `keras.Model(...)`. The saved file keeps it, together with
# each input's name.
#
# A **dict** is matched by name. A key that names no input is refused, so a dict can be wrong only
# loudly, never silently.
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

# %%
names = {f"{run.keras_name}, `.{fmt}`": run.trained["input_names"] for gen_runs in generations.values()
         for fmt, run in gen_runs.items()}
assert len({tuple(v) for v in names.values()}) == 1, names
page.Markdown(
    f"The names come from `keras.Input(..., name=...)` in the training script: `[t.name for t in model.inputs]` "
    f"gives {', '.join(f'`{n}`' for n in next(iter(names.values())))}, in that order, in every run on this page.\n"
)

# %% [markdown]
# ### Which fix to choose
#
# - **A dict keyed by the input names** whenever a model has more than one input. Name every
#   `keras.Input` when you build the model; the names are saved with it, and a dict keyed by them
#   cannot be routed to the wrong input.
# - **A list built from `model.inputs`** when the calling code must pass a list (an older helper, a
#   batching library): take the order from the loaded model, never from memory, and refuse a name
#   you have no data for.
# - **Give inputs of the same shape different names that say what they hold.** The names are what
#   makes the dict check possible at all.
#
# ## The proof
#
# A fix counts only when its predictions match the ones the original model made in memory, before
# it was saved.

# %%
page.proof(runs)

# %%
page.exercise_link("multi_input_order")

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.multi_input_order             # the silent swap and the refused dict
# python -m scenarios.multi_input_order --format h5 # the same with the legacy .h5 file
# python -m scenarios.multi_input_order --json      # the recorded verdicts
# ```
