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
  const STOP = new Set(("a an the of to in on for with and or is are was were be been it its this that " +
    "at by as from your you please ensure make sure but not no").split(" "));

  function normalise(text) {
    let lowered = text.replace(QUOTES, "'").toLowerCase();
    for (let i = 0; i < 3; i++) lowered = lowered.replace(BRACES, " config ");  // nested dicts, innermost first
    lowered = lowered.replace(PATH, " path ").replace(SHAPE, " shape ")
      .replace(QUOTED, (all, inner) => " name " + (inner.match(WORD) || []).map((w) => NAMED + w).join(" ") + " ")
      .replace(NUMBER, " num ");
    return (lowered.match(WORD) || []).filter((w) => !STOP.has(w));
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
    for (const ending of ["ing", "ed", "es", "s"]) {
      if (word.endsWith(ending) && word.length - ending.length >= 4) return word.slice(0, -ending.length);
    }
    return word;
  }

  function content(words) {
    const found = new Set();
    for (const word of words) {
      const bare = word.startsWith(NAMED) ? word.slice(NAMED.length) : word;
      for (const part of bare.split("_")) if (part.length > 2) found.add(stem(part));
    }
    return found;
  }

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

  function score(text, words, entry, index) {
    if (entry.kind === "pattern") {
      try {
        const pattern = new RegExp(entry.text, "i");
        return pattern.test(text.replace(QUOTES, "'")) || pattern.test(text) ? 1 : 0;
      } catch (error) {
        return 0;  // a Python-only construct: the terminal's explain still has it
      }
    }
    if (entry.kind === "symptom") {
      const mine = content(words), theirs = content(normalise(entry.text));
      const shared = overlap(mine, theirs);
      if (shared < 3 || !theirs.size) return 0;
      const value = shared / Math.min(mine.size, theirs.size);
      return value >= 0.6 ? value * 0.9 : 0;
    }
    const generic = index.genericSet || (index.genericSet = new Set(index.generic));
    const mine = pairs(words, generic), theirs = pairs(normalise(entry.text), generic);
    if (overlap(mine, theirs) < index.minShared || !theirs.size) return 0;
    const value = namedOverlap(mine, theirs);
    return value >= index.minScore ? value : 0;
  }

  function match(text, limit) {
    const index = window.SCENARIOS_PASTE;
    const words = normalise(text);
    const best = new Map();
    for (const entry of index.entries) {
      const value = score(text, words, entry, index);
      if (value && (!best.has(entry.scenario) || value > best.get(entry.scenario).score)) {
        best.set(entry.scenario, { scenario: entry.scenario, case: entry.case, score: Math.round(value * 1000) / 1000 });
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit || 3);
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
    if (!found.length) {
      result.innerHTML = "<p class=\"paste-none\">No scenario here explains this text, and a wrong guess would " +
        "cost you more than none. Try the whole traceback, or the site search.</p>";
      return;
    }
    const top = found[0], scenario = window.SCENARIOS_PASTE.scenarios[top.scenario];
    const href = box.dataset.prefix + top.scenario + "/" + (top.case ? "#" + top.case : "");
    const cause = top.case && scenario.cases[top.case] ? scenario.cases[top.case] : null;
    let html = "<p class=\"paste-match\"><a href=\"" + escape(href) + "\">" + escape(scenario.title) + "</a></p>";
    html += cause ? "<p><strong>" + escape(cause.title) + ".</strong> " + escape(cause.why) + "</p>"
      : "<p>" + escape(scenario.summary) + "</p>";
    if (scenario.fixes.length) {
      html += "<p>Fixes proved on the page: " + scenario.fixes.map(escape).join("; ") + ".</p>";
    }
    html += "<p>Reproduce it: <code>python -m scenarios." + escape(top.scenario) + "</code></p>";
    if (found.length > 1) {
      html += "<p class=\"paste-also\">Also close: " + found.slice(1).map((m) =>
        "<a href=\"" + escape(box.dataset.prefix + m.scenario + "/") + "\">" + escape(m.scenario) + "</a>").join(", ") + "</p>";
    }
    result.innerHTML = html;
  }

  window.scenariosPaste = { match: match, normalise: normalise };

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
