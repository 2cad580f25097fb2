"""Paste your error: `python -m scenarios.explain` routes real error texts and symptoms to the
scenario that explains them, from the messages the runs recorded, and says so when none does."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.machinery import matching, registry
from scenarios.machinery.quiet import key_message

ROOT = Path(__file__).resolve().parent.parent
PASTED = Path(__file__).parent / "data" / "pasted_errors.json"


@pytest.fixture(scope="module")
def recorded(scenario_run):
    """Every scenario served in both formats and generations: their messages are the index."""
    runs = [scenario_run(name, fmt, keras) for name in registry.names() for fmt in ("keras", "h5")
            for keras in ("3", "2")]
    return runs


def test_every_recorded_message_leads_back_to_its_scenario_whatever_its_names_and_numbers(recorded):
    entries = matching.index()
    for run in recorded:
        for verdict in run.verdicts:
            if not (verdict.case.broken and verdict.raised):
                continue
            message = f"{verdict.raised['type']}: {key_message(verdict.raised['message'], limit=None)}"
            # Another user's names, numbers and quotes: what normalisation must see through.
            # Numbers are the user's own, except where the matcher reads them as evidence (shapes, layer counts).
            disguised = (message if matching.shapes(message) else re.sub(r"\d+", "7", message)).replace("'", '"')
            disguised = re.sub(r"custom_loss|conv_classifier|sequential", "my_thing", disguised)
            best = matching.match(disguised, entries, limit=20)
            # Some lessons share a message word for word (Could not locate function 'X'): any of the
            # equally good matches is right, and the lesson must be among them.
            tied = [m.scenario for m in best if m.score == best[0].score]
            assert run.scenario.name in tied, (run.scenario.name, verdict.case.name, disguised, best[:3])


def test_a_pasted_message_with_double_quotes_finds_the_shape_scenario_with_its_own_numbers(recorded):
    text = ('ValueError: Input 0 of layer "sequential" is incompatible with the layer: expected '
            'shape=(None, 28, 28, 1), found shape=(None, 784)')
    best = matching.match(text)
    assert best[0].scenario == "shape_mismatch" and best[0].case == "flat_rows"
    diagnosis = matching.shapes(text)
    assert "784" in diagnosis.sentence and "(-1, 28, 28, 1)" in diagnosis.sentence


@pytest.mark.parametrize("text,scenario,case", [
    ("ValueError: Error when checking input: expected conv2d_input to have 4 dimensions, but got array with "
     "shape (28, 28, 1)", "shape_mismatch", "one_image_without_batch_axis"),
    ("ValueError: Input 0 is incompatible with layer model_3: expected shape=(None, 224, 224, 3), "
     "found shape=(1, 224, 224, 4)", "channels_and_size", None),
    ("ValueError: could not broadcast input array from shape (224,224) into shape (224,224,3)", "channels_and_size",
     "grayscale_png"),
    ("InvalidArgumentError: input depth must be evenly divisible by filter depth: 4 vs 3", "channels_and_size", None),
    ("ValueError: Input 0 is incompatible with layer conv2d_1: expected ndim=4, found ndim=5", None, None),
    ("ValueError: Cannot feed value of shape (1, 416, 416) for Tensor 'input_1:0', which has shape "
     "'(?, 416, 416, 3)'", "channels_and_size", "grayscale_png"),
    ("ValueError: Shape must be rank 2 but is rank 1 for 'MatMul_3' (op: 'MatMul') with input shapes: [784], [784,256].",
     "shape_mismatch", "one_image_without_batch_axis"),
    ("Error: Invalid TF_Status: 3 Message: Incompatible shapes: [193,257,4] vs. [3]", "channels_and_size", None),
    ("ValueError: Error when checking input: expected dense_input to have shape (7,) but got array with shape (1,)",
     "shape_mismatch", "one_image_without_batch_axis"),
    # Both shapes read and none of the covered failures: other features than in training.
    ('ValueError: Input 0 of layer "sequential" is incompatible with the layer: expected shape=(None, 1, 4), '
     'found shape=(None, 1, 34)', None, None),
    # Not a prediction's input at all: the labels given to fit(), or an array that never loaded.
    ("Error when checking target: expected conv2d_134 to have 4 dimensions, but got array with shape (24, 320, 320)",
     None, None),
    ("ValueError: Error when checking input: expected conv2d_62_input to have 4 dimensions, but got array with shape "
     "(0, 1)", None, None),
    # After Flatten: 14×14×256 values taken, 15×15×256 received, images of another size; a table's
    # 2 features against 5, or a last axis of 169 against 8, are not.
    ("ValueError: Input 0 of layer dense_2 is incompatible with the layer: expected axis -1 of input shape to have "
     "value 50176 but received input with shape [None, 57600]", "channels_and_size", None),
    ("ValueError: Input 0 of layer dense_1 is incompatible with the layer: expected axis -1 of input shape to have "
     "value 2 but received input with shape [None, 5]", None, None),
    ("ValueError: Input 0 of layer sequential_8 is incompatible with the layer: expected axis -1 of input shape to "
     "have value 8 but received input with shape (None, 7, 169)", None, None),
    ("ValueError: Input 0 of layer conv2d is incompatible with the layer: expected axis -1 of input shape to have "
     "value 3 but received input with shape (1, 224, 224, 4)", "channels_and_size", None),
    # The same shapes raised in fit(), as Keras 3's list of the call's arguments shows.
    ("ValueError: Exception encountered when calling Sequential.call().\n\nInput 0 of layer \"dense_2\" is "
     "incompatible with the layer: expected axis -1 of input shape to have value 50176, but received input with "
     "shape (None, 57600)\n\nArguments received by Sequential.call():\n  • inputs=tf.Tensor(shape=(None, 240, 240, "
     "1), dtype=float32)\n  • training=True\n  • mask=None", None, None),
])
def test_shapes_in_the_users_text_name_the_cause(text, scenario, case):
    diagnosis = matching.shapes(text)
    assert diagnosis.scenario == scenario and diagnosis.case == case, diagnosis


def test_a_whole_traceback_is_explained_by_its_last_lines(recorded):
    run = next(r for r in recorded if r.scenario.name == "custom_objects" and r.fmt == "h5" and r.keras == "2")
    raised = run.verdict("load_without_the_loss").raised
    traceback = ("Traceback (most recent call last):\n  File \"serve.py\", line 12, in <module>\n"
                 "    model = tf.keras.models.load_model(\"/srv/models/model.h5\")\n"
                 "  File \"/usr/lib/python3/site-packages/tf_keras/src/saving/legacy/hdf5_format.py\", line 201, in load\n"
                 f"{raised['type']}: {raised['message']}\n")
    assert matching.match(traceback)[0].scenario == "custom_objects"


def test_a_symptom_in_a_users_words_finds_a_silent_failure():
    best = matching.match("after load_model the accuracy dropped and every input gets the same class")
    assert best and registry.get(best[0].scenario).broken_cases
    silent = {s.name for s in registry.all_scenarios() if s.symptoms}
    assert best[0].scenario in silent


def test_keras3s_outer_paragraph_alone_still_finds_the_cause(recorded):
    """People often copy only the first paragraph Keras 3 wraps a cause in: the recorded wrapper of the
    DepthwiseConv2D failure leads to the Keras 2 files lesson, with another user's config inside."""
    runs = [r for r in recorded if r.scenario.name == "keras2_files" and r.keras == "3"]
    paragraphs = [p for r in runs for v in r.verdicts if v.case.broken and v.raised
                  for p in v.raised["message"].split("\n\n")]
    outer = next(p for p in paragraphs if p.startswith("Error when deserializing class 'DepthwiseConv2D'"))
    outer = outer.replace("'depthwise_conv2d'", "'expanded_conv_depthwise'")
    assert "groups" in outer
    assert matching.match(outer)[0].scenario == "keras2_files"
    # Cut short inside its config, where the user's copy ended: still the same class's config.
    cut = outer[:outer.index("'groups'") + 40]
    assert "}" not in cut[cut.index("config="):] and matching.match(cut)[0].scenario == "keras2_files"


