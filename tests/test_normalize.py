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
    assert normalize(text, whitespace=False) == text


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
    }
    with pytest.raises(TypeError, match="needs a str"):
        normalize(None)
