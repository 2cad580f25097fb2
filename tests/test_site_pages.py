"""The scenario pages as a reader and a teacher meet them: code above the output it made, numbers
that trace to the runs the pages were built from and name the rows behind them, outcomes in
sentences, headings cut between words, reading times counted on the page, and the whole course on
one page.

The site is built once for the module (reusing .cache/docs/, so only a changed page is executed).
Expected values are read from the runs the build recorded (.cache/docs/<page>-<key>/runs/*.json),
the declarations and the exercise files, never copied from a run.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from scenarios.machinery import registry
from scenarios.machinery.declare import MatchesOracle
from scenarios.machinery.docsite import indexes, notebooks, page
from scenarios.machinery.docsite.paths import GENERATED, SITE

# What only the page's own machinery writes: a reader must never see it as code.
PLUMBING = ("page.", "runs[", "Markdown(", "assert ", "os.chdir", "from scenarios.machinery.docsite")
# The test harness's words for a verdict, which a reader should not meet on a page.
HARNESS_WORDS = ("as declared", "✓", "✗", "max |difference|", "majority-class baseline", "The check:")


def _built(page: str) -> Path:
    """The built HTML of a page, as mkdocs.yml's URL style writes it (page.html, or page/index.html)."""
    flat = Path(SITE) / f"{page}.html"
    return flat if flat.exists() else Path(SITE) / page / "index.html"


def _generated(name: str) -> str:
    return (GENERATED / f"{name}.md").read_text()


def _recorded_runs(name: str) -> list[dict]:
    """The runs scenario `name`'s page was built from, as the build recorded them."""
    runs = notebooks.runs_of(notebooks.cached(notebooks.page_for(name)))
    assert runs, f"no recorded runs for {name}"
    return runs


def _keras3(name: str) -> dict[str, dict]:
    return {run["format"]: run for run in _recorded_runs(name) if run.get("keras", "3") == "3"}