@pytest.mark.parametrize("built,saved,scenario", [(0, 2, "subclassed_model"), (14, 22, None), (49, 18, None)])
def test_layer_counts_in_the_users_text_decide(built, saved, scenario):
    """0 layers: a subclassed model never called before its .h5 weights; any other count: the weights
    of another architecture, which no lesson covers, so no match rather than a wrong one."""
    text = (f"ValueError: Layer count mismatch when loading weights from file. Model expected {built} layers, "
            f"found {saved} saved layers.")
    best = matching.match(text)
    assert (best[0].scenario if best else None) == scenario
    assert f"{saved}" in matching.shapes(text).sentence


def test_leads_are_offered_only_for_sentences_and_only_where_nothing_matched():
    assert matching.suggestions("ValueError: the example feeds non-normalized inputs") == []
    vague = "the example feeds non-normalized inputs, which leads to performance degradation"
    leads = matching.suggestions(vague)
    assert 1 <= len(leads) <= 3 and set(leads) <= set(registry.names())


def test_a_symptom_sentence_never_explains_a_text_that_raised():
    symptom = "after load_model the accuracy dropped and every input gets the same class"
    assert matching.match(symptom)
    raised = f"Traceback (most recent call last):\n  File \"x.py\", line 3\nValueError: Unknown optimizer: RAdam\n# {symptom}"
    assert all(m.evidence.kind != "symptom" for m in matching.match(raised))


