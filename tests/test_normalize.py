import importlib
import sys

import pytest

from kit.text.normalize import normalization_settings, normalize


def test_fullwidth_letters_and_digits_become_half_width():
    assert normalize("１９９８年ＧＤＰ，ａｂｃ") == "1998年GDP，abc"


def test_chinese_punctuation_stays_full_width():
    punctuation = "，。！？：；“”‘’《》、（）【】……——"
    assert normalize(punctuation) == punctuation


def test_symbols_and_decimal_point():
    assert normalize("增长１２．５％，Ａ／Ｂ") == "增长12.5%，A/B"
    assert normalize("增长１２．５％", symbols=False) == "增长12．5％"
    assert normalize("１２．５％", fullwidth=False, symbols=False) == "１２．５％"


def test_quotes():
    assert normalize("他說「好」，『是』") == "他說“好”，‘是’"
    assert normalize('他说"好"，又说"对"') == "他说“好”，又说“对”"
    assert normalize('He said "yes"') == 'He said "yes"'  # not Chinese: untouched
    assert normalize('他说"好') == '他说"好'  # unbalanced: untouched
    assert normalize("「好」", quotes=False) == "「好」"


def test_whitespace_keeps_lines_and_bylines():
    text = "记者\u3000王洋  通讯员 郝健 \n\n\u200b第二段\t\t。"
    assert normalize(text) == "记者 王洋 通讯员 郝健\n\n第二段 。"
    assert normalize(text).count("\n") == text.count("\n")
    assert normalize(text, whitespace=False, invisible=False) == text


def test_to_simplified():
    pytest.importorskip("opencc")
    assert normalize("傳統漢字，臺灣", to_simplified=True) == "传统汉字，台湾"


def test_missing_opencc_names_the_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "opencc", None)
    # kit.text re-exports the function normalize, which hides the module's name
    monkeypatch.setattr(importlib.import_module("kit.text.normalize"), "_CONVERTER", None)
    with pytest.raises(ImportError, match="pip install opencc"):
        normalize("傳統", to_simplified=True)


def test_settings_and_bad_input():
    assert normalization_settings() == {
        "fullwidth": True, "symbols": True, "quotes": True, "whitespace": True, "to_simplified": False,
        "invisible": True,
    }
    with pytest.raises(TypeError, match="needs a str"):
        normalize(None)


# Invisible characters a web page or a word processor leaves in a text: each
# one, inside a phrase, hides the phrase from an exact match.
INVISIBLE = {
    "soft hyphen": "\u00ad",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "Arabic letter mark": "\u061c",
    "left-to-right embedding": "\u202a",
    "pop directional formatting": "\u202c",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "pop directional isolate": "\u2069",
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "zero-width no-break space": "\ufeff",
}


@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_invisible_characters_are_removed_so_phrases_match(name):
    from kit.analysis import find
    from kit.corpus import Corpus
    from kit.lexicon import Lexicon

    mark = INVISIBLE[name]
    text = f"打通服务群众最后{mark}一米。\n第二{mark}段"
    cleaned = normalize(text)
    assert cleaned == "打通服务群众最后一米。\n第二段"
    lexicon = Lexicon.from_entries([{"phrase": "最后一米", "category": "隐喻"}])
    assert find(Corpus.from_texts([cleaned]), lexicon)["entry"].tolist() == ["最后一米"]
    # switchable like every other step
    assert normalize(text, invisible=False) == text
    assert normalization_settings(invisible=False)["invisible"] is False


def test_invisible_step_keeps_emoji_joiners_and_line_numbers():
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # one emoji built of three
    heart_eye = "\U0001F441\ufe0f\u200d\U0001F5E8\ufe0f"
    assert normalize(f"全家{family}出游") == f"全家{family}出游"
    assert normalize(heart_eye) == heart_eye
    assert normalize("好\u200d\U0001F44D") == "好\U0001F44D"  # not between two emoji
    text = "\u200e第一行\n\u00ad\n第三\u202e行"
    assert normalize(text).split("\n") == ["第一行", "", "第三行"]


def test_invisible_characters_do_not_break_the_decimal_point_or_quotes():
    assert normalize("增长１２\u200b．５％") == "增长12.5%"
    assert normalize('他说"好\u200e"') == "他说“好”"
