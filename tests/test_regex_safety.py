"""The check that refuses regular expressions which backtrack catastrophically."""
from __future__ import annotations

import pytest

from kit.lexicon import load_lexicon
from kit.regex_safety import backtracking_problem

# Shapes whose run time grows exponentially, or as a power of the text's length.
SLOW = {
    r"以(?:[\u4e00-\u9fff]+)+为抓手": "repeat inside a repeated group",
    r"(?:.*，)+": "repeat inside a repeated group",
    r"(?:\w+ ?)+号": "repeat inside a repeated group",
    r"(?:a|a)+b": "alternatives inside a repeat",
    r"(?:[一二]|一二)+": "alternatives inside a repeat",
    r"(?:[一-龥]*)*x": "can match nothing",
    r"以.+为.+的": "followed by another",
    r"\d+[ \t]*\d+号": "followed by another",
    r"[^，]+，": "can take line breaks",
    r"\s+号": "can take line breaks",
    r"[一-龥]{1,50}[一-龥]{1,50}[一-龥]{1,50}[一-龥]{1,50}": "more than 10,000 ways",
}
# Shapes that look alike but cannot: what follows a repeat settles its length.
FAST = [
    r"以[\u4e00-\u9fff]{1,20}为抓手",
    r"(?:[\u4e00-\u9fff]{1,4}、)+等",
    r"(?:[^X\n]*X)*Y",
    r"[0-9０-９]+(?:[+＋][0-9０-９]+)*[+＋][NnＮ]",
    r"以.+为抓手",
    r"\d+号",
    r"(?:是|是的)+",  # Python factors it into 是(?:|的): one way only
    r"(?i:gdp)",
    r"[一-龥]{1,5}[一-龥]{1,5}",
]


@pytest.mark.parametrize("pattern", sorted(SLOW))
def test_slow_shapes_are_named(pattern):
    problem = backtracking_problem(pattern)
    assert problem is not None and SLOW[pattern] in problem


@pytest.mark.parametrize("pattern", FAST)
def test_fast_shapes_pass(pattern):
    assert backtracking_problem(pattern) is None


def test_every_bundled_pattern_passes():
    patterns = load_lexicon().entries.query("is_pattern")["pattern"].tolist()
    assert len(patterns) >= 5
    assert [p for p in patterns if backtracking_problem(p)] == []