@pytest.mark.parametrize("report", ['I get the error "Expected a model.weights.h5 file." and the same prediction for all inputs',
                                    "the same prediction for all inputs, then it throws an exception"])
def test_a_sentence_that_reports_an_error_message_is_no_silent_failure(report):
    silent = "the same prediction for all inputs"
    assert matching.match(silent) and matching.suggestions(silent)
    assert all(m.evidence.kind != "symptom" for m in matching.match(report))
    assert matching.suggestions(report) == []
    # Saying that nothing raised is what a silent failure's report says.
    assert matching.match(f"{silent}, with no error")[0].evidence.kind == "symptom"


def test_a_symptom_that_matches_no_single_sentence_is_found_by_the_words_only_its_scenario_uses():
    text = "we fitted a StandardScaler on the training features but the serving code sends raw values"
    assert all(matching.score(text, entry) == 0 for entry in matching.index())  # no single sentence or message
    pooled = matching.pooled_symptoms(text)
    assert pooled and pooled.scenario == "preprocessing_mismatch" and "standardscaler" in pooled.evidence.text
    assert matching.match(text)[0].scenario == "preprocessing_mismatch"
    # Only a silent failure is found this way: a failure that raises is found by its message.
    vocabularies, silent = matching.symptom_vocabularies()
    assert "custom_layers" not in silent and {"pixel_range", "training_flag"} <= silent
    assert matching.pooled_symptoms("my own layer class and its activation will not load in another script") is None


@pytest.mark.parametrize("ways", [("BatchNormalization", "batch norm", "batch-norms", "batch_normalization"),
                                  ("training=True", "training = true"),
                                  ("[0,255]", "0-255", "0 to 255", "255.0")])
def test_one_thing_written_several_ways_is_one_word(ways):
    assert len({tuple(matching.normalise(way)) for way in ways}) == 1, [matching.normalise(w) for w in ways]


def test_words_end_where_the_browsers_end_them():
    """The box reads \\w and \\b as ASCII and any Unicode space as a space; so must explain, or a text in
    Chinese around a file name, or with no-break spaces, is read two ways."""
    assert matching.normalise("导入tensorflow.keras训练的模型") == ["path"]
    assert matching.normalise("the\u00a0loaded\u3000model") == matching.normalise("the loaded model")


@pytest.mark.parametrize("word,same_as", [("decayed", "dropped"), ("reloading", "loading"), ("images", "image"),
                                           ("mapped", "map"), ("inconsistent", "different")])
def test_users_words_for_the_same_thing_are_one(word, same_as):
    assert matching._content([word]) == matching._content([same_as])


def test_a_class_written_bare_is_a_name_and_the_refused_keys_decide(recorded):
    """Another layer refusing the same stored argument is the same failure; another argument refused is not."""
    other_layer = "Exception encountered: Unrecognized keyword arguments passed to Conv2DTranspose: {'groups': 1}"
    assert matching.match(other_layer)[0].scenario == "keras2_files"
    other_argument = "ValueError: Unrecognized keyword arguments passed to LSTM: {'batch_input_shape': (1, 1, 7)}"
    assert matching.match(other_argument) == []


@pytest.mark.parametrize("name,scenario", [("Functional", None), ("DepthwiseConv2D", None),
                                            ("BatchNormalizationV1", None), ("TFOpLambda", None),
                                            ("AttentionWithContext", "custom_layers"), ("AttentionV2", "custom_layers")])
def test_a_layer_that_is_kerass_own_is_a_version_mismatch_not_a_custom_layer(name, scenario):
    best = matching.match(f"ValueError: Unknown layer: {name}")
    assert (best[0].scenario if best else None) == scenario
    if scenario is None:
        assert f"'{name}' is one of Keras's own classes" in matching.diagnose_text(f"Unknown layer: {name}").sentence


