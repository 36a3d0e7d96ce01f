"""A notebook's Study: what it tells the reader about the corpus behind a figure."""
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from kit.plot.style import apply_house_style
from kit.study import Study

matplotlib.use("Agg")

TRADITIONAL = ["各級黨組織要堅持以人民為中心，解決群眾急難愁盼問題。",
               "這項工作久久為功，為群眾辦實事，國家經濟發展與鄉村振興緊密聯繫，打通服務最後一米。"]
SIMPLIFIED = ["基层治理要解决群众急难愁盼问题。"]


@pytest.fixture()
def mixed_folder(tmp_path):
    folder = tmp_path / "港澳报刊"
    folder.mkdir()
    for i, text in enumerate(TRADITIONAL + SIMPLIFIED):
        (folder / f"article{i}.txt").write_text(text, encoding="utf-8")
    return folder


def _captions(fig):
    return [t.get_text().replace("\n", " ") for t in fig.texts]


def _save(study, tmp_path):
    apply_house_style()
    fig, ax = plt.subplots()
    ax.bar(["a"], [1])
    ax.set_title(f"counts in {study.label}")
    study.save(fig, "counts", pd.DataFrame({"entry": ["a"], "frequency": [1]}))
    return fig


def test_figure_says_how_many_documents_stayed_traditional(mixed_folder, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        study = Study(mixed_folder, reference=None, output_dir=tmp_path / "out")
    fig = _save(study, tmp_path)
    notes = [c for c in _captions(fig) if "Traditional" in c]
    assert len(notes) == 1
    assert notes[0].startswith(f"2 of 3 documents of {study.label} are in Traditional characters")
    assert "TO_SIMPLIFIED" in notes[0]
    plt.close(fig)


def test_converted_corpus_needs_no_note(mixed_folder, tmp_path):
    study = Study(mixed_folder, reference=None, output_dir=tmp_path / "out", to_simplified=True)
    fig = _save(study, tmp_path)
    assert not [c for c in _captions(fig) if "Traditional" in c]
    plt.close(fig)
