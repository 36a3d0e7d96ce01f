"""PDF font subsets come from the cache, and the PDF is the same bytes with or without it."""
import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.backends import _backend_pdf_ps

from kit.figures import _PDF_METADATA
from kit.pdf_fonts import cached_font_subsets
from kit.plot import frequency_bars


@pytest.fixture(scope="module")
def figure():
    table = pd.DataFrame({"entry": ["最后一米", "急难愁盼"], "frequency": [1, 4], "gloss": ["last metre", "urgent needs"]})
    fig = frequency_bars(table, gloss="gloss", title="提法 in the PDF")
    yield fig
    plt.close(fig)


def _pdf(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="pdf", metadata=_PDF_METADATA)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def uncached(figure):
    return _pdf(figure)


def test_the_pdf_is_the_same_with_a_cold_and_a_warm_cache(figure, uncached, tmp_path):
    with cached_font_subsets(tmp_path):
        cold = _pdf(figure)
    stored = sorted(p.name for p in tmp_path.iterdir())
    assert stored and all(name.endswith((".font", ".json")) for name in stored)
    with cached_font_subsets(tmp_path):
        warm = _pdf(figure)
    assert cold == uncached and warm == uncached
    assert sorted(p.name for p in tmp_path.iterdir()) == stored, "a warm cache adds nothing"


def test_a_warm_cache_does_not_subset_again(figure, tmp_path, monkeypatch):
    with cached_font_subsets(tmp_path):
        _pdf(figure)
    calls = []
    original = _backend_pdf_ps.get_glyphs_subset

    def counted(fontfile, glyphs):
        calls.append(fontfile)
        return original(fontfile, glyphs)

    monkeypatch.setattr(_backend_pdf_ps, "get_glyphs_subset", counted)
    with cached_font_subsets(tmp_path):
        _pdf(figure)
    assert calls == []


def test_a_damaged_subset_is_made_again(figure, uncached, tmp_path):
    with cached_font_subsets(tmp_path):
        _pdf(figure)
    for font in tmp_path.glob("*.font"):
        font.write_bytes(font.read_bytes()[:100])  # as a full disk or a half-copied folder leaves it
    with cached_font_subsets(tmp_path):
        assert _pdf(figure) == uncached
    with cached_font_subsets(tmp_path):
        assert _pdf(figure) == uncached


def test_matplotlib_is_left_as_it_was(figure, tmp_path):
    original = _backend_pdf_ps.get_glyphs_subset
    with cached_font_subsets(tmp_path), cached_font_subsets(tmp_path):
        assert _backend_pdf_ps.get_glyphs_subset is not original
    assert _backend_pdf_ps.get_glyphs_subset is original
    with pytest.raises(ZeroDivisionError), cached_font_subsets(tmp_path):
        1 / 0
    assert _backend_pdf_ps.get_glyphs_subset is original


def test_a_read_only_cache_still_draws_the_figure(figure, uncached, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with cached_font_subsets(blocked / "subsets"):
        assert _pdf(figure) == uncached