def _section(markdown: str, heading: str) -> str:
    """The text under a level-2 heading, up to the next one."""
    start = markdown.index(f"\n## {heading}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start:end if end != -1 else None]


def _table_rows(text: str, first_cell: str = "") -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if cells[0].startswith(first_cell):
                rows.append(cells)
    return rows


# --- numbers that trace to runs, and say which rows they were measured on --------------------------


def _proof_rows(name: str) -> list[list[str]]:
    return [row for row in _table_rows(_section(_generated(name), "The proof")) if row[0].startswith("[")]


def test_every_proof_row_states_its_own_cases_tolerance_and_its_numbers_come_from_the_run(site):
    tolerances_seen = set()
    for name in registry.names():
        text = _generated(name)
        assert "The rule every fix must meet" not in text, name
        scenario, runs = registry.get(name), _keras3(name)
        rows = _proof_rows(name)
        assert rows, f"{name}: no proof table"
        shown = set()
        for fix_cell, formats, difference, allowed, quality in rows:
            case = scenario.case(re.search(r"\]\(#([\w-]+)\)", fix_cell).group(1))
            for fmt in re.findall(r"`\.(\w+)`", formats):
                shown.add((case.name, fmt))
                expect = case.expect_on("3", fmt)
                assert isinstance(expect, MatchesOracle)
                assert allowed == f"rtol {expect.rtol:g}, atol {expect.atol:g}", (name, case.name, fmt, allowed)
                tolerances_seen.add(allowed)
                measured = next(c for c in runs[fmt]["cases"] if c["case"] == case.name)["measured"]
                rows_measured = measured["oracle_shape"][0]
                assert difference == f"{measured['max_abs_diff']:.1e}", (name, case.name, fmt)
                assert quality == (f"{measured['quality']:.3f} ({measured['oracle_quality']:.3f}), {rows_measured} "
                                   f"held-back row{'' if rows_measured == 1 else 's'}"), (name, case.name, fmt, quality)
        applicable = {(case.name, fmt) for case in scenario.fixes for fmt in runs if case.applies_on("3", fmt)}
        assert shown == applicable, (name, applicable ^ shown)
    # The declarations do not all share one tolerance, and the page must not pretend they do.
    assert len(tolerances_seen) > 1, tolerances_seen


def test_the_environment_page_names_the_set_behind_each_accuracy_and_each_comes_from_a_run(site):
    text = (GENERATED / "environment.md").read_text()
    models = _section(text, "The models")
    assert "test split" in models and "rows its page sends" in models
    rows = {(re.search(r"\(([\w]+)\.md\)", row[0]).group(1), row[1]): row for row in _table_rows(models, "[")}
    for name in registry.names():
        by_model: dict[str, list[dict]] = {}  # one model per generation, saved in every format
        for run in _recorded_runs(name):
            by_model.setdefault(indexes._keras_name(run), []).append(run)
        for keras_name, runs in by_model.items():
            row = rows[name, keras_name]
            trained = runs[0]["trained"]
            key = "test_accuracy" if "test_accuracy" in trained else "test_loss"
            assert row[5].startswith(f"{key.removeprefix('test_').replace('_', ' ')} {trained[key]:.3f}"), (name, row[5])
            sent = re.fullmatch(r"(.+) (\d\.\d{3}) on (\d+) rows", row[6])
            assert sent, (name, row[6])
            # The page's own number: the original model's quality on the rows a case was sent.
            assert any(f"{case['measured']['oracle_quality']:.3f}" == sent.group(2)
                       and str(case["measured"]["oracle_shape"][0]) == sent.group(3)
                       for run in runs for case in run["cases"] if case["measured"].get("oracle_quality") is not None), (
                name, keras_name, row[6])


def test_the_checker_sample_on_the_exercises_page_measures_the_rows_of_the_proof_it_points_to(site):
    sample = (GENERATED / "snippets" / "checker-sample.md").read_text()
    own = float(re.search(r"the model's own (\d\.\d+)", sample).group(1))
    rows = int(re.search(r"(\d+) held-back images", sample).group(1))
    measured = next(c for c in _keras3("shape_mismatch")["keras"]["cases"] if c["case"] == "reshape_at_the_boundary")["measured"]
    assert rows == measured["oracle_shape"][0]
    assert own == round(measured["oracle_quality"], 2)
    exercises = _built("exercises").read_text()
    assert "generated/shape_mismatch/#the-proof" in exercises or "generated/shape_mismatch.html#the-proof" in exercises


def test_no_page_hard_codes_an_accuracy_outside_the_generated_parts():
    for hand_written in (GENERATED.parent / "exercises.md", GENERATED.parent / "index.md"):
        text = hand_written.read_text()
        assert not re.search(r"\b0\.\d{2,}\b", text), f"{hand_written.name}: a number typed by hand"


# --- the code that made each output ------------------------------------------------------------------


class _Blocks(HTMLParser):
    """The code and output blocks of a page in document order, as [kind, text]: "code" for serving
    code and shown cells, "output" for an error block or a table of served numbers; and the text
    of every <code> element."""

    CODE = ("serving-code", notebooks.SHOWN_CODE_CLASS)

    def __init__(self):
        super().__init__()
        self.blocks: list[list[str]] = []
        self.code: list[str] = []
        self.open: list[int | None] = []  # per open element: the block it starts, if any
        self.code_open = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        kind = None
        if not any(i is not None for i in self.open):  # blocks inside blocks (line-number tables) are parts
            if any(cls in classes for cls in self.CODE):
                kind = "code"
            elif "keras-error" in classes:
                kind = "output"
            elif tag == "table":
                kind = "table"
        if kind:
            self.blocks.append([kind, ""])
        if tag == "code":
            self.code.append("")
            self.code_open += 1
        self.open.append(len(self.blocks) - 1 if kind else None)

    def handle_endtag(self, tag):
        if tag == "code" and self.code_open:
            self.code_open -= 1
        if self.open:
            index = self.open.pop()
            if index is not None and self.blocks[index][0] == "table":
                # A table of what the serving code returned is output; other tables are prose.
                self.blocks[index][0] = "output" if "served" in self.blocks[index][1] else "prose"

    def handle_data(self, data):
        inside = [i for i in self.open if i is not None]
        if inside:
            self.blocks[inside[-1]][1] += data
        if self.code_open:
            self.code[-1] += data


def _blocks(name: str) -> _Blocks:
    parser = _Blocks()
    html = _built(f"generated/{name}").read_text()
    parser.feed(html[html.index("<article"):html.index("</article>")])
    return parser


def test_every_scenario_page_shows_a_load_or_predict_call_above_the_first_output(site):
    for name in registry.names():
        blocks = _blocks(name).blocks
        first_output = next(i for i, (kind, _) in enumerate(blocks) if kind == "output")
        calls = [i for i, (kind, text) in enumerate(blocks) if kind == "code" and re.search(r"load_model\(|predict\(", text)]
        assert calls, f"{name}: no code that calls load_model() or predict()"
        assert calls[0] < first_output, f"{name}: the first output comes before any code that made it"


def test_no_page_shows_plumbing_as_code(site):
    for name in registry.names():
        parser = _blocks(name)
        for text in parser.code:
            assert not any(marker in text for marker in ("page.symptom(", "page.run_scenario(", "page.Markdown(",
                                                          "from scenarios.machinery.docsite")), (name, text[:200])
        for kind, text in parser.blocks:
            if kind == "code" and "page.py" not in text:
                assert not any(marker in text for marker in PLUMBING), (name, text[:200])


def test_cells_tagged_show_hold_no_plumbing():
    import jupytext

    shown = 0
    for name in registry.names():
        source = notebooks.page_for(name).source
        for cell in jupytext.read(source).cells:
            if cell.cell_type == "code" and notebooks.SHOW in cell.metadata.get("tags", []):
                shown += 1
                assert not any(marker in cell.source for marker in PLUMBING), (source, cell.source[:200])
    assert shown, "no page shows a cell of its own"


def test_render_shows_only_the_cells_tagged_show(tmp_path):
    source = tmp_path / "tags.py"
    source.write_text(
        '# %% tags=["show"]\nshown_total = 40 + 2\nprint("shown cell printed", shown_total)\n\n'
        "# %%\nplumbing_total = 1 + 1\nprint('plumbing cell printed', plumbing_total)\n\n"
        '# %% tags=["hide"]\nprint("hidden cell printed")\n'
    )
    notebooks.render(source, tmp_path, "shape_mismatch")
    text = (tmp_path / notebooks.PAGE_FILE).read_text()
    assert f"``` {{ .python .{notebooks.SHOWN_CODE_CLASS} }}\nshown_total = 40 + 2" in text
    assert "shown cell printed 42" in text
    assert "plumbing cell printed 2" in text and "plumbing_total = 1 + 1" not in text
    assert "hidden cell printed" not in text


def test_serving_code_is_the_function_the_case_ran_numbered_as_in_its_file():
    case = registry.get("shape_mismatch").case("flat_rows")
    module, function = case.serve.split(":")
    path = module.replace(".", "/") + ".py"
    lines = page.serving_code(case, marked=[8])
    header, body = lines[0], lines[1:lines.index("```")]
    file_lines = (Path(page.ROOT) / path).read_text().splitlines()
    first = int(re.search(r'linenums="(\d+)"', header).group(1))
    assert body == file_lines[first - 1:first - 1 + len(body)]
    assert body[0].startswith(f"def {function}(")
    assert f'title="{path}"' in header and 'hl_lines="' + str(8 - first + 1) + '"' in header


# --- sentences, headings ------------------------------------------------------------------------------


def test_outcomes_are_sentences_not_the_harness_words(site):
    for name in [*registry.names(), "troubleshooting"]:
        text = _generated(name)
        for words in HARNESS_WORDS:
            assert words not in text, (name, words)


def test_an_outcome_sentence_names_the_rows_it_was_measured_on():
    from scenarios.machinery.declare import AccuracyBelowBaseline

    measured = {"same_shape": True, "shape": [143, 1], "oracle_shape": [143, 1], "quality": 0.371, "oracle_quality": 0.944,
                "baseline": 0.629, "quality_name": "accuracy", "max_abs_diff": 0.9}
    sentence = page.said(AccuracyBelowBaseline(), None, measured, broken=True)
    assert "on the 143 held-back rows" in sentence and "0.371" in sentence and "0.629" in sentence
    one = {**measured, "shape": [1, 10], "oracle_shape": [1, 10], "max_abs_diff": 0.0, "allclose": True}
    assert "on the one held-back row" in page.said(MatchesOracle(), None, one, broken=False)


def test_a_long_heading_is_cut_between_words():
    long = "No error, but the predictions drift: TFSMLayer's output read with np.argmax(outputs) and more words " * 2
    for limit in range(40, 120, 7):
        cut = indexes._heading(long, limit)
        assert len(cut) <= limit and cut.endswith("…")
        kept = cut[:-1]
        assert long.startswith(kept) and long[len(kept)].isspace() or long[len(kept)] in ",;:(", (limit, cut)


def test_troubleshooting_headings_end_on_whole_words_and_say_the_symptom(site):
    text = (GENERATED / "troubleshooting.md").read_text()
    headings = re.findall(r"^### (.+?) \{ #([\w-]+) \}$", text, flags=re.MULTILINE)
    assert headings
    for heading, anchor in headings:
        if not heading.endswith("…"):
            continue
        kept = heading[:-1]
        if anchor.startswith("error-"):  # the message follows in a code block
            block = text[text.index(f"{{ #{anchor} }}"):]
            full = block.split("```", 2)[1].split("\n", 1)[1].replace("{", "(").replace("}", ")").replace("`", "'")
        else:
            name, case = anchor.split("-", 1)
            full = heading.split(": ", 1)[0] + ": " + registry.get(name).case(case).title
        assert full.startswith(kept), (heading, full[:120])
        assert full[len(kept)].isspace() or full[len(kept)] in ",;:(", f"cut mid-word: {heading}"
    silent = _section(text, "Silent symptoms")
    assert all(line.startswith("### No error") for line in silent.splitlines() if line.startswith("### "))


# --- for a teacher -------------------------------------------------------------------------------------


def test_every_scenario_page_opens_with_what_the_reader_will_be_able_to_do_and_how_long_it_takes(site):
    for name in registry.names():
        scenario = registry.get(name)
        text = _generated(name)
        opening = text[:text.index("\n## ")]
        assert "After this page you will be able to" in opening, name
        for case in scenario.cases:
            assert f"*{case.title}*" in opening, (name, case.name)
        # The reading time is counted on the page as built, not typed in.
        built = (notebooks.cached(notebooks.page_for(name)) / notebooks.PAGE_FILE).read_text()
        counted = page.reading_time(built)
        stated = re.search(r'data-minutes="(\d+)"[^>]*>\d+ minutes</span> to read \(([\d,]+) words, and ([\d,]+) lines',
                           opening)
        assert stated, name
        assert int(stated.group(1)) == counted["minutes"], name
        assert stated.group(2).replace(",", "") == str(counted["words"]), name
        assert stated.group(3).replace(",", "") == str(counted["code_lines"]), name
        html = _built(f"generated/{name}").read_text()
        assert html.index("After this page you will be able to") < html.index("<h2"), name


def test_reading_time_counts_prose_and_code_apart():
    prose = " ".join(["word"] * 400)
    code = "```python\n" + "x = 1\n" * 40 + "```\n"
    assert page.reading_time(prose) == {"minutes": 2, "words": 400, "code_lines": 0}
    assert page.reading_time(prose + "\n" + code) == {"minutes": 4, "words": 400, "code_lines": 40}


def test_the_exercises_page_gives_an_order_and_each_exercises_time(site):
    from scenarios.machinery.exercises import catalog

    listed = _table_rows((GENERATED / "snippets" / "exercise-list.md").read_text())[1:]
    assert [int(row[0]) for row in listed] == sorted(exercise.number for exercise in catalog.EXERCISES)
    for row, exercise in zip(listed, catalog.EXERCISES):
        assert row[1] == f"`{exercise.function}()`"
        assert row[4] == f"about {page.exercise_minutes(exercise)} min"
        stated = re.search(r", (\d+) min$", row[2])
        if stated:
            assert int(stated.group(1)) == indexes.page_minutes(exercise.scenario)
    html = _built("exercises").read_text()
    assert "Taken in this order" in html


def test_the_course_holds_every_scenario_page_and_the_exercises_with_anchors_of_their_own(site):
    names = registry.names()
    front, course = indexes.course(names).split("\n---\n", 1)
    # Every page's content is searched on its own page, not again on the course's.
    assert front == "---\nsearch:\n  exclude: true"
    course = course.lstrip("\n")
    assert course.count("\n# ") == 0 and course.startswith("# ")
    for name in names:
        title = registry.get(name).title
        assert f"\n## {title} {{ #{name} }}\n" in course, name
        # The page's own case anchors, renamed so that two pages' cases cannot collide.
        for case in registry.get(name).cases:
            if f"{{ #{case.name} }}" in _generated(name):
                assert f"{{ #{name}-{case.name} }}" in course, (name, case.name)
    from scenarios.machinery.exercises import catalog

    for exercise in catalog.EXERCISES:
        assert f"`{exercise.function}()`" in course
    anchors = re.findall(r"\{ #([\w-]+) \}", course)
    assert len(anchors) == len(set(anchors)), [a for a in anchors if anchors.count(a) > 1]
    for target in re.findall(r"\]\(#([\w-]+)\)", course):
        assert target in anchors or target in names, target
    assert "](generated/" not in course


def test_the_environment_says_shared_versions_once_and_each_runs_own_when_they_differ():
    """One small table when every run used the same versions (a phone can show it); a row per run, so
    no version is hidden, as soon as one run differs."""
    import copy

    from scenarios.machinery import registry
    from scenarios.machinery.docsite import indexes

    runs = [run for name in registry.names()
            for run in notebooks.runs_of(notebooks.cached(notebooks.page_for(name)))]
    if not runs:
        pytest.skip("no page has been built yet")
    shared = indexes.environment(runs)
    assert f"All {len(runs)} runs" in shared and f"| NumPy | {runs[0]['versions']['numpy']} |" in shared
    odd = copy.deepcopy(runs)
    odd[-1]["versions"]["numpy"] = "0.0.1"
    per_run = indexes.environment(odd)
    assert "All " not in per_run and "0.0.1" in per_run and per_run.count("| `.") >= len(runs)
