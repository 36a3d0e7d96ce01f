"""kit.interactive_tables: sortable tables in a live notebook, plain ones in headless runs."""
import re

import pandas as pd
import pytest

import kit
from kit.analysis._kwic import Concordance
from kit.corpus import Corpus
from kit.tables import interactive_tables

PLAIN_FRAME = pd.DataFrame._repr_html_
PLAIN_CONCORDANCE = Concordance._repr_html_


@pytest.fixture
def lines():
    corpus = Corpus.from_texts(["打通“最后一米”，托起幸福。", "再走最后一米路"])
    return kit.kwic(corpus, "最后一米", window=3)


@pytest.fixture
def switched_on(monkeypatch):
    monkeypatch.delenv("KIT_NOTEBOOK", raising=False)
    monkeypatch.delenv("KIT_TABLES", raising=False)
    try:
        yield interactive_tables()
    finally:
        interactive_tables(False)


def test_on_in_a_live_notebook_with_tables_that_fetch_nothing(switched_on, lines):
    assert switched_on is True
    shown = pd.DataFrame({"entry": ["急难愁盼"], "frequency": [3]})._repr_html_()
    assert "ITable" in shown and '"data_json"' in shown
    assert "急难愁盼".encode("unicode_escape").decode().replace("\\", "\\\\") in shown
    concordance = lines._repr_html_()
    assert "dt-right" in concordance, "the left context stays right-aligned"
    assert "reverse()" in concordance, "the left column sorts from the node outwards (1L, 2L …)"
    for html in (shown, concordance):
        assert not re.search(r"""(import|src=|from)\s*['"]https?://""", html), "nothing is fetched from the web"


def test_off_puts_the_plain_tables_back(switched_on, lines):
    assert interactive_tables(False) is False
    assert pd.DataFrame._repr_html_ is PLAIN_FRAME
    assert Concordance._repr_html_ is PLAIN_CONCORDANCE
    assert 'class="kit-concordance"' in lines._repr_html_()


@pytest.mark.parametrize("variable, value", [("KIT_NOTEBOOK", "notebooks/01_quickstart.ipynb"),
                                             ("KIT_TABLES", "plain")])
def test_headless_runs_keep_plain_tables(monkeypatch, variable, value, lines):
    monkeypatch.setenv(variable, value)
    assert interactive_tables() is False
    assert pd.DataFrame._repr_html_ is PLAIN_FRAME
    assert 'class="kit-concordance"' in lines._repr_html_()
