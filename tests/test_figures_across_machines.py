"""A figure's CSV and manifest are the same bytes on every machine; a save shows as one line."""
import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from kit.figures import CSV_DIGITS, REPRODUCIBILITY, SavedFiles, read_manifest, save_figure, table_csv
from kit.plot import frequency_bars
from kit.stats import association_scores, keyness_scores


@pytest.fixture(scope="module")
def statistics_table():
    """A table of the kit's statistics at full precision, as an analysis returns it."""
    rng = np.random.default_rng(14)
    joint = rng.integers(1, 40, 300)
    keyness = keyness_scores(joint, rng.integers(0, 400, 300), 2_469, 891_920)
    association = association_scores(joint, joint + rng.integers(0, 60, 300), joint + rng.integers(0, 90, 300),
                                     50_000)
    table = pd.concat([keyness.select_dtypes("float"), association.select_dtypes("float")], axis=1)
    # and numbers of every magnitude, as rates and p-values reach
    table["spread"] = 10.0 ** rng.uniform(-12, 12, 300) * rng.choice([-1, 1], 300)
    return table


def _nudged(table: pd.DataFrame, towards: float) -> pd.DataFrame:
    """Every float moved by one unit in the last place, as another BLAS or summation order may move it."""
    floats = table.select_dtypes("float").columns
    return table.assign(**{c: np.nextafter(table[c].to_numpy(), towards) for c in floats})


@pytest.mark.parametrize("towards", [np.inf, -np.inf], ids=["up", "down"])
def test_one_ulp_changes_no_byte_of_the_csv(statistics_table, towards):
    nudged = _nudged(statistics_table, towards)
    finite = np.isfinite(statistics_table.to_numpy()) & (statistics_table.to_numpy() != 0)
    assert (nudged.to_numpy() != statistics_table.to_numpy())[finite].all(), "every float must really change"
    assert table_csv(nudged) == table_csv(statistics_table)


def test_a_saved_figure_table_nudged_by_one_ulp_is_not_rewritten(statistics_table, tmp_path):
    table = statistics_table.head(12).assign(entry=[f"提法{i}" for i in range(12)], frequency=range(1, 13))
    fig = frequency_bars(table, title="提法")
    first = save_figure(fig, "t", table, directory=tmp_path)
    manifest = (tmp_path / "manifest.json").read_bytes()
    again = save_figure(fig, "t", _nudged(table, np.inf), directory=tmp_path)
    plt.close(fig)
    assert first["written"].all() and not again["written"].any()
    assert (tmp_path / "manifest.json").read_bytes() == manifest


def test_csv_numbers_have_the_documented_digits():
    text = table_csv(pd.DataFrame({"x": [1 / 3, 2 / 3 * 1e-7, 123456789.123456]}))
    assert text.splitlines()[1:] == ["0.3333333333", "6.666666667e-08", "123456789.1"]
    assert CSV_DIGITS == 10


def test_the_manifest_says_what_may_differ_between_machines(tmp_path):
    fig = frequency_bars(pd.DataFrame({"entry": ["久久为功"], "frequency": [2]}), title="提法")
    save_figure(fig, "t", pd.DataFrame({"entry": ["久久为功"], "frequency": [2]}), directory=tmp_path)
    plt.close(fig)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reproducibility"] == REPRODUCIBILITY
    differ = " ".join(manifest["reproducibility"]["may_differ_between_machines"])
    assert "FreeType" in differ and "NAME.png" in differ and "NAME.pdf" in differ
    entry = read_manifest(tmp_path)["figures"]["t"]
    # the versions the statement points to are recorded in every entry
    assert entry["font"]["freetype"] and entry["software"]["fonttools"] and entry["software"]["pillow"]


def test_a_save_shows_as_one_line_and_keeps_its_table(tmp_path):
    table = pd.DataFrame({"entry": ["久久为功"], "frequency": [2]})
    fig = frequency_bars(table, title="提法")
    first = save_figure(fig, "01_counts", table, directory=tmp_path)
    again = save_figure(fig, "01_counts", table, directory=tmp_path)
    plt.close(fig)
    assert isinstance(first, SavedFiles) and isinstance(first, pd.DataFrame)
    assert list(first.columns) == ["file", "sha256", "written"] and len(first) == 3
    assert repr(first) == f"saved 01_counts (png, pdf, csv) in {tmp_path}"
    assert repr(again) == f"saved 01_counts (png, pdf, csv) in {tmp_path} — unchanged"
    assert "\n" not in again._repr_html_() and "<table" not in again._repr_html_()
    assert type(again.files) is pd.DataFrame and "<table" in again.files._repr_html_()
    assert type(again[again["written"]]) is pd.DataFrame, "a selection is an ordinary table"
