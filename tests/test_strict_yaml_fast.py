"""libyaml's fast road gives exactly what the careful Python reader gives, or leaves the document to it."""
from __future__ import annotations

import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit import strict_yaml
from kit.lexicon import bundled_lexicon_path
from kit.strict_yaml import YamlProblem, load_yaml

CASES = settings(max_examples=int(os.environ.get("KIT_FUZZ_EXAMPLES", "0")) or 400, deadline=None, derandomize=not os.environ.get("KIT_FUZZ_EXAMPLES"), database=None,
                 suppress_health_check=[HealthCheck.too_slow])


def _careful(text: str):
    """load_yaml with the fast road closed."""
    saved = strict_yaml._load_fast
    strict_yaml._load_fast = lambda text: None
    try:
        return load_yaml(text)
    finally:
        strict_yaml._load_fast = saved


def _outcome(load, text: str):
    try:
        node, data = load(text)
    except YamlProblem as problem:
        return ("refused", type(problem).__name__, str(problem))
    return ("loaded", data, _marks(node))


def _marks(node, acc=None, seen=None):
    """Every node's kind, tag, value and where it starts, in document order.

    (Where a node ends can differ at the very end of a document without a
    final line break: the kit reads only where nodes start.)
    """
    acc, seen = ([] if acc is None else acc), (set() if seen is None else seen)
    if node is None or id(node) in seen:
        return acc
    seen.add(id(node))
    acc.append((type(node).__name__, node.tag, node.value if isinstance(node, yaml.ScalarNode) else None,
                node.start_mark.line, node.start_mark.column))
    for child in strict_yaml._children(node):
        _marks(child, acc, seen)
    return acc


def test_the_bundled_lexicon_takes_the_fast_road_to_the_same_nodes_and_data():
    text = bundled_lexicon_path().read_text(encoding="utf-8")
    assert strict_yaml._load_fast(text) is not None, "a plain lexicon file is read by libyaml"
    assert _outcome(load_yaml, text) == _outcome(_careful, text)


@pytest.mark.parametrize("text", [
    "a: 1\na: 2",                                    # a key twice: the careful reader's message
    "a: [1, 2\nb: 3",                                # a syntax error
    "a: !!int ''",                                   # a scalar that cannot be converted
    "a: &x [*x]",                                    # an alias inside itself
    "a:\tb",                                         # a tab: left to the careful reader
    "a: 1\r\nb: 2\r\n",                              # carriage returns
    "a: 1\u2028b: 2",                                # a Unicode line separator
    "\ufeffa: 1",                                    # a byte-order mark
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 70)) + "  " * 70 + "v",  # nested 70 deep
    "- " * 80 + "x",                                 # compact sequences, 80 deep
    "a: [" * 60 + "]" * 60,                          # brackets within the limit
    "",
    "# only a comment\n",
])
def test_odd_documents_give_what_the_careful_reader_gives(text):
    assert _outcome(load_yaml, text) == _outcome(_careful, text)


# pieces of YAML, joined: keys, indentation, flow collections, anchors, quotes,
# escapes, regular expressions with "?", and what the fast road leaves alone
PIECES = list("ab:-[]{},&*<?'\"#1\\~党建.()^=") + [
    "\n", "  ", ": ", "- ", "x: ", "&x ", "*x", "---", "...", "\\x41", "\\u00e9", "{a: b}", "[1, 2]", "? ",
    "(?:", "(?<=", "{0,3}?", "[^，]", "<<: *x", "'it''s'", '"q\\""', "null", "~", "yes", "1e3", "2013-02-30",
    " #c\n", "\n  - ", "\n- ", "pattern: ", "[a, b?]", "{k: v?}", "\t", "\r", "\u2028", "!!int ", ">", "|", "%"]
YAMLISH = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
# most documents end their last line; some do not (left to the careful reader)
DOCUMENTS = st.tuples(YAMLISH, st.sampled_from(["\n", "\n", "\n", ""])).map("".join)


@CASES
@given(DOCUMENTS)
def test_any_text_gives_what_the_careful_reader_gives(text):
    assert _outcome(load_yaml, text) == _outcome(_careful, text)
