import pytest

from kit.text.sentences import count_sentences, split_paragraphs, split_sentences


def sentences(text):
    return split_sentences(text)["sentence"].tolist()


def test_ends_at_chinese_terminators():
    assert sentences("一。二！三？四；五……六") == ["一。", "二！", "三？", "四；", "五……", "六"]


def test_quoted_speech_stays_whole():
    assert sentences("他说：“我们走。你们留下。”好！") == ["他说：“我们走。你们留下。”", "好！"]
    text = "“家长往前看，别着急。”“小朋友慢点儿，注意脚下！”清晨7点20分。"
    assert sentences(text) == ["“家长往前看，别着急。”", "“小朋友慢点儿，注意脚下！”", "清晨7点20分。"]


def test_closing_marks_after_terminator_belong_to_the_sentence():
    assert sentences("（完。）下一句。") == ["（完。）", "下一句。"]
    assert sentences("他说：「走。」然后") == ["他说：「走。」", "然后"]
    assert sentences("她问：“‘好’吗？”是的。") == ["她问：“‘好’吗？”", "是的。"]


def test_line_breaks_end_sentences_and_reset_quotes():
    assert sentences("标题\n“未闭合的引号。\n下一段。") == ["标题", "“未闭合的引号。", "下一段。"]
    frame = split_sentences("甲。乙。\n\n丙。")
    assert frame["paragraph"].tolist() == [0, 0, 1]


def test_offsets_point_into_the_text():
    text = "  一。 “二。”\n\n三！  "
    frame = split_sentences(text)
    assert frame["sentence"].tolist() == ["一。", "“二。”", "三！"]
    for sentence, start, end in frame[["sentence", "start", "end"]].itertuples(index=False):
        assert text[start:end] == sentence


def test_empty_and_bad_input():
    assert split_sentences("").empty
    assert list(split_sentences("").columns) == ["sentence", "start", "end", "paragraph"]
    assert count_sentences("一。二") == 2
    with pytest.raises(TypeError):
        split_sentences(None)


def test_paragraphs():
    text = "第一段。\n\n  第二段。\n"
    frame = split_paragraphs(text)
    assert frame["paragraph"].tolist() == ["第一段。", "第二段。"]
    assert [text[s:e] for s, e in zip(frame["start"], frame["end"])] == frame["paragraph"].tolist()
