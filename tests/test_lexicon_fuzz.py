"""Fuzzing the lexicon loader: every file loads or raises LexiconError, within a second.

Three kinds of generated files: lexicons built from random keys and values
(anchors, aliases, merge keys and repeated keys included), valid lexicons
with random edits (characters YAML treats specially inserted, lines
repeated, cut short), and random text.  A file that loads must hold only
entries the kit can use: normalised forms, known categories, patterns that
compile, combine and cannot backtrack catastrophically.

``KIT_FUZZ_EXAMPLES=5000 pytest tests/test_lexicon_fuzz.py
--hypothesis-show-statistics`` runs a longer campaign (random, not the fixed
cases) and shows how the files ended: loaded, or the first words of the
refusal.
"""
from __future__ import annotations

import os
import re
import time

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kit.analysis import find
from kit.corpus import Corpus
from kit.lexicon import CATEGORIES, LexiconError, load_lexicon
from kit.regex_safety import backtracking_problem
from kit.text.normalize import normalize

SECONDS = 1.0
EXAMPLES = int(os.environ.get("KIT_FUZZ_EXAMPLES", "0"))
# By default the same 300 cases on every run and machine (derandomize), and
# no database folder.
FUZZ = settings(max_examples=EXAMPLES or 300, deadline=None, derandomize=not EXAMPLES, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

VALID = """\
version: "1.0"
name: fuzz
description: a lexicon to break
entries:
  - phrase: 获得感、幸福感、安全感
    category: 民生
    variants: [获得感幸福感安全感, 获得感、幸福感和安全感]
    gloss: sense of gain
    source: 19th Party Congress report, 2017
    since: 2017
  - phrase: 一X一品
    pattern: 一[\\u4e00-\\u9fff]一品
    category: 治理
  - phrase: 打通最后一公里
    pattern: 打通[^，。\\n]{0,10}?最后一公里
    category: 隐喻
    since: c. 2013
    until: 2030
"""

KEYS = ["version", "name", "description", "entries", "phrase", "category", "variants", "pattern",
        "gloss", "source", "since", "until", "<<", "varients", "1", "~"]
SPECIAL = list(":-[]{}&*!|>'\"#%@,?\\\n\t ") + ["\n  - ", ": ", "&a ", "*a", "<<: *a", "!!int ", "!!timestamp ",
                                               "---\n", "...", "\ufeff", "\x00", "\u00ad", "５Ｇ", "「", "」"]
CHINESE = st.text(alphabet="久为功最后一米公里获得感打通品党建引领新质生产力“”「」５Ｇ\u200b", min_size=0, max_size=8)
REGEX_PIECES = ["[\\u4e00-\\u9fff]", "[^，\\n]", ".", "\\d", "\\s", "(?:", ")", "|", "+", "*", "?", "{1,3}",
                "{0,200}", "{2}", "以", "为", "抓手", "(?i:", "(?i)", "(", "^", "$", "\\1", "(?=”)", "(?<=“)"]


def scalars():
    return st.one_of(
        CHINESE, st.sampled_from(sorted(CATEGORIES)), st.integers(-10, 3000), st.booleans(), st.none(),
        st.text(max_size=12), st.sampled_from(["2013-02-30", "c. 2013", "before 1949", "0xZZ", "1e999", ".nan"]),
        st.lists(st.sampled_from(REGEX_PIECES), min_size=1, max_size=8).map("".join),
    )


def yaml_scalar(value) -> str:
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'" if value and value[0] not in "&*!" else str(value)


@st.composite
def built_lexicons(draw) -> str:
    """YAML text assembled line by line from random keys, values, anchors and aliases."""
    lines = []
    top = st.lists(st.sampled_from(["version", "name", "description", "entries", "junk"]), max_size=5)
    for key in draw(st.just(["version", "name", "entries"]) | top):
        if key == "entries":
            lines.append("entries:")
            for _ in range(draw(st.integers(0, 4))):
                pairs = draw(st.lists(st.tuples(st.sampled_from(KEYS), scalars()), max_size=4))
                if draw(st.booleans()):  # most entries look like entries
                    pairs = [("phrase", draw(CHINESE)), ("category", draw(st.sampled_from(sorted(CATEGORIES)))),
                             *pairs]
                anchor = draw(st.sampled_from(["", "&a ", "&b "]))
                lines.append(f"  - {anchor}{{{', '.join(f'{k}: {yaml_scalar(v)}' for k, v in pairs)}}}")
                if draw(st.booleans()):
                    lines.append(f"  - {draw(st.sampled_from(['*a', '*b', '[*a, *a]', '{<<: *a, phrase: 新}']))}")
        else:
            lines.append(f"{key}: {yaml_scalar(draw(scalars()))}")
    return "\n".join(lines) + "\n"


@st.composite
def edited_lexicons(draw) -> str:
    """The valid lexicon with random edits."""
    text = VALID
    for _ in range(draw(st.integers(1, 6))):
        edit = draw(st.sampled_from(["insert", "delete", "repeat line", "cut"]))
        at = draw(st.integers(0, len(text)))
        if edit == "insert":
            text = text[:at] + draw(st.sampled_from(SPECIAL) | CHINESE) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 10)):]
        elif edit == "repeat line":
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        else:
            text = text[:at]
    return text


