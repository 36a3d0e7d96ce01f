"""The kit finds a CJK font, refuses fonts that cannot draw Chinese, and
turns a missing glyph into an error instead of a box."""
import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from kit import fonts
from kit.figures import save_figure
from kit.plot import apply_house_style

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@pytest.fixture(autouse=True)
def _fresh_font_cache(monkeypatch):
    monkeypatch.delenv("KIT_CJK_FONT", raising=False)
    fonts._resolve_system_font.cache_clear()
    yield
    fonts._resolve_system_font.cache_clear()


def test_system_font_covers_chinese_of_the_sample_page():
    font = fonts.resolve_cjk_font()
    text = open("data/raw/lvliang-daily-2026-01-page.md", encoding="utf-8").read()
    assert font.missing(text) == []
    assert font.family in fonts.KNOWN_CJK_FAMILIES


def test_collection_gives_the_simplified_chinese_face():
    font = fonts.resolve_cjk_font()
    if not str(font.path).endswith(".ttc"):
        pytest.skip("the system's CJK font is not a collection")
    assert font.family.endswith("SC")


def test_env_var_pointing_nowhere_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("KIT_CJK_FONT", "/no/such/font.otf")
    with pytest.raises(fonts.FontNotFoundError, match="KIT_CJK_FONT"):
        fonts.resolve_cjk_font()


def test_env_var_with_a_latin_only_font_is_refused(monkeypatch):
    pytest.importorskip("matplotlib")
    import os

    if not os.path.exists(DEJAVU):
        pytest.skip("DejaVu Sans not installed")
    monkeypatch.setenv("KIT_CJK_FONT", DEJAVU)
    with pytest.raises(fonts.FontNotFoundError, match="does not cover Chinese"):
        fonts.resolve_cjk_font()


def test_no_font_on_the_system_names_the_fix(monkeypatch):
    monkeypatch.setattr(fonts, "_system_font_files", lambda: [DEJAVU])
    with pytest.raises(fonts.FontNotFoundError, match="apt-get install fonts-noto-cjk"):
        fonts.resolve_cjk_font()


def test_missing_glyph_is_reported_with_the_characters():
    font = fonts.resolve_cjk_font()
    # U+13000, an Egyptian hieroglyph: not in any CJK font.
    assert font.missing("党建\U00013000") == ["\U00013000"]
    with pytest.raises(fonts.MissingGlyphError, match="KIT_CJK_FONT"):
        font.require("党建\U00013000")


def test_house_style_draws_chinese_without_glyph_warnings():
    apply_house_style()
    fig, ax = plt.subplots()
    ax.set_title("急难愁盼 久久为功 最后一米")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.canvas.draw()
    plt.close(fig)


def test_default_font_would_draw_boxes_and_the_test_setup_catches_it():
    """The guard itself: without the kit's font matplotlib warns, and the
    suite's filter makes that warning an error."""
    fig, ax = plt.subplots()
    ax.set_title("党建引领", fontfamily="DejaVu Sans")
    with pytest.raises(UserWarning, match="Glyph"):
        fig.canvas.draw()
    plt.close(fig)


def test_save_figure_refuses_a_character_the_font_lacks(tmp_path):
    apply_house_style()
    fig, ax = plt.subplots()
    ax.set_title("党建\U00013000")
    with pytest.raises(fonts.MissingGlyphError):
        save_figure(fig, "bad", pd.DataFrame({"x": [1]}), directory=tmp_path)
    assert not any(tmp_path.iterdir()), "nothing may be written for a figure that would show boxes"
    plt.close(fig)


def test_single_face_file_is_the_chosen_face(tmp_path):
    from matplotlib.ft2font import FT2Font

    font = fonts.resolve_cjk_font()
    path = fonts.single_face_file(font, cache_dir=tmp_path)
    face = FT2Font(str(path))
    assert face.family_name == font.family
    assert fonts.single_face_file(font, cache_dir=tmp_path) == path
