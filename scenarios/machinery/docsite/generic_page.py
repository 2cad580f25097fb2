# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# The generic page, used for a scenario that has no page.py of its own yet. It says only
# what the scenario declares and what its run measured. SCENARIO_NAME is set by the build.
from scenarios.machinery.docsite import page

runs = page.run_scenario(SCENARIO_NAME)  # noqa: F821  defined by the build's setup cell
scenario = next(iter(runs.values())).scenario
page.header(runs)

# %% [markdown]
# ## What you see
#
# The serving code below ran in a fresh process against the saved model; each way it goes wrong is
# shown as it happened.

# %%
page.Markdown("\n".join(page.symptom(runs, case.name).data for case in scenario.broken_cases))

# %% [markdown]
# ## The code, broken and fixed

# %%
page.code_tabs(runs)

# %% [markdown]
# ## The fixes

# %%
page.fixes(runs)

# %% [markdown]
# ## The proof
#
# Each fix must reproduce the predictions the original model made in memory, before it was saved.

# %%
page.proof(runs)

# %%
page.exercise_link(SCENARIO_NAME)  # noqa: F821
