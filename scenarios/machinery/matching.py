"""From a pasted error text, traceback or symptom sentence to the scenario that explains it.

The index is made of what the runs recorded (each broken case's real message, on Keras 3 and
tf.keras 2, in both formats: artifacts.recorded_messages), the declared patterns of each case,
older wordings people paste (Scenario.pasted, each with its public source) and the symptoms of the
silent failures in users' words (Scenario.symptoms). Texts are normalised first, so that names,
numbers, shapes, paths and quote styles do not matter.

A symptom sentence that matches no declared symptom may still use the words only one silent
failure's symptoms use (pooled_symptoms). The text's own details are evidence too: its shapes, layer
counts, the keys of a printed config, and a class name that is Keras's own (diagnose_text).

Better no match than a wrong one: a match needs enough of the message's own words in the text.
Nothing here imports TensorFlow. The docs site's "paste your error" box runs the same rules in the
browser, on `index()` exported as JSON (scenarios/machinery/docsite/paste.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from scenarios.machinery import artifacts, keras_classes, registry
from scenarios.machinery.declare import AccuracyBelowBaseline, DriftsFromOracle, Raises
from scenarios.machinery.quiet import key_message


def _compile(pattern: str, flags: int = 0) -> re.Pattern:
    r"""ASCII \w, \b, \d and \s, as in the browser's JavaScript: in Python's default Unicode mode a
    Chinese character is a word character, and "keras训练" would not end at "keras"."""
    return re.compile(pattern, flags | re.ASCII)


# Unicode spaces (no-break, ideographic...) become plain ones first: there the two languages' \s differ.
_OTHER_SPACES = str.maketrans({c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                               "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\x0b\x0c"})


def plain(text: str) -> str:
    """The text with its spaces made the ones both languages' matchers read alike."""
    return text.translate(_OTHER_SPACES)


# Order matters: paths and shapes before numbers, quoted names before punctuation goes.
_QUOTES = str.maketrans({c: "'" for c in "\"`‘’“”«»"})
_PATH = _compile(r"(?:[A-Za-z]:)?(?:[\\/][\w.\-~]+){2,}[\\/]?|\b[\w\-]+\.(?:keras|h5|hdf5|pb|json|py)\b")
_SHAPE = _compile(r"[(\[]\s*(?:none|\?|-?\d+)?(?:\s*,\s*(?:none|\?|-?\d+))*\s*,?\s*[)\]]")
_QUOTED = _compile(r"'([^'\s]{1,80})'")
_BRACES = _compile(r"\{[^{}]*\}")  # a config dict printed into a message: its contents are the user's
_UNCLOSED = _compile(r"\{[^{}\n]*(?=\n|$)")
_NUMBER = _compile(r"\b\d+(?:\.\d+)?\b")
_WORD = _compile(r"[a-z_][a-z0-9_]*")
# A class name written bare (DepthwiseConv2D, TFSMLayer, NoneType): a name like a quoted one, not a word
# of the message; exception classes (ValueError) excepted, they are the message's own.
_BARE_CLASS = _compile(r"(?<!['\w])(?=\w*[a-z])[A-Za-z]\w*?[A-Z]\w*(?<!Error)(?<!Exception)(?<!Warning)\b(?!')")
# Words that carry no meaning for matching.
_STOP = frozenset("""a an the of to in on for with and or is are was were be been it its this that
at by as from your you please ensure make sure but not no""".split())
# Words every error has: a pair made of two of these says nothing about which failure it is.
GENERIC = frozenset("""name num shape path object has have attribute error exception file line call
valueerror typeerror attributeerror keyerror nameerror runtimeerror oserror indexerror
traceback most recent last module got received expected argument arguments""".split())
# A text must share this many telling word pairs with a message to match it, and this much of the shorter.
MIN_SHARED, MIN_SCORE = 3, 0.6


# The same thing written in several ways, made one word before anything else: BatchNormalization,
# batch-norm, batch normalization; training=True, training = true; 0-255, [0,255], /255.
FOLDS = (
    (r"batch[\s_-]?norm[a-z]*", " batchnorm "),
    (r"training\s*=\s*true", " trainingtrue "),
    (r"[\[(]\s*0(?:\.0*)?\s*,\s*255(?:\.0*)?\s*[\])]|\b0\s*(?:-|–|to)\s*255\b|\b255(?:\.0*)?(?![\d.])", " pixel255 "),
    (r"[\[(]\s*0(?:\.0*)?\s*,\s*1(?:\.0*)?\s*[\])]|\b0\s*(?:-|–|to)\s*1(?:\.0*)?(?![\d.])", " unitrange "),
)
_FOLDS = tuple((_compile(pattern, re.I), into) for pattern, into in FOLDS)


def normalise(text: str) -> list[str]:
    """The words of `text` with paths, shapes, quoted names and numbers replaced by placeholders."""
    text = plain(text)
    for pattern, into in _FOLDS:
        text = pattern.sub(into, text)
    text = _BARE_CLASS.sub(lambda name: NAMED + name[0], text.translate(_QUOTES)).lower()
    for _ in range(3):  # nested dicts, innermost first
        text = _BRACES.sub(" config ", text)
    text = _UNCLOSED.sub(" config ", text)  # a config cut short where the user's copy ended
    text = _PATH.sub(" path ", text)
    text = _SHAPE.sub(" shape ", text)
    # The quoted name stays too, marked: where it is Keras's own (batch_shape, groups) it tells, and
    # where it is the user's own it must cost nothing (see _overlap).
    text = _QUOTED.sub(lambda q: " name " + " ".join(w if w.startswith(NAMED) else NAMED + w
                                                     for w in _WORD.findall(q[1])) + " ", text)
    text = _NUMBER.sub(" num ", text)
    return [w for w in _WORD.findall(text) if w not in _STOP]