def test_a_users_class_named_like_kerass_own_is_a_custom_layer(recorded):
    """keras-resnet's BatchNormalization: the name is Keras's, the module the file records is not."""
    message = ("TypeError: Could not locate class 'BatchNormalization'. Make sure custom classes and functions are "
               "decorated with `@keras.saving.register_keras_serializable()`. Full object config: {{'module': '{}', "
               "'class_name': 'BatchNormalization', 'config': {{'name': 'bn', 'freeze': True}}}}")
    best = matching.match(message.format("keras_resnet.layers"))
    assert (best[0].scenario, best[0].case) == ("custom_layers", "named_like_a_keras_layer")
    assert matching.match(message.format("keras.layers")) == []  # Keras's own: another version wrote it
    # tf.keras 2 refusing the argument the user's class added; another argument refused is not this.
    assert matching.match("TypeError: ('Keyword argument not understood:', 'freeze')")[0].scenario == "custom_layers"
    assert matching.config_keys("TypeError: ('Keyword argument not understood:', 'input_dim')") == {"input_dim"}
    assert matching.match("TypeError: ('Keyword argument not understood:', 'input_dim')") == []


@pytest.mark.parametrize("text,scenario", [
    # Keras 3 refusing what only tf.keras 2 has, or tf.keras 2's Functional by its tf_keras module.
    ("ValueError: Unknown layer: 'TFOpLambda'. Please ensure you are using a `keras.utils.custom_object_scope` and "
     "that this object is included in the scope.", "keras2_files"),
    ("TypeError: Could not locate class 'Functional'. Make sure custom classes and functions are decorated with "
     "`@keras.saving.register_keras_serializable()`. Full object config: {'module': 'tf_keras.src.engine.functional', "
     "'class_name': 'Functional', 'config': {'name': 'model'}}", "keras2_files"),
    # TensorFlow.js, or an older tf.keras meeting a newer file: other readers, not covered.
    ("Error: Unknown layer: TFOpLambda. This may be due to one of the following reasons:", None),
    ("ValueError: Unknown layer: Functional", None),
    # A class of the user's own is still a custom layer, whatever the wording shares with the above.
    ("TypeError: Could not locate class 'AttentionPool1D'. Make sure custom classes are decorated with "
     "`@keras.saving.register_keras_serializable()`.", "custom_layers"),
])
def test_a_file_tf_keras_2_wrote_read_by_keras_3_is_told_by_the_class_refused(recorded, text, scenario):
    best = matching.match(text)
    assert (best[0].scenario if best else None) == scenario, best


def test_keras_own_class_names_agree_with_the_installed_versions():
    code = "import json; from scenarios.machinery import keras_classes; print(json.dumps(keras_classes.installed()))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    installed = json.loads(done.stdout.strip().splitlines()[-1])
    from scenarios.machinery import keras_classes
    # The names, not the versions they were read from: a patch release that adds no layer changes nothing.
    assert sorted(keras_classes.names()) == installed["names"], "run python -m scenarios.machinery.keras_classes"
    assert sorted(keras_classes.tf_keras_only()) == installed["tf_keras_only"]
    assert {"TFOpLambda", "CuDNNLSTM"} <= keras_classes.tf_keras_only() and "Functional" not in keras_classes.tf_keras_only()


@pytest.mark.parametrize("text", [
    "Could not load dynamic library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file",
    "ModuleNotFoundError: No module named 'keras.engine'",
    "ResourceExhaustedError: OOM when allocating tensor with shape[1024,1024,3] and type float",
    "pip install tensorflow fails: No matching distribution found for tensorflow",
    # Arguments refused by name must be the ones a lesson's message refuses.
    "TypeError: __init__() got an unexpected keyword argument 'ragged'",
    "ValueError: Input 0 is incompatible with layer conv2d_1: expected ndim=4, found ndim=5",
])
def test_an_error_of_a_kind_not_covered_gets_no_match(text):
    assert matching.match(text) == []


