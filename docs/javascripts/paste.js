// "Paste your error": the rules of scenarios/machinery/matching.py, in the browser, on the index the
// docs build wrote (generated/paste-index.js). No network: it works offline and from file://.
(function () {
  "use strict";

  const QUOTES = /["`\u2018\u2019\u201c\u201d\u00ab\u00bb]/g;
  const PATH = /(?:[A-Za-z]:)?(?:[\\/][\w.\-~]+){2,}[\\/]?|\b[\w\-]+\.(?:keras|h5|hdf5|pb|json|py)\b/g;
  const SHAPE = /[(\[]\s*(?:none|\?|-?\d+)?(?:\s*,\s*(?:none|\?|-?\d+))*\s*,?\s*[)\]]/g;
  const QUOTED = /'([^'\s]{1,80})'/g;
  const BRACES = /\{[^{}]*\}/g;
  const NUMBER = /\b\d+(?:\.\d+)?\b/g;
  const WORD = /[a-z_][a-z0-9_]*/g;
  const NAMED = "qq";  // the mark of a word that was quoted in the text
  // A class name written bare (DepthwiseConv2D, TFSMLayer): a name like a quoted one; exception classes excepted.
  const BARE_CLASS = /(?<!['\w])(?=\w*[a-z])[A-Za-z]\w*?[A-Z]\w*(?<!Error)(?<!Exception)(?<!Warning)\b(?!')/g;
  // A dict's keys, an argument refused by name, or a list of them, as matching.config_keys().
  const CONFIG_KEY = /'(\w+)'\s*:|[Kk]eyword argument (?:not understood:'?,?\s*)?'(\w+)'|keyword arguments:'?,? (?:dict_keys\()?\[([^\]]*)\]/g;
  const STOP = new Set(("a an the of to in on for with and or is are was were be been it its this that " +
    "at by as from your you please ensure make sure but not no").split(" "));

  // Unicode spaces made plain ones first, as matching.plain(): there the two languages' \s differ.
  const OTHER_SPACES = /[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\x0b\x0c]/g;
  const plain = (text) => text.replace(OTHER_SPACES, " ");

  // The same thing written in several ways made one word first, as matching.FOLDS.
  let folds = null;

  function normalise(text) {
    text = plain(text);
    folds = folds || ((window.SCENARIOS_PASTE || {}).folds || []).map(([p, into]) => [new RegExp(p, "gi"), into]);
    for (const [pattern, into] of folds) text = text.replace(pattern, into);
    let lowered = text.replace(QUOTES, "'").replace(BARE_CLASS, (name) => NAMED + name).toLowerCase();
    for (let i = 0; i < 3; i++) lowered = lowered.replace(BRACES, " config ");  // nested dicts, innermost first
    lowered = lowered.replace(/\{[^{}\n]*(?=\n|$)/g, " config ");  // a config cut short where the copy ended
    lowered = lowered.replace(PATH, " path ").replace(SHAPE, " shape ")
      .replace(QUOTED, (all, inner) => " name " + (inner.match(WORD) || [])
        .map((w) => (w.startsWith(NAMED) ? w : NAMED + w)).join(" ") + " ")
      .replace(NUMBER, " num ");
    return (lowered.match(WORD) || []).filter((w) => !STOP.has(w));
  }

  // The keys of the dicts printed in a text ({'groups': 1}): what a message says was refused is in them.
  function configKeys(text) {
    const keys = new Set();
    for (const [, key, argument, listed] of text.replace(QUOTES, "'").matchAll(CONFIG_KEY)) {
      if (key) keys.add(key);
      if (argument) keys.add(argument);
      for (const [, item] of (listed || "").matchAll(/'(\w+)'/g)) keys.add(item);
    }
    return keys;
  }

  // The class of the last exception the text shows raised ("ValueError: ..."), if any.
  function exceptionType(text) {
    const found = [...text.matchAll(/(?:^|\s)(?:[\w.]+\.)?([A-Z]\w*(?:Error|Exception)):/gm)];
    return found.length ? found[found.length - 1][1] : null;
  }

  function pairs(words, generic) {
    // Adjacent word pairs, leaving out those made only of words every error has.
    const found = new Set();
    for (let i = 0; i + 1 < words.length; i++) {
      if (!(generic.has(words[i]) && generic.has(words[i + 1]))) found.add(words[i] + " " + words[i + 1]);
    }
    return found;
  }

  function stem(word) {
    if (word.endsWith("es") && /(ss|x|ch|sh)$/.test(word.slice(0, -2))) return word.slice(0, -2);
    for (const ending of ["ing", "ed", "s"]) {
      if (word.endsWith(ending) && word.length - ending.length >= 3 && !word.endsWith("ss")) {
        word = word.slice(0, -ending.length);
        const n = word.length;
        // mapped -> map, dropped -> drop
        if (n > 3 && word[n - 1] === word[n - 2] && !"ls".includes(word[n - 1])) word = word.slice(0, -1);
        break;
      }
    }
    return word.length > 3 && word.endsWith("e") ? word.slice(0, -1) : word;
  }

  function content(words) {
    const synonyms = (window.SCENARIOS_PASTE || {}).synonyms || {};
    const found = new Set();
    for (const word of words) {
      const bare = word.startsWith(NAMED) ? word.slice(NAMED.length) : word;
      for (const part of bare.split("_")) {
        if (part.length > 2) { const s = stem(part); found.add(synonyms[s] || s); }
      }
    }
    return found;
  }

  // An exception line or a traceback's header: a text that raised is not a silent failure's symptom.
  const ERROR_LINE = /^\s*(?:[\w.]+\.)?\w*(?:Error|Exception)\b(?::|\s{2,}Traceback)|Traceback \(most recent call last\)/m;
  // Or a sentence that reports an error message it got ("I get the error ...", "the error: ..."), as matching._reports_raised().
  const SAYS_RAISED = new RegExp(
    "\\b(?:get|gets|got|getting|receive[sd]?|receiving|see|saw|shows?|showed|gives?|gave|giving|" +
    "returns?|returned|raises|raised|throws?|threw|thrown)\\s+(?:me\\s+)?(?:the|this|an?|that|same)?" +
    "\\s*(?:following\\s+)?(?:error|exception)s?\\b|\\b(?:error|exception)s?\\s*(?::|is|was|says)?\\s*['\"`“]", "i");
  const reportsRaised = (text) => ERROR_LINE.test(text) || SAYS_RAISED.test(text);

  function overlap(mine, theirs) {
    let shared = 0;
    for (const item of mine) if (theirs.has(item)) shared++;
    return shared;
  }

  function hasNamed(pair) {
    const [a, b] = pair.split(" ");
    return a.startsWith(NAMED) || b.startsWith(NAMED);
  }

  // Shared pairs over the smaller side's; pairs with a quoted name count only when shared.
  function namedOverlap(mine, theirs) {
    let shared = 0, named = 0;
    for (const pair of mine) if (theirs.has(pair)) { shared++; if (hasNamed(pair)) named++; }
    const size = (side) => { let n = named; for (const pair of side) if (!hasNamed(pair)) n++; return n; };
    const smaller = Math.min(size(mine), size(theirs));
    return smaller ? shared / smaller : 0;
  }

  // The words of several scenarios' symptoms, as matching.common_symptom_words(): sharing only those
  // with a text says nothing about which failure it describes.
  function commonSymptomWords(index) {
    if (index.commonSet) return index.commonSet;
    const usedBy = new Map();
    for (const entry of index.entries) {
      if (entry.kind !== "symptom") continue;
      for (const word of content(normalise(entry.text))) {
        if (!usedBy.has(word)) usedBy.set(word, new Set());
        usedBy.get(word).add(entry.scenario);
      }
    }
    index.commonSet = new Set([...usedBy].filter(([, s]) => s.size >= index.commonIn).map(([w]) => w));
    return index.commonSet;
  }

  function score(text, words, entry, index) {
    text = plain(text);
    if (entry.kind === "pattern") {
      try {
        const pattern = new RegExp(entry.text, "i");
        return pattern.test(text.replace(QUOTES, "'")) || pattern.test(text) ? 1 : 0;
      } catch (error) {
        return 0;  // a Python-only construct: the terminal's explain still has it
      }
    }
    if (entry.kind === "symptom") {
      if (reportsRaised(text)) return 0;
      const mine = content(words), theirs = content(normalise(entry.text));
      const shared = overlap(mine, theirs);
      const common = commonSymptomWords(index);
      let telling = 0;
      for (const word of mine) if (theirs.has(word) && !common.has(word)) telling++;
      if (shared < 3 || !theirs.size || !telling || shared / mine.size < index.symptomShare) return 0;
      const value = shared / Math.min(mine.size, theirs.size);
      return value >= 0.6 ? value * entry.weight : 0;
    }
    const generic = index.genericSet || (index.genericSet = new Set(index.generic));
    const mine = pairs(words, generic), theirs = pairs(normalise(entry.text), generic);
    if (overlap(mine, theirs) < index.minShared || !theirs.size) return 0;
    const textKeys = configKeys(text), entryKeys = configKeys(entry.text);
    if (textKeys.size && entryKeys.size && !overlap(textKeys, entryKeys)) return 0;
    // Keras's own 'Functional' not found is not the user's 'MyLayer' not found, as in matching.score().
    const theirsRefused = refusedClass(entry.text);
    if (kerasClassSet(index).has(theirsRefused) && refusedClass(text) !== theirsRefused) return 0;
    let value = namedOverlap(mine, theirs);
    const raised = exceptionType(text), recorded = exceptionType(entry.text);
    if (raised && recorded && raised !== recorded) value *= index.otherException;  // raised as another exception
    return value >= index.minScore ? value * entry.weight : 0;
  }

  // A symptom sentence that matches no single symptom, by the words only one scenario's symptoms use,
  // as matching.pooled_symptoms().
  // Each scenario's total of the telling symptom words the text uses, best first.
  function symptomTotals(words, index) {
    const pool = index.pooled;
    if (!index.usedBy) {  // how many scenarios' symptoms use each word, counted once per page
      index.usedBy = new Map();
      for (const vocabulary of Object.values(pool.vocabularies)) {
        for (const word of vocabulary) index.usedBy.set(word, (index.usedBy.get(word) || 0) + 1);
      }
    }
    const usedBy = index.usedBy, mine = content(words);
    return Object.entries(pool.vocabularies).map(([name, vocabulary]) => {
      let total = 0;
      for (const word of vocabulary) if (mine.has(word) && usedBy.get(word) <= pool.common) total += 1 / usedBy.get(word);
      return [Math.round(total * 1e6) / 1e6, name];
    }).sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1));
  }

  // For a symptom sentence nothing matched: leads to read, never a match, as matching.suggestions().
  function suggestions(text, index) {
    text = plain(text);
    if (reportsRaised(text) || diagnoseText(text, index)) return [];
    return symptomTotals(normalise(text), index).slice(0, 3).filter(([total]) => total >= index.pooled.suggestedLeast)
      .map(([, name]) => name);
  }

  function pooledSymptoms(text, words, index) {
    text = plain(text);
    if (reportsRaised(text)) return null;
    const pool = index.pooled;
    const [[best, name], [second]] = symptomTotals(words, index);
    if (best < pool.least || best - second < pool.margin || !pool.silent.includes(name)) return null;
    return { scenario: name, case: null, score: pool.score, entry: { kind: "symptom", text: "" } };
  }

  function match(text, limit) {
    text = plain(text);
    const index = window.SCENARIOS_PASTE;
    const words = normalise(text);
    const best = new Map();
    for (const entry of index.entries) {
      const value = score(text, words, entry, index);
      if (value && (!best.has(entry.scenario) || value > best.get(entry.scenario).score)) {
        best.set(entry.scenario, { scenario: entry.scenario, case: entry.case, score: Math.round(value * 1000) / 1000,
          entry: entry });
      }
    }
    // Ties: the scenario the user's shapes point at, then the one whose title uses the text's words,
    // then a scenario's headline case, as in matching.match().
    const diagnosis = diagnoseText(text, index);
    if (diagnosis && !diagnosis.scenario) return [];  // the user's own numbers: a failure not covered here
    if (!best.size && !diagnosis) {
      const pooled = pooledSymptoms(text, words, index);
      return pooled ? [pooled] : [];
    }
    const pointed = (diagnosis || {}).scenario;
    // The user's own shapes name the cause more surely than the wording does.
    if (pointed) {
      best.set(pointed, { scenario: pointed, case: best.has(pointed) ? best.get(pointed).case : diagnosis.case || null,
        score: 1 });
    }
    const mine = content(words);
    // Quoted names by their last dotted part (the class, not its module), compared with titles first.
    // Class names are CamelCase: 'NERModel' is NER + Model.
    const named = content(((text.replace(QUOTES, "'").match(QUOTED)) || [])
      .map((q) => q.slice(1, -1).split(".").pop().match(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+/g) || [])
      .flat().join(" ").toLowerCase().match(WORD) || []);
    const topic = (name, words, key) => ((index.scenarios[name] || {})[key] || []).filter((w) => words.has(w)).length;
    const rank = (m) => {
      const ranks = (index.scenarios[m.scenario] || {}).caseRank || {};
      return m.case in ranks ? ranks[m.case] : Object.keys(ranks).length;
    };
    // The same quoted names in the text and the message: more evidence than the same sentence around another.
    const generic = index.genericSet || (index.genericSet = new Set(index.generic));
    const minePairs = pairs(words, generic);
    const namesShared = (m) => {
      if (!m.entry || m.entry.kind !== "message") return 0;
      let n = 0;
      for (const pair of pairs(normalise(m.entry.text), generic)) if (minePairs.has(pair) && hasNamed(pair)) n++;
      return n;
    };
    const keys = configKeys(text);
    const key = (m) => [-m.score, m.scenario === pointed ? 0 : 1, -(m.entry ? overlap(keys, configKeys(m.entry.text)) : 0),
      -namesShared(m), -topic(m.scenario, named, "titleTopic"),
      -topic(m.scenario, mine, "topic"), rank(m)];
    return [...best.values()].sort((a, b) => {
      const ka = key(a), kb = key(b);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
      return 0;
    }).slice(0, limit || 3);
  }

  // "Unknown layer: Functional": one of Keras's own classes, a version mismatch no scenario covers.
  const NOT_REBUILT = /(?:Unknown layer|Could not locate class)\s*:?\s*'?([A-Za-z_]\w*)/;

  // The class a loader said it could not rebuild, as matching._refused_class().
  function refusedClass(text) {
    const found = text.replace(QUOTES, "'").match(NOT_REBUILT);
    return found ? found[1] : null;
  }
  const kerasClassSet = (index) => index.kerasClassSet || (index.kerasClassSet = new Set(index.kerasClasses));

  // The modules the configs printed in the text record for a class, as matching._modules_of().
  const MODULE_OF = /'module':\s*'([\w.]+)',\s*'class_name':\s*'(\w+)'/g;
  const modulesOf = (text, name) => [...text.matchAll(MODULE_OF)].filter((found) => found[2] === name).map((found) => found[1]);
  const KERAS_MODULE = /^(?:keras|tf_keras|tensorflow)(?:\.|$)/;  // not keras_resnet
  // Keras 3's wordings of a class it cannot rebuild, and the modules of tf.keras 2 (and Keras 2.13 to 2.15).
  const KERAS3_REFUSAL = /Could not locate class|Unknown layer: '\w+'\. Please ensure you are using a/;
  const TF_KERAS2_MODULE = /^(?:tf_keras|keras\.src\.engine|keras\.engine)\./;

  function diagnoseText(text, index) {
    text = plain(text);
    const found = shapes(text);
    if (found) return found;
    const name = refusedClass(text);
    if (!kerasClassSet(index).has(name)) return null;
    const quoted = text.replace(QUOTES, "'"), modules = modulesOf(quoted, name);
    // Recorded from a module outside Keras: the user's own class named as Keras names its own.
    if (modules.some((module) => !KERAS_MODULE.test(module))) return null;
    // Keras 3 refusing a class only tf.keras 2 has, or one the file's config places in tf.keras 2's modules.
    const tfKerasOnly = index.tfKerasOnlySet || (index.tfKerasOnlySet = new Set(index.tfKerasOnly));
    if (KERAS3_REFUSAL.test(quoted) && (tfKerasOnly.has(name) || modules.some((module) => TF_KERAS2_MODULE.test(module)))) {
      return { scenario: "keras2_files", case: "tf_ops_in_the_model" };
    }
    return { scenario: null };
  }

  // The user's own shapes, as matching.shapes() reads them: only which scenario they point at.
  // TensorFlow 1's feed_dict, the received shape first.
  const FEED = /Cannot feed value of shape (\([^)]*\)) for Tensor \S+,? which has shape '?(\([^)]*\))/i;
  const EXPECTED_GOT = [
    /expected shape\s*=?\s*(\([^)]*\)).*?(?:incompatible shape|found shape)\s*=?\s*(\([^)]*\))/is,
    /constructed with shape (\([^)]*\)).*?called on an input with incompatible shape (\([^)]*\))/is,
  ];
  // Old Keras 2, both shapes per sample: the batch axis is in neither.
  const PER_SAMPLE = /expected \S+ to have shape (\([^)]*\)),? but got array with shape (\([^)]*\))/i;
  // NumPy filling a batch array, per sample too, the received shape first.
  const BROADCAST = /could not broadcast input array from shape (\([^)]*\)) into shape (\([^)]*\))/i;
  const CHANNELS = /expected axis -1 of input shape to have value (\d+),? but received input with shape ([(\[][^)\]]*[)\]])/i;
  // Keras 3 lists the call's arguments under the message: training=True there means fit(), not predict().
  const IN_TRAINING = /•\s*training=True\b/;
  const FLATTENED_LEAST = 64;  // fewer values after Flatten are a table's features, not feature maps

  // Whether two value counts are square feature maps of one depth (side×side×depth): Flatten of two image sizes.
  function featureMaps(expected, got) {
    if (Math.min(expected, got) < FLATTENED_LEAST) return false;
    const gcd = (a, b) => (b ? gcd(b, a % b) : a);
    const common = gcd(expected, got);
    const square = (n) => Number.isInteger(n) && Math.round(Math.sqrt(n)) ** 2 === n && n >= 4;
    for (let i = 1; i * i <= common; i++) {
      if (common % i) continue;
      for (const depth of [i, common / i]) if (square(expected / depth) && square(got / depth)) return true;
    }
    return false;
  }
  const RANK = /expected \S+ to have (\d+) dimensions,\s+but got (?:an )?array with shape (\([^)]*\))|expected (?:min_)?ndim=(\d+), found ndim=\d+\.? Full shape received: ([(\[][^)\]]*[)\]])/i;

  // Shapes with placeholders ("(None, x, x)") say nothing, as in matching._tuple's ValueError.
  function parsed(...shapes) {
    return shapes.every((s) => s.replace(/[()\[\]\s]/g, "").split(",").filter((p) => p !== "")
      .every((p) => /^(none|\?|-?\d+)$/i.test(p)));
  }

  // Both shapes read, and none of the failures covered here: no match rather than a wrong one.
  const UNEXPLAINED = { scenario: null };

  // An array with no samples at all: the data never loaded, which no scenario covers.
  function empty(gotText) {
    return tuple(gotText)[0] === 0 ? { scenario: null } : null;
  }

  function tuple(text) {
    return text.replace(/[()\[\]\s]/g, "").split(",").filter((p) => p !== "")
      .map((p) => (/^(none|\?)$/i.test(p) ? null : parseInt(p, 10)));
  }

  const RANKS = /expected (?:min_)?ndim=(\d+), found ndim=(\d+)/i;
  const FILTER_DEPTH = /(?:input depth must be evenly divisible by filter depth|input and filter must have the same depth): (\d+) vs (\d+)/i;
  const OP_RANK = /Shape must be rank (\d+) but is rank (\d+)/i;
  const PER_CHANNEL = /Incompatible shapes: \[[\d,\s]*?(\d+)\] vs\.? \[(\d+)\]/i;
  const TARGET = /Error when checking target/i;
  const LAYER_COUNT = /Layer count mismatch when loading weights from file\. Model expected (\d+) layers?, found (\d+) saved layers?/i;

  function shapes(text) {
    text = plain(text);
    const found = readShapes(text);
    // Raised in fit(), as the call's arguments show: the failures covered here happen at prediction.
    return found && found.scenario && IN_TRAINING.test(text) ? { scenario: null } : found;
  }

  function readShapes(text) {
    const counted = text.match(LAYER_COUNT);
    if (counted) {
      // 0 layers: a subclassed model never called; any other count: another architecture's weights.
      return parseInt(counted[1], 10) === 0 ? { scenario: "subclassed_model", case: "h5_with_the_class_at_hand" }
        : { scenario: null };
    }
    // The labels given to fit(): a training-data problem no scenario covers.
    if (TARGET.test(text)) return { scenario: null };
    const ops = text.match(OP_RANK);
    if (ops && parseInt(ops[2], 10) === parseInt(ops[1], 10) - 1) return { scenario: "shape_mismatch" };
    const channel = text.match(PER_CHANNEL);
    if (channel && channel[1] !== channel[2] && [1, 3, 4].includes(parseInt(channel[1], 10)) &&
        [1, 3, 4].includes(parseInt(channel[2], 10))) return { scenario: "channels_and_size" };
    const ranks = text.match(RANKS);
    // One axis more than the model takes: not a failure any scenario covers.
    if (ranks && parseInt(ranks[2], 10) > parseInt(ranks[1], 10)) return { scenario: null };
    const depth = text.match(FILTER_DEPTH);
    if (depth && depth[1] !== depth[2]) return { scenario: "channels_and_size" };
    for (const pattern of EXPECTED_GOT) {
      const found = text.match(pattern);
      if (found) {
        return !parsed(found[1], found[2]) ? null : empty(found[2]) || diagnose(tuple(found[1]), tuple(found[2])) || UNEXPLAINED;
      }
    }
    const sample = text.match(PER_SAMPLE);
    if (sample) {
      if (!parsed(sample[1], sample[2])) return null;
      const [expected, got] = [tuple(sample[1]), tuple(sample[2])];
      // One row of n values read as n rows of 1: a 1-D sample without its batch axis.
      if (expected.length === 1 && expected[0] > 1 && got.length === 1 && got[0] === 1) return { scenario: "shape_mismatch" };
      return empty(sample[2]) || diagnose([null, ...expected], [null, ...got]) || UNEXPLAINED;
    }
    const feed = text.match(FEED);
    if (feed) return !parsed(feed[1], feed[2]) ? null : empty(feed[1]) || diagnose(tuple(feed[2]), tuple(feed[1])) || UNEXPLAINED;
    const broadcast = text.match(BROADCAST);
    if (broadcast) {
      return !parsed(broadcast[1], broadcast[2]) ? null
        : empty(broadcast[1]) || diagnose([null, ...tuple(broadcast[2])], [null, ...tuple(broadcast[1])]) || UNEXPLAINED;
    }
    const channels = text.match(CHANNELS);
    if (channels) {
      if (!parsed(channels[2])) return null;
      if (empty(channels[2])) return empty(channels[2]);
      const got = tuple(channels[2]), takes = parseInt(channels[1], 10), last = got[got.length - 1];
      if (!got.length || last === null || last === takes) return null;
      if (got.length >= 3 && [1, 2, 3, 4].includes(last) && [1, 2, 3, 4].includes(takes)) return { scenario: "channels_and_size" };
      return got.length === 2 && featureMaps(takes, last) ? { scenario: "channels_and_size" } : UNEXPLAINED;
    }
    const rank = text.match(RANK);
    if (rank) {
      if (!parsed(rank[2] || rank[4])) return null;
      if (empty(rank[2] || rank[4])) return empty(rank[2] || rank[4]);
      const n = parseInt(rank[1] || rank[3], 10), got = tuple(rank[2] || rank[4]);
      return got.length === n - 1 ? { scenario: "shape_mismatch" } : null;
    }
    return null;
  }

  function diagnose(expected, got) {
    const inner = expected.slice(1), last = (a) => a[a.length - 1];
    const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (got.length === expected.length - 1 && inner.every((e, i) => e === null || e === got[i])) {
      return { scenario: "shape_mismatch" };
    }
    if (got.length === expected.length - 1 && got.length >= 2 && [1, 3, 4].includes(last(expected)) &&
        got.every((g, i) => g === null || expected[i] === null || g === expected[i])) {
      // Grayscale images without their channel axis: into a 1-channel model, the axis is missing; into RGB, the channels.
      return { scenario: last(expected) === 1 ? "shape_mismatch" : "channels_and_size" };
    }
    if (got.length === 2 && inner.length > 1 && !inner.includes(null) && got[1] === inner.reduce((a, b) => a * b, 1)) {
      return { scenario: "shape_mismatch" };
    }
    if (got.length === expected.length && got.length >= 3 && last(got) !== last(expected) &&
        [1, 3, 4].includes(last(got)) && [1, 3, 4].includes(last(expected))) {
      return { scenario: "channels_and_size" };
    }
    if (got.length === expected.length && got.length >= 3 && last(got) === last(expected) &&
        !same(got.slice(1, -1), expected.slice(1, -1))) {
      return { scenario: "channels_and_size" };
    }
    return null;
  }

  function escape(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function render(box, text) {
    const result = box.querySelector(".paste-result");
    if (!text.trim()) {
      result.innerHTML = "";
      return;
    }
    const found = match(text).filter((m) => window.SCENARIOS_PASTE.scenarios[m.scenario]);
    const suffix = window.SCENARIOS_PASTE.pageSuffix;
    if (!found.length) {
      let html = "<p class=\"paste-none\">No scenario here explains this text, and a wrong guess would " +
        "cost you more than none. Try the whole traceback, or the site search.</p>";
      // Not matches: lessons whose symptoms use some of the same telling words, for the reader to judge.
      const leads = suggestions(text, window.SCENARIOS_PASTE);
      if (leads.length) {
        html += "<p class=\"paste-leads\">Not a match, but their symptoms share words with yours: " + leads.map((name) =>
          "<a href=\"" + escape(box.dataset.prefix + name + suffix) + "\">" +
          escape(window.SCENARIOS_PASTE.scenarios[name].title) + "</a>").join("; ") + ".</p>";
      }
      result.innerHTML = html;
      return;
    }
    const top = found[0], scenario = window.SCENARIOS_PASTE.scenarios[top.scenario];
    const href = box.dataset.prefix + top.scenario + suffix + (top.case ? "#" + top.case : "");
    const cause = top.case && scenario.cases[top.case] ? scenario.cases[top.case] : null;
    let html = "<p class=\"paste-match\"><a href=\"" + escape(href) + "\">" + escape(scenario.title) + "</a></p>";
    html += cause ? "<p><strong>" + escape(cause.title) + ".</strong> " + escape(cause.why) + "</p>"
      : "<p>" + escape(scenario.summary) + "</p>";
    if (top.entry && top.entry.kind === "symptom") {
      // A symptom is weaker evidence than a message: say what was matched, so the reader can judge.
      html += "<p class=\"paste-evidence\">Matched on " + (top.entry.text ? "the symptom “" + escape(top.entry.text) +
        "”" : "words only this failure's symptoms use") + ".</p>";
    }
    if (scenario.fixes.length) {
      html += "<p>Fixes proved on the page: " + scenario.fixes.map(escape).join("; ") + ".</p>";
    }
    html += "<p>Reproduce it: <code>python -m scenarios." + escape(top.scenario) + "</code></p>";
    if (found.length > 1) {
      html += "<p class=\"paste-also\">Also close: " + found.slice(1).map((m) =>
        "<a href=\"" + escape(box.dataset.prefix + m.scenario + suffix) + "\">" + escape(m.scenario) + "</a>").join(", ") + "</p>";
    }
    result.innerHTML = html;
  }

  window.scenariosPaste = { match: match, normalise: normalise,
    suggestions: (text) => suggestions(text, window.SCENARIOS_PASTE) };

  function wire() {
    for (const box of document.querySelectorAll(".paste-box")) {
      const input = box.querySelector("textarea");
      if (input.dataset.wired) continue;
      input.dataset.wired = "1";
      input.addEventListener("input", () => render(box, input.value));
      render(box, input.value);
    }
  }

  // Material's instant navigation swaps pages without reloading scripts: rewire on each page.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(wire);
  else document.addEventListener("DOMContentLoaded", wire);
})();
