# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %%
# Source of the damaged_files page, executed at build time (plumbing cells are hidden on the
# page, cells tagged show are not); every error, size, byte and version on the page comes from the real run below.
from scenarios.damaged_files.model_files import identify
from scenarios.machinery.artifacts import model_path
from scenarios.machinery.docsite import page

runs = page.run_scenario("damaged_files")
page.header(runs)

# %% [markdown]
# ## What you see
#
# A small network that reads handwritten digits is trained and saved, and a serving program loads it
# from a path. The program never changes; what the deployment put at that path does. Here are the
# files this page served, what their first bytes are, and what they really are:

# %%
STEMS = {"model": "the model, as saved", "model_lfs_pointer": "a clone without git-lfs",
         "model_truncated": "a download that stopped half way", "model_html": "a link that answered with a web page",
         "model_renamed": "the other format's file, renamed"}
rows = ["| file | how it got there | size | first bytes | what it really is |", "|---|---|---|---|---|"]
for stem, how in STEMS.items():
    for fmt, run in runs.items():
        path = model_path(run.workdir, stem, fmt)
        head = path.read_bytes()[:12]
        rows.append(f"| `{path.name}` | {how} | {path.stat().st_size} bytes | `{head!r}` | {identify(path).description} |")
page.Markdown("\n".join(rows) + "\n\nThe last column is what the fixed code's `identify()` returned for each file.\n")

# %% [markdown]
# Every one of them but the first fails in `load_model()`:

# %%
page.symptom(runs, "lfs_pointer")

# %%
page.symptom(runs, "truncated_download")

# %%
page.symptom(runs, "html_error_page")

# %%
page.symptom(runs, "other_format_renamed")

# %% [markdown]
# ## Why it happens
#
# `load_model()` chooses its reader by the file's extension. A `.keras` file must be a zip archive;
# anything else under that name gets the same sentence, *File not found*, although the file is
# there. A `.h5` file goes to h5py, which reads HDF5 and looks for its signature first: a
# text pointer, a web page or a zip archive has none, hence *file signature not found*. Neither
# reader looks at what the file actually holds, so neither can say "this is a Git LFS pointer" or
# "this is a web page".
#
# One message does name its cause: h5py's *truncated file*. An HDF5 header records the file's full
# size, so h5py can compare it with what is on disk. A zip archive keeps its table of contents at
# the end, so a `.keras` file cut short is simply not a zip archive any more.
#
# The first bytes and the size tell these cases apart at once: `head -c 100 model.h5` on a shell,
# or a few lines of Python before `load_model()`. A short text file that starts with
# `version https://git-lfs` is a pointer; one that starts with `<!DOCTYPE html>` is a page.
#
# ## The code, broken and fixed
#
# The serving files that ran for this page, embedded from the repository; the fixed one imports the
# check, `model_files.py`, shown in the same tab.

# %%
page.code_tabs(runs)

# %% [markdown]
# ## When there is no model to be had
#
# Some files cannot become a model: a web page, or a folder of several models. The fixed loader
# still raises for them, by design. What changes is what it says.

# %%
page.symptom(runs, "html_page_named_by_the_check")

# %%
page.symptom(runs, "folder_named_by_the_check")

# %% [markdown]
# ## The fixes

# %%
page.fixes(runs)

# %% [markdown]
# ### Which fix to choose
#
# - **Look before loading.** Read the first bytes and the size, and refuse, naming what the file
#   is, anything that is neither a zip archive nor HDF5: `zipfile.is_zipfile(path)` and
#   `h5py.is_hdf5(path)` do it in one call each. The clear message is worth having even where
#   nothing can be repaired.
# - **A Git LFS pointer:** the real file is in LFS, not in git. `git lfs install` and
#   `git lfs pull` replace pointers with their objects; in CI, check out with LFS enabled. The
#   pointer's `oid` is the file's sha256, so whatever fetches the object can verify it.
# - **A download cut short:** fetch it again, and verify it against a published checksum before
#   loading: `keras.utils.get_file(fname, origin, file_hash=sha256)` does both, and re-downloads a
#   cached copy whose hash does not match.
# - **A web page:** the link is wrong (a "blob" page instead of the raw file, a link that needs a
#   login, an expired link). Fix the link; a checksum check catches it too.
# - **A renamed file:** load it by what it is. Better, keep the extension that matches the format:
#   `.keras` for the zip archive, `.h5` for HDF5.
#
# ## The proof
#
# A fix counts only when the model it loads gives the same predictions as the original model did in
# memory, before it was saved.

# %%
page.proof(runs)

# %%
page.exercise_link("damaged_files")

# %% [markdown]
# ## Run it yourself
#
# ```bash
# python -m scenarios.damaged_files             # each file, the real errors, and the fixes
# python -m scenarios.damaged_files --format h5 # the same with the legacy .h5 files
# python -m scenarios.damaged_files --keras 2   # the same on tf.keras 2
# ```