FILES = st.one_of(built_lexicons(), edited_lexicons(), st.text(max_size=300))
CASES = {"files": 0, "loaded": 0}


def load_within_a_second(tmp_path, text: str):
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    # CPU time: on a shared machine, waiting for the processor is not our time.
    start = time.process_time()
    try:
        lexicon = load_lexicon(path)
        event("loaded")
    except LexiconError as error:
        lexicon = None
        event("refused: " + " ".join(re.sub(r"'[^']*'|\d+", "…", error.problem).split()[:4]))
    elapsed = time.process_time() - start
    assert elapsed < SECONDS, f"{elapsed:.2f} s to load:\n{text}"
    return lexicon


@FUZZ
@given(text=FILES)
def test_every_file_loads_or_raises_lexicon_error_within_a_second(tmp_path, text):
    CASES["files"] += 1
    lexicon = load_within_a_second(tmp_path, text)
    if lexicon is None:
        return
    CASES["loaded"] += 1
    entries = lexicon.entries
    assert len(entries) > 0 and set(entries["category"]) <= set(CATEGORIES)
    for form in lexicon.literal_forms():
        assert form and normalize(form) == form
    for pattern in entries.loc[entries["is_pattern"], "pattern"]:
        re.compile(f"(?:{pattern})")
        assert backtracking_problem(pattern) is None


@FUZZ
@given(pattern=st.lists(st.sampled_from(REGEX_PIECES), min_size=1, max_size=10).map("".join),
       text=st.text(alphabet="以为抓手服务群众，。“”0123456789 \n一二", min_size=100, max_size=400))
def test_a_pattern_that_loads_runs_within_a_second_on_any_text(tmp_path, pattern, text):
    body = f'version: "1"\nname: p\nentries:\n  - phrase: 模板\n    category: 隐喻\n    pattern: {yaml_scalar(pattern)}\n'
    lexicon = load_within_a_second(tmp_path, body)
    if lexicon is None:
        return
    start = time.process_time()
    find(Corpus.from_texts([text, text * 3]), lexicon)
    assert time.process_time() - start < SECONDS, f"pattern {pattern!r} is slow on:\n{text}"


def test_the_fuzzing_ran_and_some_files_loaded():
    # Runs after the fuzz test in file order: every generated case was tried.
    if CASES["files"] == 0:
        pytest.skip("run with the fuzz test")
    assert CASES["files"] >= FUZZ.max_examples // 2
    assert CASES["loaded"] > 0, "the generators never produced a loadable lexicon"