NAMED = "qq"  # the mark of a word that was quoted in the text


def _overlap(mine: set, theirs: set) -> float:
    """Shared pairs over the smaller side's; pairs with a quoted name count only when shared."""
    shared = mine & theirs
    named = sum(1 for pair in shared if pair[0].startswith(NAMED) or pair[1].startswith(NAMED))

    def size(side: set) -> int:
        return sum(1 for pair in side if not (pair[0].startswith(NAMED) or pair[1].startswith(NAMED))) + named

    smaller = min(size(mine), size(theirs))
    return len(shared) / smaller if smaller else 0.0


def pairs(words: list[str]) -> set[tuple[str, str]]:
    """Adjacent word pairs, leaving out those made only of words every error has."""
    return {pair for pair in zip(words, words[1:]) if not (pair[0] in GENERIC and pair[1] in GENERIC)}


def _stem(word: str) -> str:
    """A crude stem, the same for a word's common forms: images/image, mapped/map, normalized/normalize."""
    if word.endswith("es") and word[:-2].endswith(("ss", "x", "ch", "sh")):
        return word[:-2]  # classes -> class, batches -> batch
    for ending in ("ing", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
            word = word[: -len(ending)]
            # mapped -> map, dropped -> drop
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
                word = word[:-1]
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


# Words people use for the same thing when they describe a symptom: the first of each group stands
# for the rest.
_SAME_THING = (
    ("drop", "decay", "decrease", "fell", "fall", "degrade", "degradation", "worse", "lower", "down"),
    ("wrong", "random", "garbage", "nonsense", "incorrect", "bad", "inaccurate"),
    ("load", "reload", "restore", "load_model", "loading"),
    ("session", "script", "process", "notebook", "kernel", "program"),
    ("different", "differ", "inconsistent", "vary", "varies", "change", "nondeterministic", "deterministic"),
    ("same", "identical", "constant"),
    ("prediction", "predictions", "output", "outputs", "result", "results"),
    ("misclassify", "misclassified", "misclassifies", "mispredict"),
    ("standardize", "normalize", "normalization", "standardization", "scaler", "zscore", "standardscaler",
     "minmaxscaler", "preprocess", "preprocessing", "tokenizer", "tokenize", "vectorizer", "encoder"),
)
SYNONYMS = {_stem(word): _stem(group[0]) for group in _SAME_THING for word in group}


def _content(words: list[str]) -> set[str]:
    """The stems of the meaningful words, names like load_model split into their parts, and words
    people use for the same thing made one."""
    stems = (_stem(part) for word in words for part in word.removeprefix(NAMED).split("_") if len(part) > 2)
    return {SYNONYMS.get(stem, stem) for stem in stems}


@dataclass
class Entry:
    scenario: str
    case: str | None
    kind: str  # "message" (from a run), "pattern" (declared or pasted), "symptom"
    text: str
    generation: str | None = None
    source: str | None = None
    # How much a full match is worth: a symptom or a wrapper's outer words are weaker evidence than
    # the message that names the cause.
    weight: float = 1.0


SYMPTOM_WEIGHT = 0.9
SYMPTOM_SHARE = 0.35  # of the text's own words, a declared symptom must share at least this much
# Keras 3 wraps a cause in outer paragraphs ("Error when deserializing class 'DepthwiseConv2D' using
# config=...", "<class 'Functional'> could not be deserialized properly"); people often paste only those.
WRAPPER_WEIGHT = 0.85


def index() -> list[Entry]:
    """Every message, pattern and symptom the matcher knows, from the runs and the declarations."""
    entries: list[Entry] = []
    for record in artifacts.recorded_messages():
        for case, raised in record["raised"].items():
            key = key_message(raised["message"], limit=None)
            entries.append(Entry(record["scenario"], case, "message", f"{raised['type']}: {key}",
                                 record.get("generation")))
            for paragraph in _outer_paragraphs(raised["message"], key, raised["type"]):
                entries.append(Entry(record["scenario"], case, "message", paragraph, record.get("generation"),
                                     weight=WRAPPER_WEIGHT))
    for scenario in registry.all_scenarios():
        for case in scenario.cases:  # a fix on Keras 3 may be what fails on tf.keras 2
            for generation in ("3", "2"):
                for fmt in artifacts.FORMATS:
                    expect = case.expect_on(generation, fmt)
                    if isinstance(expect, Raises):
                        entries.append(Entry(scenario.name, case.name, "pattern", expect.pattern_for(fmt), generation))
        for pasted in scenario.pasted:
            entries.append(Entry(scenario.name, pasted.case, "pattern", pasted.pattern, "2", pasted.source))
        for symptom in scenario.symptoms:
            entries.append(Entry(scenario.name, None, "symptom", symptom, weight=SYMPTOM_WEIGHT))
    return _unique(entries)


def _outer_paragraphs(message: str, key: str, kind: str = "") -> list[str]:
    """The paragraphs of a recorded message around its key one: what Keras 3 wraps the cause in.
    Plumbing every error shares (the call's arguments, tf.keras 2's "in user code:" and its frames,
    a graph's node trace) is left out: it would match any error."""
    kept = []
    for paragraph in message.split("\n\n"):
        paragraph = paragraph.strip()
        if _LAMBDA_CALL.match(paragraph):
            # An exception raised inside a Lambda's call is the Lambda's code failing, whatever it says.
            kept.append(f"{kind}: {paragraph}" if kind else paragraph)
        elif paragraph and not paragraph.startswith(_PLUMBING) and key not in paragraph:
            kept.append(paragraph[:2000])
    return kept


_PLUMBING = ("config=", "Exception encountered", "Arguments received by", "Call arguments received by",
             "in user code:", "File ", "Detected at node", "Graph execution error", "End of sequence")
_LAMBDA_CALL = _compile(r"Exception encountered when calling (?:layer \S+ \(type Lambda\)|Lambda\.call\(\))")


def _unique(entries: list[Entry]) -> list[Entry]:
    seen, kept = set(), []
    for entry in entries:
        key = (entry.scenario, entry.case, entry.kind, entry.text)
        if key not in seen:
            seen.add(key)
            kept.append(entry)
    return kept


# An exception line ("ValueError: ...", "NameError   Traceback") or a traceback's header.
_ERROR_LINE = _compile(r"(?m)^\s*(?:[\w.]+\.)?\w*(?:Error|Exception)\b(?::|\s{2,}Traceback)|Traceback \(most recent call last\)")
# Or a sentence that reports an error message it got ("I get the error ...", "the error: ...").
_SAYS_RAISED = _compile(r"\b(?:get|gets|got|getting|receive[sd]?|receiving|see|saw|shows?|showed|gives?|gave|giving|"
                          r"returns?|returned|raises|raised|throws?|threw|thrown)\s+(?:me\s+)?(?:the|this|an?|that|same)?"
                          r"\s*(?:following\s+)?(?:error|exception)s?\b|\b(?:error|exception)s?\s*(?::|is|was|says)?\s*['\"`“]",
                          re.I)


def _reports_raised(text: str) -> bool:
    """Whether the text shows or says that something raised: then it describes no silent failure."""
    return bool(_ERROR_LINE.search(text) or _SAYS_RAISED.search(text))


def common_symptom_words(entries: list[Entry]) -> frozenset[str]:
    """The words of the symptoms of several scenarios (model, load, predict, wrong...): sharing only
    those with a text says nothing about which failure it describes."""
    used_by: dict[str, set[str]] = {}
    for entry in entries:
        if entry.kind == "symptom":
            for word in _content(normalise(entry.text)):
                used_by.setdefault(word, set()).add(entry.scenario)
    return frozenset(word for word, scenarios in used_by.items() if len(scenarios) >= COMMON_IN)


COMMON_IN = 2  # a symptom word used by this many scenarios tells none of them apart


def score(text: str, entry: Entry, words: list[str] | None = None, common: frozenset[str] = frozenset()) -> float:
    """How well `entry` explains `text`, from 0 to 1 (0 below the thresholds). `common`: the symptom
    words that tell no scenario apart (common_symptom_words)."""
    text = plain(text)
    words = normalise(text) if words is None else words
    if entry.kind == "pattern":
        try:
            return 1.0 if re.search(entry.text, text.translate(_QUOTES), re.IGNORECASE | re.ASCII) or re.search(
                entry.text, text, re.IGNORECASE | re.ASCII) else 0.0
        except re.error:
            return 0.0
    if entry.kind == "symptom":
        if _reports_raised(text):
            return 0.0  # a symptom describes a silent failure; a text that raised is not one
        mine, theirs = _content(words), _content(normalise(entry.text))
        shared = mine & theirs
        if len(shared) < 3 or not theirs or not shared - common:
            return 0.0
        if len(shared) / len(mine) < SYMPTOM_SHARE:
            return 0.0  # three words of a declared symptom somewhere in a long story are not that symptom
        value = len(shared) / min(len(mine), len(theirs))
        return value * entry.weight if value >= 0.6 else 0.0
    mine, theirs = pairs(words), pairs(normalise(entry.text))
    if len(mine & theirs) < MIN_SHARED or not theirs:
        return 0.0
    text_keys, entry_keys = config_keys(text), config_keys(entry.text)
    if text_keys and entry_keys and not text_keys & entry_keys:
        return 0.0  # {'batch_input_shape': ...} refused is not {'time_major': False} refused
    theirs_refused = _refused_class(entry.text)
    if theirs_refused in keras_classes.names() and _refused_class(text) != theirs_refused:
        return 0.0  # Keras's own 'Functional' not found is not the user's 'MyLayer' not found
    value = _overlap(mine, theirs)
    raised, recorded = exception_type(text), exception_type(entry.text)
    if raised and recorded and raised != recorded:
        value *= OTHER_EXCEPTION  # the same words raised as another exception: weaker evidence
    return value * entry.weight if value >= MIN_SCORE else 0.0


OTHER_EXCEPTION = 0.75
_EXCEPTION = _compile(r"(?m)(?:^|\s)(?:[\w.]+\.)?([A-Z]\w*(?:Error|Exception)):")


def exception_type(text: str) -> str | None:
    """The class of the last exception the text shows raised ("ValueError: ..."), if any."""
    found = _EXCEPTION.findall(text)
    return found[-1] if found else None


# A dict's keys ({'groups': 1}, config={'name': ...}), an argument refused by name ("unexpected keyword
# argument 'ragged'"), or a list of them ("Unrecognized keyword arguments: ['batch_shape']").
# tf.keras 2's tuple wording too: "('Keyword argument not understood:', 'freeze')".
_CONFIG_KEY = _compile(r"'(\w+)'\s*:|[Kk]eyword argument (?:not understood:'?,?\s*)?'(\w+)'|keyword arguments:'?,? (?:dict_keys\()?\[([^\]]*)\]")


def config_keys(text: str) -> set[str]:
    """The argument names a text shows refused or rebuilt: what such a message is about is in them, and
    normalise() leaves them out (a dict's contents, a quoted name)."""
    keys = set()
    for key, argument, listed in _CONFIG_KEY.findall(text.translate(_QUOTES)):
        keys |= {key, argument} | set(re.findall(r"'(\w+)'", listed, re.ASCII))
    return keys - {""}


@dataclass
class Match:
    scenario: str
    case: str | None
    score: float
    evidence: Entry


# A symptom sentence that matches no single declared symptom may still use enough of the words only one
# scenario's symptoms use (scaler, argmax, batchnorm, pixel255): each shared word counts 1/the number of
# scenarios using it (words used by more than POOLED_COMMON count nothing), and a silent failure's
# scenario that totals POOLED_LEAST, POOLED_MARGIN ahead of the next, matches with POOLED_SCORE.
POOLED_LEAST, POOLED_MARGIN, POOLED_COMMON, POOLED_SCORE = 2.0, 0.5, 3, 0.6


@lru_cache(maxsize=1)
def symptom_vocabularies() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """Each scenario's symptom words (its symptoms, title and broken cases' titles), and the scenarios
    with a silent failure (a broken case that raises nothing)."""
    vocabularies, silent = {}, set()
    for scenario in registry.all_scenarios():
        texts = [*scenario.symptoms, scenario.title, *(case.title for case in scenario.broken_cases)]
        vocabularies[scenario.name] = frozenset().union(*(_content(normalise(text)) for text in texts))
        if any(isinstance(case.expect_on(generation, fmt), (AccuracyBelowBaseline, DriftsFromOracle))
               for case in scenario.broken_cases for generation in ("3", "2") for fmt in artifacts.FORMATS):
            silent.add(scenario.name)
    return vocabularies, frozenset(silent)


@lru_cache(maxsize=1)
def _symptom_word_use() -> dict[str, int]:
    """How many scenarios' symptoms use each word."""
    used_by: dict[str, int] = {}
    for vocabulary in symptom_vocabularies()[0].values():
        for word in vocabulary:
            used_by[word] = used_by.get(word, 0) + 1
    return used_by


def _symptom_totals(mine: set[str]) -> tuple[list[tuple[float, str]], dict[str, int]]:
    """Each scenario's total of the telling symptom words the text uses, best first, and how many
    scenarios use each word."""
    vocabularies, used_by = symptom_vocabularies()[0], _symptom_word_use()
    # Rounded, so that the browser's sums in another order tie and cross the thresholds as these do.
    totals = sorted(((round(sum(1 / used_by[w] for w in mine & vocabulary if used_by[w] <= POOLED_COMMON), 6), name)
                     for name, vocabulary in vocabularies.items()), reverse=True)
    return totals, used_by


def pooled_symptoms(text: str, words: list[str] | None = None) -> Match | None:
    """The silent failure whose symptoms' telling words the text uses most, clearly ahead of the rest."""
    text = plain(text)
    if _reports_raised(text):
        return None
    vocabularies, silent = symptom_vocabularies()
    words = normalise(text) if words is None else words
    mine = _content(words)
    totals, used_by = _symptom_totals(mine)
    (best, name), (second, _) = totals[0], totals[1]
    if best < POOLED_LEAST or best - second < POOLED_MARGIN or name not in silent:
        return None
    telling = {w for w in mine & vocabularies[name] if used_by[w] <= POOLED_COMMON}
    # The user's own words, not their stems, for explain to show.
    said = dict.fromkeys(word.removeprefix(NAMED) for word in words if _content([word]) & telling)
    return Match(name, None, POOLED_SCORE, Entry(name, None, "symptom", "its symptoms' words: " + ", ".join(said)))


SUGGESTED_LEAST = 1.0  # a lead, not a match: one word only that scenario's symptoms use is enough


def suggestions(text: str, limit: int = 3) -> list[str]:
    """For a symptom sentence nothing matched: the scenarios whose symptoms use the most of its telling
    words, as leads to read, never a match (explain's --json leaves them out). None for a text that
    raised, or whose own details already say what it is (diagnose_text)."""
    text = plain(text)
    if _reports_raised(text) or diagnose_text(text):
        return []
    totals, _ = _symptom_totals(_content(normalise(text)))
    return [name for total, name in totals[:limit] if total >= SUGGESTED_LEAST]


def match(text: str, entries: list[Entry] | None = None, limit: int = 3) -> list[Match]:
    """The scenarios that explain `text`, best first, one match per scenario."""
    text = plain(text)
    entries = index() if entries is None else entries
    words = normalise(text)
    common = common_symptom_words(entries)
    best: dict[str, Match] = {}
    for entry in entries:
        value = score(text, entry, words, common)
        if value and (entry.scenario not in best or value > best[entry.scenario].score):
            best[entry.scenario] = Match(entry.scenario, entry.case, round(value, 3), entry)
    diagnosis = diagnose_text(text)
    if diagnosis and not diagnosis.scenario:
        return []  # the user's own numbers say it is a failure no scenario here covers
    if not best and not diagnosis:
        pooled = pooled_symptoms(text, words)
        return [pooled] if pooled else []
    if diagnosis and diagnosis.scenario:
        known = best.get(diagnosis.scenario)
        # The user's own shapes name the cause more surely than the wording does.
        best[diagnosis.scenario] = Match(diagnosis.scenario, diagnosis.case, 1.0, known.evidence if known else
                                         Entry(diagnosis.scenario, diagnosis.case, "shape", diagnosis.sentence))
    # On a tie, the scenario the user's shapes point at comes first, then the one whose message names
    # the same quoted names, then the one whose title shares the text's words, then the one whose
    # headline case (its first) it is rather than a side case.
    pointed = diagnosis.scenario if diagnosis else None
    mine = _content(words)
    named = _quoted_names(text)
    mine_pairs = pairs(words)
    keys = config_keys(text)
    return sorted(best.values(), key=lambda m: (-m.score, m.scenario != pointed, -len(keys & config_keys(m.evidence.text)),
                                                 -_names_shared(mine_pairs, m.evidence),
                                                 -_topic(m.scenario, named, True), -_topic(m.scenario, mine),
                                                 _case_rank(m)))[:limit]


def _names_shared(mine: set, entry: Entry) -> int:
    """How many of the text's quoted names the entry's message has too ('DepthwiseConv2D' in both):
    the same class named is more evidence than the same sentence around another."""
    if entry.kind != "message":
        return 0
    return sum(1 for pair in mine & pairs(normalise(entry.text)) if pair[0].startswith(NAMED) or pair[1].startswith(NAMED))


def _quoted_names(text: str) -> set[str]:
    """The stems of the quoted names in the text, each by its last dotted part (the class, not its
    module): 'keras.Model' -> {'model'}."""
    names = [quoted.split(".")[-1] for quoted in _QUOTED.findall(text.translate(_QUOTES))]
    # Class names are CamelCase: 'NERModel' is NER + Model, 'DigitNet' Digit + Net.
    parts = [part for name in names for part in _CAMEL.findall(name)]
    return _content(_WORD.findall(" ".join(parts).lower()))


_CAMEL = _compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def _topic(scenario: str, mine: set[str], title_only: bool = False) -> int:
    """How many of the text's words the scenario's title (and summary) use: 'dice_loss' leans to the
    custom loss, 'f1_metric' to the custom metric, 'keras.Model' to the subclassed model, when their
    messages are word for word the same. The quoted names are compared with the title alone first."""
    try:
        declared = registry.get(scenario)
    except KeyError:
        return 0
    return len(mine & _content(normalise(declared.title if title_only else f"{declared.title} {declared.summary}")))


def _case_rank(match: Match) -> int:
    try:
        names = [case.name for case in registry.get(match.scenario).cases]
    except KeyError:
        return 99
    return names.index(match.case) if match.case in names else len(names)


# --- the user's own shapes, counts and class names ---------------------------------------------------

# "Unknown layer: Functional", "Could not locate class 'Sequential'": the class a loader could not rebuild.
_NOT_REBUILT = _compile(r"(?:Unknown layer|Could not locate class)\s*:?\s*'?(?P<name>[A-Za-z_]\w*)")


@lru_cache(maxsize=4096)  # score() asks it of every entry's text, for every text matched
def _refused_class(text: str) -> str | None:
    """The class a loader said it could not rebuild, if the text shows one."""
    found = _NOT_REBUILT.search(text.translate(_QUOTES))
    return found["name"] if found else None


# The module a .keras file records for a class: "{'module': 'keras_resnet.layers', 'class_name': 'BatchNormalization'".
_MODULE_OF = _compile(r"'module':\s*'(?P<module>[\w.]+)',\s*'class_name':\s*'(?P<name>\w+)'")
_KERAS_MODULE = _compile(r"(?:keras|tf_keras|tensorflow)(?:\.|$)")  # not keras_resnet
# Keras 3's wordings of a class it cannot rebuild ("Unknown layer: 'X'. Please ensure ..." is its legacy .h5
# loader's, and tf.keras 2's since 2.4, which knows every tf.keras 2 class), and the modules that say
# a class was written by tf.keras 2 (or Keras 2.13 to 2.15).
_KERAS3_REFUSAL = _compile(r"Could not locate class|Unknown layer: '\w+'\. Please ensure you are using a")
_TF_KERAS2_MODULE = _compile(r"(?:tf_keras|keras\.src\.engine|keras\.engine)\.")


def _modules_of(text: str, name: str) -> list[str]:
    """The modules the configs printed in the text record for class `name`."""
    return [found["module"] for found in _MODULE_OF.finditer(text) if found["name"] == name]


def diagnose_text(text: str) -> ShapeDiagnosis | None:
    """What the details of the user's own text say: its shapes and layer counts (shapes()), or a class
    a loader could not rebuild that is one of Keras's own. A diagnosis without a scenario says the
    failure is one no scenario here covers."""
    text = plain(text)
    found = shapes(text)
    if found:
        return found
    name = _refused_class(text)
    if name not in keras_classes.names():
        return None
    quoted = text.translate(_QUOTES)
    modules = _modules_of(quoted, name)
    # Recorded from a module outside Keras: the user's own class named as Keras names its own
    # (keras-resnet's BatchNormalization), not Keras's.
    if any(not _KERAS_MODULE.match(module) for module in modules):
        return None
    # Keras 3 refusing a class only tf.keras 2 has (TFOpLambda), or one the file's config places in
    # tf.keras 2's modules (Functional): a file tf.keras 2 wrote.
    if _KERAS3_REFUSAL.search(quoted) and (
            name in keras_classes.tf_keras_only() or any(_TF_KERAS2_MODULE.match(module) for module in modules)):
        return ShapeDiagnosis((), (), f"'{name}' comes from tf.keras 2 (Keras 3 has no such class, or does not "
                              "import tf.keras 2's module for it): the file was written by tf.keras 2 and is read "
                              "by Keras 3; its weights travel, its configuration does not", "keras2_files",
                              "tf_ops_in_the_model")
    return ShapeDiagnosis((), (), f"'{name}' is one of Keras's own classes, not a custom object: the file was "
                          "written by another Keras version than the one reading it (load it with the version "
                          "that saved it, or upgrade the reader), which no scenario here covers", None, None)


@dataclass
class ShapeDiagnosis:
    expected: tuple
    got: tuple
    sentence: str
    scenario: str | None
    case: str | None


_EXPECTED_GOT = (
    # Keras 3: "Expected shape (None, 28, 28, 1), but input has incompatible shape (32, 784)"
    _compile(r"expected shape\s*=?\s*(?P<e>\([^)]*\)).*?(?:incompatible shape|found shape)\s*=?\s*(?P<g>\([^)]*\))",
               re.I | re.S),
    # Keras 2: "... expected shape=(None, 28, 28, 1), found shape=(None, 784)"
    _compile(r"expected shape=(?P<e>\([^)]*\)),\s*found shape=(?P<g>\([^)]*\))", re.I),
    # tf.keras 2's warning: "Model was constructed with shape (None, 28, 28, 1) for input ..., but it was
    # called on an input with incompatible shape (28, 28, 1)."
    _compile(r"constructed with shape (?P<e>\([^)]*\)).*?called on an input with incompatible shape (?P<g>\([^)]*\))",
               re.I | re.S),
    # Old Keras 2, per sample: "expected input_1 to have shape (128, 128, 4) but got array with shape (128, 128, 3)"
    _compile(r"expected \S+ to have shape (?P<s>\([^)]*\)),? but got array with shape (?P<g>\([^)]*\))", re.I),
    # Old Keras 2: "expected conv2d_input to have 4 dimensions, but got array with shape (28, 28, 1)"
    _compile(r"expected \S+ to have (?P<n>\d+) dimensions,\s+but got (?:an )?array with shape (?P<g>\([^)]*\))", re.I),
    # "expected axis -1 of input shape to have value 3 but received input with shape (1, 224, 224, 4)"
    _compile(r"expected axis -1 of input shape to have value (?P<c>\d+),? but received input with shape "
               r"(?P<g>[(\[][^)\]]*[)\]])", re.I),
    # TensorFlow 1's feed_dict: "Cannot feed value of shape (1, 416, 416) for Tensor 'input_1:0', which has
    # shape '(?, 416, 416, 3)'"
    _compile(r"Cannot feed value of shape (?P<g>\([^)]*\)) for Tensor \S+,? which has shape '?(?P<e>\([^)]*\))", re.I),
    # NumPy filling a batch array: "could not broadcast input array from shape (224,224) into shape (224,224,3)"
    _compile(r"could not broadcast input array from shape (?P<g>\([^)]*\)) into shape (?P<s>\([^)]*\))", re.I),
    # "expected min_ndim=4, found ndim=3. Full shape received: (32, 834, 3)" (or "ndim=4", or "[None, 268, 3]")
    _compile(r"expected (?:min_)?ndim=(?P<n>\d+), found ndim=\d+\.? Full shape received: (?P<g>[(\[][^)\]]*[)\]])",
               re.I),
)


def _tuple(text: str) -> tuple:
    parts = [part.strip() for part in text.strip("()[] ").split(",")]
    return tuple(None if part.lower() in ("none", "?") else int(part) for part in parts if part)


_RANKS = _compile(r"expected (?:min_)?ndim=(\d+), found ndim=(\d+)", re.I)
# TensorFlow's convolution: "input depth must be evenly divisible by filter depth: 4 vs 3"
_FILTER_DEPTH = _compile(r"(?:input depth must be evenly divisible by filter depth|input and filter must have the "
                           r"same depth): (\d+) vs (\d+)", re.I)
# TensorFlow's ops: "Shape must be rank 2 but is rank 1 for 'MatMul_3' ... input shapes: [784], [784,256]"
_OP_RANK = _compile(r"Shape must be rank (\d+) but is rank (\d+)", re.I)
# A per-channel mean or scale broadcast over the image: "Incompatible shapes: [193,257,4] vs. [3]"
_PER_CHANNEL = _compile(r"Incompatible shapes: \[[\d,\s]*?(\d+)\] vs\.? \[(\d+)\]", re.I)
# Keras 2 checking the labels given to fit(), not the inputs of a prediction.
_TARGET = _compile(r"Error when checking target", re.I)
_LAYER_COUNT = _compile(r"Layer count mismatch when loading weights from file\. Model expected (\d+) layers?, "
                          r"found (\d+) saved layers?", re.I)


# Keras 3 lists the call's arguments under the message: training=True there means fit(), not predict().
_IN_TRAINING = _compile(r"•\s*training=True\b")


def shapes(text: str) -> ShapeDiagnosis | None:
    """What the expected and received shapes (or layer counts) in the text say, in the user's own
    numbers. A diagnosis without a scenario says the failure is one no scenario here covers."""
    text = plain(text)
    found = _shapes(text)
    if found and found.scenario and _IN_TRAINING.search(text):
        return ShapeDiagnosis(found.expected, found.got, "the call's arguments show training=True: this was raised "
                              "in fit(), by training data of another shape than the model takes; the failures "
                              "covered here happen when a loaded model predicts", None, None)
    return found


def _shapes(text: str) -> ShapeDiagnosis | None:
    counted = _LAYER_COUNT.search(text)
    if counted:
        built, saved = int(counted[1]), int(counted[2])
        if built == 0:
            return ShapeDiagnosis((0,), (saved,), f"the model had 0 layers when {saved} layers' weights were loaded "
                                  "into it: a subclassed model creates its layers on its first call, and legacy .h5 "
                                  "weights need them to exist", "subclassed_model", "h5_with_the_class_at_hand")
        return ShapeDiagnosis((built,), (saved,), f"the model in your code has {built} layers and the file holds "
                              f"weights for {saved}: they were saved from another architecture (or another version "
                              "of it), which no scenario here covers; load them into the model that saved them",
                              None, None)
    if _TARGET.search(text):
        return ShapeDiagnosis((), (), "the labels given to fit() (the target) have another shape than the model's "
                              "output: a training-data problem, which no scenario here covers", None, None)
    ops = _OP_RANK.search(text)
    if ops and int(ops[2]) == int(ops[1]) - 1:
        return ShapeDiagnosis((int(ops[1]),), (int(ops[2]),), f"an operation takes rank {ops[1]} and received rank "
                              f"{ops[2]}, one axis less: usually one sample sent without its batch axis (reshape it to "
                              "(1, ...))", "shape_mismatch", "one_image_without_batch_axis")
    channel = _PER_CHANNEL.search(text)
    if channel and channel[1] != channel[2] and {int(channel[1]), int(channel[2])} <= {1, 3, 4}:
        return _other_channels(int(channel[1]), int(channel[2]), "a per-channel step")
    ranks = _RANKS.search(text)
    if ranks and int(ranks[2]) > int(ranks[1]):
        return ShapeDiagnosis((int(ranks[1]),), (int(ranks[2]),), f"the model takes arrays of rank {ranks[1]} and "
                              f"received rank {ranks[2]}, one axis more: often the batch size written into input_shape, "
                              "or a batch axis added twice; no scenario here covers that", None, None)
    depth = _FILTER_DEPTH.search(text)
    if depth and depth[1] != depth[2]:
        return _other_channels(int(depth[1]), int(depth[2]), "the model's first convolution")
    for pattern in _EXPECTED_GOT:
        found = pattern.search(text)
        if not found:
            continue
        try:
            got = _tuple(found["g"])
        except ValueError:
            return None
        if got and got[0] == 0:
            return ShapeDiagnosis((), got, f"the array sent has shape {_show(got)}, no samples at all: the data never "
                                  "loaded (an empty folder or a wrong path), which no scenario here covers", None, None)
        groups = found.groupdict()
        if groups.get("s"):  # both shapes per sample: the batch axis is in neither
            try:
                sample = _tuple(found["s"])
            except ValueError:
                return None
            if len(sample) == 1 and sample[0] and sample[0] > 1 and got == (1,):
                return ShapeDiagnosis((None, *sample), (sample[0], 1), f"the model takes rows of {sample[0]} values "
                                      f"and read your one row of {sample[0]} as {sample[0]} rows of 1 value: send it "
                                      f"with its batch axis, x.reshape(1, {sample[0]})", "shape_mismatch",
                                      "one_image_without_batch_axis")
            return _diagnose((None, *sample), (None, *got)) or _unexplained((None, *sample), (None, *got))
        if groups.get("e"):
            try:
                expected = _tuple(found["e"])
            except ValueError:
                return None
            return _diagnose(expected, got) or _unexplained(expected, got)
        if groups.get("c"):
            channels = int(found["c"])
            if not got or got[-1] is None or got[-1] == channels:
                return None
            if len(got) >= 3 and {got[-1], channels} <= {1, 2, 3, 4}:
                return ShapeDiagnosis((None, *got[1:-1], channels), got,
                                      f"the model takes {channels} channel(s) per pixel and received {got[-1]} "
                                      f"(shape {got}): convert the images to the channels it was trained on",
                                      "channels_and_size", None)
            maps = _feature_maps(channels, got[-1]) if len(got) == 2 else None
            if maps:
                side, other, depth = maps
                return ShapeDiagnosis((None, channels), got, f"the layer after Flatten takes {channels} values and "
                                      f"received {got[-1]}, square feature maps of one depth ({side}×{side}×{depth} and "
                                      f"{other}×{other}×{depth}, for instance): the same network fed images of another "
                                      "size than in training; resize them to the training size, or put a Resizing "
                                      "layer in the model", "channels_and_size",
                                      None)
            return _unexplained((*got[:-1], channels), got)
        rank = int(found["n"])
        if len(got) != rank - 1:
            return None
        shown = _show(got)
        if got[-1] in (1, 3, 4) and got[0] is not None:  # channels are there: the batch axis is not
            return ShapeDiagnosis((None, *got), got, f"the model takes arrays of rank {rank} and received {shown}, "
                                  f"one sample without its batch axis: send it as shape (1, {', '.join(map(str, got))})",
                                  "shape_mismatch", "one_image_without_batch_axis")
        return ShapeDiagnosis((None, *got), got, f"the model takes arrays of rank {rank} and received {shown}: one "
                              "axis is missing, the batch axis for a single sample or the channel axis of a grayscale "
                              "image (add it with x[..., None])", "shape_mismatch", None)
    return None


FLATTENED_LEAST = 64  # fewer values than this after Flatten are features of a table, not feature maps


def _feature_maps(expected: int, got: int) -> tuple[int, int, int] | None:
    """(side, other side, depth) when `expected` and `got` values are square feature maps of one depth,
    side×side×depth and other×other×depth: what Flatten makes of images of two sizes."""
    if min(expected, got) < FLATTENED_LEAST:
        return None
    common = math.gcd(expected, got)
    divisors = {d for i in range(1, math.isqrt(common) + 1) if common % i == 0 for d in (i, common // i)}
    for depth in sorted(divisors, reverse=True):
        side, other = math.isqrt(expected // depth), math.isqrt(got // depth)
        if side * side * depth == expected and other * other * depth == got and min(side, other) >= 2:
            return side, other, depth
    return None


def _other_channels(have: int, takes: int, where: str) -> ShapeDiagnosis:
    """Images with `have` channels met `where`, made for `takes`: the numbers of TensorFlow's own op errors."""
    return ShapeDiagnosis((takes,), (have,), f"the images have {have} channel(s) and {where} takes {takes}: convert "
                          "them at the boundary (RGBA → RGB, or grey → RGB)", "channels_and_size", None)


def _unexplained(expected: tuple, got: tuple) -> ShapeDiagnosis:
    """Both shapes read, and neither a missing axis, flattened rows, other channels nor another size:
    the numbers say it is none of the failures covered here (often other features than in training)."""
    return ShapeDiagnosis(expected, got, f"expected {_show(expected)}, received {_show(got)}: not a missing batch or "
                          "channel axis, flattened rows, other channels or another image size, the failures covered "
                          "here; often the data has other features than the model was trained on", None, None)


def _diagnose(expected: tuple, got: tuple) -> ShapeDiagnosis | None:
    inner = expected[1:]
    said = f"expected {_show(expected)}, received {_show(got)}"
    if len(got) == len(expected) - 1 and all(e is None or e == g for e, g in zip(inner, got)):
        return ShapeDiagnosis(expected, got, f"{said}: one sample without its batch axis; add it in front, "
                              f"shape (1, {', '.join(map(str, got))})", "shape_mismatch", "one_image_without_batch_axis")
    if len(got) == len(expected) - 1 >= 2 and expected[-1] in (1, 3, 4) and all(
            e is None or g is None or e == g for e, g in zip(expected, got)):
        if expected[-1] == 1:
            return ShapeDiagnosis(expected, got, f"{said}: grayscale images without their channel axis; add it "
                                  "with x[..., None]", "shape_mismatch", None)
        return ShapeDiagnosis(expected, got, f"{said}: single-channel images without a channel axis where the model "
                              f"takes {expected[-1]} channels; convert them (grey → RGB) at the boundary",
                              "channels_and_size", "grayscale_png")
    if len(got) == 2 and len(inner) > 1 and None not in inner and got[1] == _product(inner):
        return ShapeDiagnosis(expected, got, f"{said}: flattened rows of {got[1]} values where the model takes "
                              f"{_show(inner)} per sample; reshape to (-1, {', '.join(map(str, inner))})",
                              "shape_mismatch", "flat_rows")
    if len(got) == len(expected) >= 3 and got[-1] != expected[-1] and {got[-1], expected[-1]} <= {1, 3, 4}:
        return ShapeDiagnosis(expected, got, f"{said}: {got[-1]} channel(s) where the model takes {expected[-1]}; "
                              f"convert the images at the boundary (RGBA → RGB, or grey → RGB)",
                              "channels_and_size", None)
    if len(got) == len(expected) >= 3 and got[-1] == expected[-1] and got[1:-1] != expected[1:-1]:
        return ShapeDiagnosis(expected, got, f"{said}: images of another size; resize them to "
                              f"{_show(expected[1:-1])}, or put a Resizing layer in the model",
                              "channels_and_size", None)
    return None


def _show(shape: tuple) -> str:
    return "(" + ", ".join("None" if s is None else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _product(values: tuple) -> int:
    result = 1
    for value in values:
        result *= value
    return result
