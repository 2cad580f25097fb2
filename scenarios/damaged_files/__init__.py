"""Damaged files: the file at the model's path is not a model, and load_model() does not say what it is.

The story, in order:

1. train.py trains a small digit classifier and saves it. Beside it, it writes what a deployment
   too often puts at the model's path instead: the Git LFS pointer that a clone without git-lfs
   holds, the first half of the file (a download cut short), an HTML error page saved under the
   model's name, and each format's file under the other format's extension. It also fills what the
   real-world fixes fetch from: a local LFS store (as `git lfs pull` would) and the origin's copies,
   with their sha256 published in downloads.json.
2. serve_broken.py hands each file to load_model() in a fresh process. Every one fails at load, with messages that name none of these causes: a .keras
   file that exists is "not found", and every .h5 that is not HDF5 has "no file signature".
3. serve_fixed.py identifies the file first, by its first bytes and its size: it loads the object
   the LFS pointer names from the store, fetches a cut-short download again and checks its sha256,
   and loads a renamed file by its content. Those must reproduce the oracle. An HTML page and a
   folder cannot become a model: there the fixed code raises, and its message says what the file is.
"""

from scenarios.machinery.declare import Case, MatchesOracle, Pasted, Raises, Scenario

# Keras 3 hands any .keras path that is not a zip archive to this message, though the file exists.
KERAS_NOT_FOUND = r"File not found: filepath=\S+\. Please ensure the file is an accessible `\.keras` zip file"
# h5py, for any file that does not start with the HDF5 signature.
NO_SIGNATURE = r"Unable to (?:synchronously )?open file \(file signature not found\)"
TRUNCATED = r"Unable to (?:synchronously )?open file \(truncated file: eof = \d+, sblock->base_addr = \d+, stored_eof = \d+\)"
SERVE = "scenarios.damaged_files.serve_broken:classify_digits"
FIXED = "scenarios.damaged_files.serve_fixed:classify_digits"


def _by_format(keras_file: Raises, h5_file: Raises) -> dict:
    return {"keras": keras_file, "h5": h5_file}


