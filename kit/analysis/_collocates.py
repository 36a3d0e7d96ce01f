"""Collocates of one node: the tokens found within ±window tokens of it,
in the manner of AntConc's Collocates tool and #LancsBox's GraphColl.

Layer: analysis.

How the window is counted (the convention, and why)
---------------------------------------------------
Windows count the tokens that remain after filtering (punctuation removed by
default, as AntConc and #LancsBox, whose tokens are words), cross sentence
boundaries but never document boundaries, and never include a node token.

The statistics use the contingency table of *surface co-occurrence* (Evert
2008, section 5.2): the N token positions of the corpus are split into the
R1 positions that lie inside a window of the node ("window slots") and the
rest, and into the C1 positions holding the collocate and the rest; O11 is
the number of collocate tokens inside a window.  The expected joint frequency
is therefore

    E11 = R1 · C1 / N,   R1 ≈ span · node_freq,   span = 2 · window,

the expectation AntConc, #LancsBox and BNCweb use (E = node_freq · freq ·
span / N; Brezina, McEnery & Wattam 2015; Hoffmann et al. 2008).  R1 here is
the exact number of window slots: it equals span · node_freq whenever the
node's windows neither overlap nor run past a document's edge, and is
smaller otherwise.  A token inside the windows of two nodes counts once, so
every cell of the table is a count of positions and is never negative: G²,
χ² and ΔP stay well defined even in a small corpus where nodes cluster.
Every measure, Dice and logDice included, is computed from this one table by
:func:`kit.stats.association_scores`; Dice and logDice thus use R1 = window
slots, not the node's frequency, and read lower than the logDice of Sketch
Engine or #LancsBox (which use the node's frequency).

References
----------
Evert, S. (2008). Corpora and collocations. In A. Lüdeling & M. Kytö (eds.),
Corpus Linguistics: An International Handbook, vol. 2, 1212–1248. Berlin:
Mouton de Gruyter.

Brezina, V., McEnery, T. & Wattam, S. (2015). Collocations in context: a new
perspective on collocation networks. International Journal of Corpus
Linguistics, 20(2), 139–173.

Hoffmann, S., Evert, S., Smith, N., Lee, D. & Berglund Prytz, Y. (2008).
Corpus Linguistics with BNCweb: a Practical Guide. Frankfurt: Peter Lang.

Anthony, L. (2023). AntConc (Version 4.2) [Computer software]. Tokyo:
Waseda University.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from kit.stats.distributions import chi2_sf_one_df

from kit.analysis._stored import stored_result
from kit.analysis._record import caller_stacklevel, records_call
from kit.tokenization.tokens import token_table
from kit.analysis._validate import check_choice, check_tokens, check_whole, provenance_of
from kit.analysis._find import corpus_texts, corpus_with_fields, resolve_lexicon, runs_partitioned
from kit.corpus import Corpus
from kit.lexicon import Lexicon
from kit.stats import adjust_p, association_scores
from kit.stats.association import ASSOCIATION_COLUMNS
from kit.tokenization import filter_tokens, tokenize

MEASURES = (*ASSOCIATION_COLUMNS, "joint", "freq")
COLLOCATE_COLUMNS = (
    "node", "collocate", "joint", "left", "right", "freq", "node_freq", "window_slots", "n",
    "expected", *ASSOCIATION_COLUMNS, "p_value", "p_adjusted",
)


@records_call
@stored_result
def collocates(corpus: Corpus, node: str, window: int = 5, tokens=None, lexicon: Lexicon | None = None,
               min_freq: int = 3, min_joint: int = 2, measure: str = "log_dice",
               remove_punct: bool = True, remove_stopwords=False, fields=("text",),
               scheduler=None) -> pd.DataFrame:
    """The collocates of a node word or lexicon entry within ±window tokens.

    Parameters
    ----------
    corpus : Corpus
    node : str
        A word, or a lexicon entry (or one of its variants): every literal
        form of the entry is a node token, and the tokenizer keeps entries
        whole, so 急难愁盼 is one token.  Pattern entries cannot be nodes.
    window : int
        Tokens on each side (span = 2 · window).
    tokens : Tokens or pandas.DataFrame, optional
        Tokens of ``corpus`` (columns doc_id, token, start, and is_punct /
        is_stopword when those are removed).  By default the corpus is
        tokenised with ``lexicon`` (cached on disk).
    lexicon : Lexicon, optional
        Defaults to the bundled lexicon.
    min_freq : int
        Keep collocates whose corpus frequency is at least this.
    min_joint : int
        Keep collocates found in the node's windows at least this often.
    measure : str
        Sort key, descending: a column of :func:`kit.stats.association_scores`,
        ``"joint"`` or ``"freq"``.  Ties sort by collocate (code point).
    remove_punct : bool
        Drop punctuation before counting (the node is never dropped).
    remove_stopwords : bool or iterable of str
        As :func:`kit.tokenization.filter_tokens`.
    fields : str or tuple of str
        What is read (``tokens`` passed in must be of the corpus with these fields): ``("text",)`` (default; headlines are not text),
        ``("title", "text")`` or ``("title",)`` (see
        :meth:`kit.corpus.Corpus.with_fields`).

    scheduler : dask.distributed.Client or str, optional
        Count the partitions of a lazy corpus (``corpus`` may be a
        :class:`kit.lazy_corpus.LazyCorpus`, its tokens from
        ``kit.tokenize(lazy)``) on a Dask cluster (default
        ``$KIT_SCHEDULER``); the table is the same as in memory
        (docs/scale.md).

    Returns
    -------
    pandas.DataFrame
        One row per collocate (see the module's notes for the table behind
        the statistics).  Columns:

        node : str
        collocate : str
        joint : int
            Collocate tokens inside the node's windows (O11); a token inside
            the windows of two nodes counts once.
        left, right : int
            Of those, the tokens within ``window`` before / after a node.  A
            token between two nearby nodes is both, so left + right ≥ joint.
        freq : int
            The collocate's frequency in the (filtered) corpus (C1).
        node_freq : int
            Node tokens in the corpus.
        window_slots : int
            Token positions inside the node's windows (R1; span · node_freq
            when windows neither overlap nor meet a document's edge).
        n : int
            Tokens in the (filtered) corpus (N).
        expected : float
            window_slots · freq / n.
        pmi, mi3, t_score, z_score, dice, log_dice, delta_p,
        delta_p_reverse, g2, chi2 : float
            :func:`kit.stats.association_scores` (o11 = joint,
            r1 = window_slots, c1 = freq, n = n).
        p_value : float
            Upper tail of χ² (1 df) at g2.
        p_adjusted : float
            Benjamini–Hochberg over every token type of the corpus other
            than the node (types never in a window counted with p = 1).

        An empty table, with a warning that says why, when the node never
        occurs as a token.

    Raises
    ------
    ValueError
        For a bad window, threshold or measure, a pattern entry as node, or
        tokens of documents that are not in the corpus.

    Examples
    --------
    >>> import pandas as pd
    >>> from kit.corpus import Corpus
    >>> c = Corpus.from_texts(["服务群众。服务群众。"])
    >>> toks = pd.DataFrame({"doc_id": "corpus-0001", "token": ["服务", "群众", "。"] * 2,
    ...                      "start": [0, 2, 4, 5, 7, 9], "end": [2, 4, 5, 7, 9, 10],
    ...                      "is_punct": [False, False, True] * 2, "is_stopword": False})
    >>> collocates(c, "群众", window=1, tokens=toks, min_freq=1, min_joint=1)[
    ...     ["collocate", "joint", "left", "right"]].values.tolist()
    [['服务', 2, 2, 1]]
    """
    _check_arguments(node, window, min_freq, min_joint, measure)
    lexicon = resolve_lexicon(lexicon)
    forms = _node_forms(node, lexicon)
    if runs_partitioned(corpus, scheduler):
        from kit.analysis._partitioned import lazy_collocate_tally

        tally = lazy_collocate_tally(corpus, tokens, lexicon, forms, window, remove_punct, remove_stopwords,
                                     fields, scheduler)
    else:
        corpus = corpus_with_fields(corpus, fields)
        corpus_texts(corpus)
        if tokens is None:
            tokens = tokenize(corpus, lexicon)
        tally = collocate_tally(corpus, tokens, lexicon, forms, window, remove_punct, remove_stopwords)
    return collocate_table(tally, node, forms, min_freq, min_joint, measure)


def collocate_tally(corpus: Corpus, tokens, lexicon: Lexicon, forms: frozenset, window: int,
                    remove_punct: bool, remove_stopwords) -> dict:
    """What :func:`collocates` counts, for one corpus or one partition of a corpus.

    Windows never cross a document, so the tallies of partitions add up.

    Returns
    -------
    dict
        ``counts``: DataFrame indexed by token type (sorted) with freq,
        joint, left, right; ``node_freq``, ``window_slots``, ``n`` (tokens
        kept) and ``in_text`` (node forms in the raw text, for the warning
        when no token is the node).
    """
    frame = _kept_tokens(corpus, tokens, forms, remove_punct, remove_stopwords, lexicon)
    words = frame["token"].astype(str).to_numpy(dtype=object)
    is_node = np.isin(words, list(forms))
    doc = pd.factorize(frame["doc_id"])[0]
    if is_node.any():
        left, right = _window_cover(doc, is_node, window)
    else:
        left = right = np.zeros(len(words), dtype=bool)
    inside = (left | right) & ~is_node
    left &= ~is_node
    right &= ~is_node
    types, code = np.unique(words, return_inverse=True)
    n_types = len(types)
    counts = pd.DataFrame({
        "freq": np.bincount(code, minlength=n_types),
        "joint": np.bincount(code[inside], minlength=n_types),
        "left": np.bincount(code[left], minlength=n_types),
        "right": np.bincount(code[right], minlength=n_types),
    }, index=pd.Index(types, dtype=object)).astype(np.int64)
    return {"counts": counts, "node_freq": int(is_node.sum()), "window_slots": int(inside.sum()),
            "n": len(words), "in_text": sum(text.count(form) for text in corpus.texts for form in forms)}


def add_collocate_tallies(first: dict, second: dict) -> dict:
    """The tally of two partitions together (see :func:`collocate_tally`)."""
    counts = first["counts"].add(second["counts"], fill_value=0).astype(np.int64).sort_index()
    return {"counts": counts, **{k: first[k] + second[k] for k in ("node_freq", "window_slots", "n", "in_text")}}


def collocate_table(tally: dict, node: str, forms: frozenset, min_freq: int, min_joint: int,
                    measure: str) -> pd.DataFrame:
    """The table of :func:`collocates` from a tally (of a corpus, or of partitions added up)."""
    node_freq = tally["node_freq"]
    if node_freq == 0:
        _warn_not_found(node, forms, tally["in_text"], tally["n"])
        return _empty()
    counts = tally["counts"]
    types = counts.index.to_numpy(dtype=object)
    freq, joint = counts["freq"].to_numpy(), counts["joint"].to_numpy()
    left_count, right_count = counts["left"].to_numpy(), counts["right"].to_numpy()
    slots, n = tally["window_slots"], tally["n"]

    is_node_type = np.isin(types, list(forms))
    candidates = np.flatnonzero((joint > 0) & ~is_node_type)
    table = pd.DataFrame({
        "node": node,
        "collocate": types[candidates],
        "joint": joint[candidates].astype(np.int64),
        "left": left_count[candidates].astype(np.int64),
        "right": right_count[candidates].astype(np.int64),
        "freq": freq[candidates].astype(np.int64),
        "node_freq": np.int64(node_freq),
        "window_slots": np.int64(slots),
        "n": np.int64(n),
    })
    table["expected"] = slots * table["freq"].to_numpy(dtype=np.float64) / n
    scores = association_scores(table["joint"].to_numpy(), slots, table["freq"].to_numpy(), n)
    table = pd.concat([table, scores.set_index(table.index)], axis=1)
    table["p_value"] = chi2_sf_one_df(table["g2"].to_numpy())
    tested = int((~is_node_type).sum())
    table["p_adjusted"] = adjust_p(np.concatenate(
        [table["p_value"].to_numpy(), np.ones(tested - len(table))]))[:len(table)]

    table = table[(table["freq"] >= min_freq) & (table["joint"] >= min_joint)]
    table = table.sort_values([measure, "collocate"], ascending=[False, True],
                              na_position="last", kind="mergesort")
    return table[list(COLLOCATE_COLUMNS)].reset_index(drop=True)


def _check_arguments(node, window, min_freq, min_joint, measure) -> None:
    if not isinstance(node, str) or not node.strip():
        raise ValueError(f"collocates: node must be a non-empty string, got {node!r}")
    for name, value, least in (("window", window, 1), ("min_freq", min_freq, 0), ("min_joint", min_joint, 1)):
        check_whole(name, value, least)
    check_choice("measure", measure, MEASURES)


def _node_forms(node: str, lexicon: Lexicon) -> frozenset[str]:
    """The token strings that count as the node: every form of its entry, or the word itself."""
    patterns = dict(lexicon.pattern_entries())
    if node in patterns:
        raise ValueError(
            f"collocates: {node!r} is a pattern entry ({patterns[node]}), which is not one token; "
            "use kit.cooccurrence or kit.kwic(corpus, pattern, regex=True) for it")
    literal = lexicon.literal_forms()
    if node in literal:
        entry = literal[node]
        return frozenset(form for form, owner in literal.items() if owner == entry)
    return frozenset([node])


def _kept_tokens(corpus, tokens, forms, remove_punct, remove_stopwords, lexicon=None) -> pd.DataFrame:
    """Tokens in corpus order after filtering; node tokens are always kept."""
    needed = ["doc_id", "token", "start"]
    if remove_punct:
        needed.append("is_punct")
    if remove_stopwords is True:
        needed.append("is_stopword")
    frame = check_tokens(token_table(tokens, tuple(needed), "collocates"), corpus, lexicon, provenance_of(tokens))
    doc_order = {doc: i for i, doc in enumerate(corpus.docs["doc_id"])}
    order = frame["doc_id"].map(doc_order)
    frame = frame.assign(_doc=order.to_numpy(), _row=np.arange(len(frame)))
    frame = frame.sort_values(["_doc", "start"], kind="mergesort")
    if not (remove_punct or remove_stopwords):
        return frame
    kept = filter_tokens(frame, remove_punct=remove_punct, remove_stopwords=remove_stopwords)
    keep = frame["_row"].isin(kept["_row"]) | frame["token"].isin(list(forms))
    return frame[keep.to_numpy()]


def _window_cover(doc: np.ndarray, is_node: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the positions within ``window`` before (left) and after (right) a node,
    within the node's document; built with difference arrays, linear in the tokens."""
    n = len(doc)
    index = np.arange(n)
    starts = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
    doc_first = starts[np.searchsorted(starts, index, side="right") - 1]
    doc_last = np.r_[starts[1:], n][np.searchsorted(starts, index, side="right") - 1] - 1
    nodes = np.flatnonzero(is_node)

    def cover(begin, end):  # positions begin..end-1 of every node, as a mask
        marks = np.zeros(n + 1, dtype=np.int64)
        valid = end > begin
        np.add.at(marks, begin[valid], 1)
        np.add.at(marks, end[valid], -1)
        return np.cumsum(marks[:-1]) > 0

    left = cover(np.maximum(nodes - window, doc_first[nodes]), nodes)
    right = cover(nodes + 1, np.minimum(nodes + window, doc_last[nodes]) + 1)
    return left, right


def _warn_not_found(node, forms, in_text: int, n_tokens) -> None:
    if in_text:
        hint = (f"it occurs {in_text} times in the text but never as a whole token: pass a "
                "lexicon that holds it (kit.load_lexicon or Lexicon.from_entries) so the "
                "tokenizer keeps it whole, or read its contexts with kit.kwic")
    else:
        hint = "it does not occur in the text at all; check the spelling (simplified characters?)"
    warnings.warn(f"collocates: node {node!r} not found among {n_tokens} tokens; {hint}. "
                  "Returning an empty table.", UserWarning, stacklevel=caller_stacklevel())


def _empty() -> pd.DataFrame:
    ints = ("joint", "left", "right", "freq", "node_freq", "window_slots", "n")
    types = {c: "int64" for c in ints}
    types.update({c: "float64" for c in ("expected", *ASSOCIATION_COLUMNS, "p_value", "p_adjusted")})
    return pd.DataFrame({c: pd.Series([], dtype=types.get(c, object)) for c in COLLOCATE_COLUMNS})
