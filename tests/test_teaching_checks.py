"""kit.teaching.check: right for the answers the teacher's notebook computes, not yet otherwise.

The answers are computed here by running the code cells of the teacher's
answers notebook on the bundled corpora (the same code, in this process), so
that a stored hash cannot drift from what the notebook computes.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kit import teaching

LESSON = teaching.DEFAULT_LESSON
# The teacher's copy: in notebooks/teacher/ (any name with 06 and "answers"), or beside the lesson.
ANSWER_NOTEBOOKS = sorted(p for p in Path("notebooks/teacher").glob("*.ipynb")
                          if "06" in p.name and "answer" in p.name.lower()) or [
    Path(f"notebooks/{LESSON}_answers.ipynb")]


def wrong_versions(answer) -> list:
    """Answers that differ from the right one in one part each (and one of another shape)."""
    def changed(value):
        if isinstance(value, bool):
            return not value
        if isinstance(value, (int, float)):
            return value + 1
        return str(value) + "了"

    if isinstance(answer, tuple):
        wrong = [answer[:i] + (changed(v),) + answer[i + 1:] for i, v in enumerate(answer)]
        return wrong + [answer[:-1]]
    if isinstance(answer, list):
        return [[changed(answer[0])] + answer[1:], answer[:1]]
    return [changed(answer)]


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    return teaching.notebook_answers(ANSWER_NOTEBOOKS[0], tmp_path_factory.mktemp("answers-figures"))


@pytest.mark.slow
def test_every_exercise_has_a_check(computed):
    stored = teaching.load_lesson()["exercises"]
    assert sorted(stored) == sorted(computed), "one check per answered exercise"


@pytest.mark.slow
def test_the_answers_notebook_gets_right(computed):
    for number, answer in computed.items():
        feedback = teaching.check(number, answer)
        assert feedback.right, f"exercise {number}: the answers notebook's {answer!r} is not recognised"


@pytest.mark.slow
def test_other_answers_get_not_yet(computed):
    for number, answer in computed.items():
        for wrong in wrong_versions(answer):
            feedback = teaching.check(number, wrong)
            assert not feedback.right, f"exercise {number}: {wrong!r} passed"
            assert feedback.message.startswith(f"Exercise {number}: not yet"), feedback.message
            assert feedback.hints, f"exercise {number}: no hint for {wrong!r}"


@pytest.mark.slow
def test_feedback_names_the_parts_that_are_right(computed):
    answer = computed[3]
    feedback = teaching.check(3, (answer[0], answer[1] + 1))
    assert "(a) right" in feedback.message and "(b) not yet" in feedback.message
    stored = teaching.load_lesson()["exercises"][3]["hints"]
    assert feedback.hints == [stored[1]], "only the hint of the part that is not yet right"


# -- fast: the check itself, on a lesson written here ----------------------------------
@pytest.fixture
def lesson(tmp_path):
    path = tmp_path / "lesson.yaml"
    teaching.record_answer(1, ("群众", "解决"), shape="a tuple of two strings", lesson=path,
                           hints=["read the two characters before the node", "read the verb"])
    teaching.record_answer(2, ("党建", 29, 11.1), shape="a tuple (category, occurrences, rate)",
                           decimals=[None, None, 1], lesson=path, hints=["a", "b", "c"])
    teaching.record_answer(3, ["新就业群体", "党建引领"], form="set", shape="a list of two entries",
                           lesson=path, hints=["sort by g2"])
    return path


def test_the_data_file_does_not_hold_the_answers(lesson):
    text = lesson.read_text(encoding="utf-8")
    for secret in ("群众", "解决", "党建\n", "11.1", "新就业群体"):
        assert secret not in text


def test_equivalent_ways_of_writing_an_answer_are_right(lesson):
    assert teaching.check(1, ["群众", " 解决 "], lesson=lesson).right
    assert teaching.check(2, ("党建", 29.0, 11.09), lesson=lesson).right  # rounded to 1 decimal
    assert teaching.check(3, ["党建引领", "新就业群体"], lesson=lesson).right  # any order


def test_wrong_parts_are_named_with_their_hints(lesson):
    feedback = teaching.check(2, ("党建", 28, 11.1), lesson=lesson)
    assert not feedback and feedback.message == "Exercise 2: not yet — (a) right, (b) not yet, (c) right"
    assert feedback.hints == ["b"]
    assert teaching.check(3, ["新就业群体", "攻坚战"], lesson=lesson).message == "Exercise 3: not yet — 1 of 2 right"


def test_a_misshapen_or_missing_answer_says_what_is_expected(lesson):
    assert "a tuple of two strings" in teaching.check(1, "群众", lesson=lesson).message
    assert teaching.check(1, None, lesson=lesson).message.endswith("no answer yet (replace None with your answer)")
    with pytest.raises(KeyError, match="no exercise 9"):
        teaching.check(9, 1, lesson=lesson)


def test_refresh_stores_what_the_answers_notebook_computes(lesson, tmp_path):
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("OUTPUT_DIR = None"),
                      nbformat.v4.new_code_cell("import kit\nanswer_1 = ('群众', '服务')"),
                      nbformat.v4.new_code_cell("answer_2 = ('党建', 29, 11.1)\nanswer_3 = ['攻坚战', '党建引领']")]
    path = tmp_path / "answers.ipynb"
    nbformat.write(notebook, path)
    assert teaching.notebook_answers(path) == {1: ("群众", "服务"), 2: ("党建", 29, 11.1), 3: ["攻坚战", "党建引领"]}
    table = teaching.refresh(path, lesson)
    assert table.values.tolist() == [[1, False], [2, True], [3, False]]
    assert teaching.check(1, ("群众", "服务"), lesson=lesson).right
    assert not teaching.check(1, ("群众", "解决"), lesson=lesson).right
    stored = teaching.load_lesson(lesson)["exercises"]
    assert stored[2]["decimals"] == [None, None, 1] and stored[3]["form"] == "set"
    assert stored[1]["hints"] == ["read the two characters before the node", "read the verb"]