SCENARIO = Scenario(
    name="damaged_files",
    title="Damaged files: a Git LFS pointer, a download cut short, a web page where the model should be",
    summary="load_model() fails on a file that is not a model, and its message never says what the file is.",
    task="multiclass",
    train="scenarios.damaged_files.train:train",
    verified_on={"tensorflow": "2.21.0", "keras": "3.15.1", "h5py": "3.14.0"},
    symptoms=(
        "the size of the .h5 model is 133 bytes",
        "my model file is only a few hundred bytes after git clone",
        "load_model says file not found but the .keras file exists",
        "the downloaded hdf5 model file is broken, only a few KB",
        "the model file I downloaded is an HTML page, not the model",
        "the .h5 weights file is corrupted and cannot be opened",
    ),
    pasted=(
        Pasted(r"Unable to open file \(file signature not found\)", "https://github.com/AnnekeMeyer/zone-segmentation/issues/2",
               "lfs_pointer"),
        Pasted(r"Unable to open file \(truncated file: eof = \d+, sblock->base_addr = \d+, stored_eof = \d+\)",
               "https://github.com/GantMan/nsfw_model/issues/69", "truncated_download"),
        # Older h5py's words for the same two.
        Pasted(r"Unable to open file \(Unable to find a valid file signature\)",
               "https://github.com/keras-team/keras/issues/2936", "lfs_pointer"),
        Pasted(r"Unable to open file \(truncated file: eof = \d+, sblock->base_addr = \d+, stored_eoa = \d+\)",
               "https://github.com/keras-team/keras/issues/6221", "truncated_download"),
    ),
    cases=(
        Case(
            name="lfs_pointer",
            title="A Git LFS pointer where the model should be",
            serve=SERVE,
            model="model_lfs_pointer",
            expect=_by_format(Raises("ValueError", KERAS_NOT_FOUND, during="load_model"),
                              Raises("OSError", NO_SIGNATURE, during="load_model")),
            keras2=Raises("OSError", NO_SIGNATURE, during="load_model"),
            keras2_why=(
                "Both formats end in h5py's 'file signature not found': for a file that is not a zip archive, "
                "even one named .keras, it tries HDF5."
            ),
            why=(
                "A repository that stores models with Git LFS commits a short text pointer (the object's sha256 "
                "and size) in the model's place. A clone or a CI checkout without git-lfs, or a download of the "
                "'raw' link, gets that pointer. It is neither a zip archive nor HDF5."
            ),
        ),
        Case(
            name="truncated_download",
            title="The first half of the file: a download cut short",
            serve=SERVE,
            model="model_truncated",
            expect=_by_format(Raises("ValueError", KERAS_NOT_FOUND, during="load_model"),
                              Raises("OSError", TRUNCATED, during="load_model")),
            keras2=_by_format(Raises("OSError", NO_SIGNATURE, during="load_model"),
                              Raises("OSError", TRUNCATED, during="load_model")),
            keras2_why=(
                "The cut .h5 is named as on Keras 3. The cut .keras, a zip archive without its end, is handed to "
                "h5py, which finds no HDF5 signature in it."
            ),
            why=(
                "A zip archive keeps its table of contents at the end, so a .keras file cut short is no zip "
                "archive at all, and Keras 3 calls it not found. An HDF5 header records the file's full size: "
                "h5py compares it with what is there, which is the only message here that names the cause "
                "(eof is what the file has, stored_eof what it should have)."
            ),
        ),
        Case(
            name="html_error_page",
            title="An HTML error page saved under the model's name",
            serve=SERVE,
            model="model_html",
            expect=_by_format(Raises("ValueError", KERAS_NOT_FOUND, during="load_model"),
                              Raises("OSError", NO_SIGNATURE, during="load_model")),
            keras2=Raises("OSError", NO_SIGNATURE, during="load_model"),
            keras2_why="Both formats end in h5py's 'file signature not found', as for the LFS pointer.",
            why=(
                "A wrong or expired link, a page that asks to sign in, a 'blob' link instead of the raw file: "
                "the server answers with a web page, and the download tool saves it under the name it was given."
            ),
        ),
        Case(
            name="other_format_renamed",
            title="Each format under the other's extension: a .keras zip named .h5, an HDF5 file named .keras",
            serve=SERVE,
            model="model_renamed",
            expect=_by_format(Raises("ValueError", KERAS_NOT_FOUND, during="load_model"),
                              Raises("OSError", NO_SIGNATURE, during="load_model")),
            keras2=_by_format(MatchesOracle(), Raises("OSError", NO_SIGNATURE, during="load_model")),
            keras2_why=(
                "The HDF5 file named .keras loads and predicts right: tf.keras 2 recognizes HDF5 by its content. "
                "The zip archive named .h5 still goes to h5py, and fails as on Keras 3."
            ),
            why=(
                "load_model() picks its reader by the extension alone: a .keras name goes to the zip reader, a "
                ".h5 name to h5py. A file renamed to please a tool, or a .keras model saved with an .h5 name by "
                "someone else's code, reaches the wrong reader."
            ),
        ),
        Case(
            name="html_page_named_by_the_check",
            title="The fixed loader, given the HTML page: refused, naming what the file is",
            serve=FIXED,
            model="model_html",
            expect=Raises("NotAModelFile", r"is not a Keras model file: it is an HTML page \(\d+ bytes, titled "
                                           r"'404 Not Found'\)", during="load_checked_model"),
            keras2=Raises("NotAModelFile", r"is not a Keras model file: it is an HTML page \(\d+ bytes, titled "
                                           r"'404 Not Found'\)", during="load_checked_model"),
            why=(
                "This case runs the fixed code, and raising is its right outcome: no model can be made from a web "
                "page, and nothing says where the real file is. What the fix changes is the message: it names "
                "what the file is, its size and its title, before load_model() ever sees it."
            ),
        ),
        Case(
            name="folder_named_by_the_check",
            title="The fixed loader, given the folder: refused, listing the model files in it",
            serve="scenarios.damaged_files.serve_fixed:classify_digits_from_folder",
            expect=Raises("NotAModelFile", r"is not a Keras model file: it is a folder, not a model file; the model "
                                           r"files in it: \S+", during="load_checked_model"),
            keras2=Raises("NotAModelFile", r"is not a Keras model file: it is a folder, not a model file; the model "
                                           r"files in it: \S+", during="load_checked_model"),
            why=(
                "A setting that names the model's folder instead of the file. Given a folder, load_model() "
                "assumes a TensorFlow SavedModel and answers with a message about that format. The fixed code "
                "refuses too, by design, since a folder of several models says nothing "
                "about which one was meant; its message names the folder for what it is and lists the candidates."
            ),
        ),
        Case(
            name="lfs_object_from_the_store",
            title="The LFS pointer recognized, and the object it names loaded from the LFS store",
            serve=FIXED,
            model="model_lfs_pointer",
            expect=MatchesOracle(),
            why=(
                "The pointer's oid is the sha256 of the real file. The fix finds that object in the local LFS "
                "store, where `git lfs pull` puts it, checks its size and hash against the pointer, and loads it."
            ),
        ),
        Case(
            name="truncated_download_fetched_again",
            title="The cut-short download recognized, fetched again and checked against its published sha256",
            serve=FIXED,
            model="model_truncated",
            expect=MatchesOracle(),
            why=(
                "A partial file cannot be repaired, only fetched again. keras.utils.get_file downloads it from the "
                "origin named in downloads.json and refuses the result unless its sha256 is the published one."
            ),
        ),
        Case(
            name="renamed_file_loaded_by_content",
            title="The renamed file recognized by its first bytes and loaded with the matching reader",
            serve=FIXED,
            model="model_renamed",
            expect=MatchesOracle(),
            why="A zip archive is a .keras model and HDF5 is a .h5 model, whatever the name says.",
        ),
        Case(
            name="intact_file_through_the_check",
            title="The intact model file, through the same check",
            serve=FIXED,
            expect=MatchesOracle(),
            why="The check costs a read of the file's first bytes, and a whole file passes it unchanged.",
        ),
    ),
)