def test_the_command_line(recorded, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(*args, stdin=None):
        return subprocess.run([sys.executable, "-m", "scenarios.explain", *args], input=stdin, capture_output=True,
                              text=True, env=env, timeout=60, cwd=tmp_path)

    done = run("--json", "ValueError: Unknown loss function: custom_loss")
    assert done.returncode == 0
    payload = json.loads(done.stdout)
    assert set(payload) == {"matches"} and payload["matches"][0]["scenario"] == "custom_objects"
    assert set(payload["matches"][0]) == {"scenario", "case", "title", "page", "score"}
    done = run(stdin="ModuleNotFoundError: No module named 'keras.engine'\n")
    assert done.returncode == 1 and "No scenario here explains" in done.stdout
    assert json.loads(run("--json", "nothing like an error").stdout) == {"matches": []}
    # A symptom nothing matches gets leads, never a match: exit 1, and --json still says no match.
    vague = "the example feeds non-normalized inputs, which leads to performance degradation"
    leads = matching.suggestions(vague)
    done = run(vague)
    assert leads and done.returncode == 1 and "Not a match" in done.stdout
    assert all(f"python -m scenarios.{name}" in done.stdout for name in leads)
    assert json.loads(run("--json", vague).stdout) == {"matches": []}
    (tmp_path / "trace.txt").write_text("TypeError: Could not locate function 'custom_loss'.")
    done = run("--file", "trace.txt")
    assert done.returncode == 0 and "python -m scenarios.custom_objects" in done.stdout
    # On a machine where no scenario has run yet, the answer says its index lacks the recorded messages.
    empty_cache = tmp_path / "no-runs-yet"
    fresh = subprocess.run([sys.executable, "-m", "scenarios.explain", "TypeError: Could not locate function 'x'."],
                           capture_output=True, text=True, timeout=60, cwd=tmp_path,
                           env={**env, "SCENARIOS_CACHE_DIR": str(empty_cache)})
    assert "no scenario has run on this machine yet" in fresh.stderr and fresh.stderr.count("\n") == 1
    assert "no scenario has run" not in run("TypeError: Could not locate function 'x'.").stderr
    for bad in (["--file", "missing.txt"], ["--frobnicate"], ["--file", "trace.txt", "also text"]):
        done = run(*bad)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and done.stderr.startswith("error:"), bad


def test_explaining_never_imports_tensorflow():
    code = ("import sys; from scenarios.machinery import matching; matching.match('TypeError: x'); "
            "print('tensorflow' in sys.modules or 'keras' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


# Each set of real texts and the bars it must keep: (top-1 of the covered, wrong confident matches of all).
# All three are development sets now. pasted_errors.json was tuned on from the start;
# pasted_errors_holdout.json was collected by someone who never ran the matcher, measured once (top-1
# 27/51, wrong 8/71), then tuned on; pasted_errors_final.json was held back and measured (top-1 26/40,
# wrong 7/51), then tuned on once a new set was being collected to judge instead. The bars only keep
# what tuning reached from slipping back. pasted_errors_judge.json (74 texts, from 74 threads none of the
# others cites, collected by two people who never ran the matcher) judged it once: top-1 32/47, wrong
# 8/74; then it was tuned on too. pasted_errors_judge2.json (72 texts, threads no other set cites, by two
# more people who never ran the matcher) judged the result once: top-1 22/47, wrong 9/72; then tuned on.
# pasted_errors_judge3.json (73 texts, threads no other set cites, two more such people) judged that
# once: top-1 27/46, wrong 6/73; then tuned on. pasted_errors_judge4.json (79 texts, the same way) judged
# that once: top-1 32/54, wrong 8/79; then tuned on. pasted_errors_judge5.json (54 texts, the same way)
# judged that once: top-1 16/30, wrong 7/54; then it was looked at (two general rules came of it).
# pasted_errors_judge6.json (60 texts, the same way) judged the result once: top-1 23/36, wrong 3/60. Its
# bars are those figures; it has not been looked at: keep it so, and judge the next change on a new set.
# pasted_errors_judge7.json (73 texts, the same way) judged the same matcher once more: top-1 17/44, wrong
# 5/73; not looked at either. pasted_errors_judge8.json (50 texts, the same way; threads are running out, so
# it holds more texts no scenario covers) judged the matcher once more: top-1 13/19, wrong 6/50; then it was
# looked at, and two general rules came of it (Keras's own legacy class names such as BatchNormalizationV1;
# a sentence that reports an error message it got describes no silent failure). judge6 and judge7 judged
# that result again, unseen: the same figures. pasted_errors_judge9.json (50 texts, the same way, after those
# rules) judged the result once: top-1 12/21, wrong 3/50 (the matcher before this round's rules: 13/21,
# 4/50); not looked at. judge6, judge7 and judge9 are the sets the site's box quotes (docsite.paste.UNSEEN_SETS).
REAL_TEXTS = {
    "pasted_errors_judge9.json": (0.57, 0.06),
    "pasted_errors_judge8.json": (0.68, 0.08),
    "pasted_errors_judge7.json": (0.38, 0.07),
    "pasted_errors_judge6.json": (0.63, 0.05),
    "pasted_errors_judge5.json": (0.56, 0.093),
    "pasted_errors_judge4.json": (0.70, 0.077),
    "pasted_errors_judge3.json": (0.71, 0.06),
    "pasted_errors_judge2.json": (0.68, 0.07),
    "pasted_errors_judge.json": (0.72, 0.07),
    # 0.89: its text 7 (labelled shape_mismatch, UNSURE, "it failed in fit") shows training=True in the
    # call's arguments, which explain now reads as raised in fit(), no failure covered here.
    "pasted_errors.json": (0.89, 0.05),
    "pasted_errors_holdout.json": (0.84, 0.05),
    "pasted_errors_final.json": (0.85, 0.06),
}


def test_the_box_says_how_far_to_trust_it_in_figures_measured_as_the_site_is_built(recorded):
    from scenarios.machinery.docsite import paste

    texts = [t for name in paste.UNSEEN_SETS for t in json.loads((PASTED.parent / name).read_text())]
    tops = [(found[0].scenario if (found := matching.match(t["text"])) else None) for t in texts]
    covered = [(t, top) for t, top in zip(texts, tops) if t["expected"] in registry.names()]
    right = sum(1 for t, top in covered if top == t["expected"])
    wrong = sum(1 for t, top in zip(texts, tops) if top and top != t["expected"])
    said = paste.trust()
    assert f"on {len(texts)} texts" in said and f"for {right} of {len(covered)} whose" in said, said
    assert f"a wrong one for {wrong} of the {len(texts)}" in said, said
    assert said in paste.box("generated/")
    # The sets it speaks of are the ones nobody tuned on: they keep their own bars below.
    assert set(paste.UNSEEN_SETS) <= set(REAL_TEXTS)


@pytest.mark.parametrize("name", sorted(REAL_TEXTS))
def test_on_real_texts_people_posted(recorded, capsys, name):
    """Top-1 accuracy on the texts whose failure is covered, and wrong confident matches on all."""
    path = PASTED.parent / name
    if not path.exists():
        pytest.skip(f"{name} not collected yet")
    texts = json.loads(path.read_text())
    entries = matching.index()
    for text in texts:
        found = matching.match(text["text"], entries)
        text["top"] = found[0].scenario if found else None
    covered = [t for t in texts if t["expected"] in registry.names()]
    right = sum(1 for t in covered if t["top"] == t["expected"])
    wrong = sum(1 for t in texts if t["top"] and t["top"] != t["expected"])
    accuracy, wrong_rate = right / len(covered), wrong / len(texts)
    # Error texts and symptom sentences apart: they are matched by different evidence.
    by_kind = "; ".join(
        f"{kind}: top-1 {sum(1 for t in covered if t['kind'] == kind and t['top'] == t['expected'])}/"
        f"{sum(1 for t in covered if t['kind'] == kind)}, wrong "
        f"{sum(1 for t in texts if t['kind'] == kind and t['top'] and t['top'] != t['expected'])}/"
        f"{sum(1 for t in texts if t['kind'] == kind)}"
        for kind in ("error", "symptom"))
    # The same without the texts whose collector could not settle the label from the thread.
    sure = [t for t in texts if "UNSURE" not in t["note"]]
    sure_covered = [t for t in sure if t["expected"] in registry.names()]
    settled = (f"labels marked UNSURE left out: top-1 {sum(1 for t in sure_covered if t['top'] == t['expected'])}/"
               f"{len(sure_covered)}, wrong {sum(1 for t in sure if t['top'] and t['top'] != t['expected'])}/{len(sure)}")
    with capsys.disabled():
        print(f"\nexplain on {name} ({len(texts)} real texts): top-1 {right}/{len(covered)} = {accuracy:.0%} of the "
              f"covered, wrong confident matches {wrong}/{len(texts)} = {wrong_rate:.0%} ({by_kind}; {settled})")
    least_right, most_wrong = REAL_TEXTS[name]
    assert accuracy >= least_right and wrong_rate <= most_wrong
