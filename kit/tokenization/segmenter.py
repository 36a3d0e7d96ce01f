"""Load a segmenter once per process and segment text with protected phrases.

Layer: tokenize.  The kit uses pkuseg's default (mixed-domain) model, which
ships inside the pkuseg package.  Every other pkuseg model, and its
part-of-speech model, is downloaded from the network on first use; the kit
refuses them so that a run never depends on the network.

Two engines run that model and return the same tokens:

* ``"kit"`` (the default): the kit's own decoder of pkuseg's model
  (:mod:`kit.tokenization.fastseg`), many times faster and leaner;
* ``"pkuseg"``: pkuseg itself, kept as the reference the kit's decoder is
  tested against.

How phrases are protected
-------------------------
pkuseg's own ``user_dict`` does three things: split the text on whitespace,
cut every dictionary phrase out of each piece (leftmost match), and segment
the remaining stretches with the model.  The kit does the same three steps
itself, deliberately, for two reasons:

* pkuseg 0.0.25's phrase matcher returns too long a token when one phrase is
  a prefix of another and the text continues the longer one only in part
  (phrases 共同富裕 and 共同富裕示范区, text 共同富裕示范县 → 共同富裕示范 | 县);
  the kit's matcher is leftmost-longest and correct;
* a pkuseg instance per user dictionary costs another 860 MB and 3 s; the kit
  loads the model once per process and keeps one small matcher per lexicon.

Stretches without a phrase go through the engine's ``cut`` unchanged, so with
no phrases the kit's tokens are exactly pkuseg's.
"""
from __future__ import annotations

import functools
import itertools
import re
import threading
from importlib import metadata

MODEL_NAME = "default"
ENGINES = ("kit", "pkuseg")
DEFAULT_ENGINE = "kit"

_model_lock = threading.Lock()
_loaded_models: dict = {}
_WHITESPACE_RUN = re.compile(r"\s+")


def pkuseg_version() -> str:
    """The installed pkuseg version (part of every cache key)."""
    try:
        return metadata.version("pkuseg")
    except metadata.PackageNotFoundError:  # pragma: no cover - depends on the install
        return "not-installed"


def check_engine(engine) -> str:
    """Return ``engine`` if it is one of :data:`ENGINES`; otherwise raise a one-line ValueError."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(map(repr, ENGINES))}; got {engine!r}")
    return engine


def load_model(model: str = MODEL_NAME, engine: str = DEFAULT_ENGINE):
    """Return this process's segmenter for pkuseg's default model, loading it once.

    Parameters
    ----------
    model : str
        Must be ``"default"``.  Other pkuseg models (news, web, medicine,
        tourism, a model folder) are refused: pkuseg downloads them from the
        network, and a kit run must not depend on the network.
    engine : {"kit", "pkuseg"}
        ``"kit"``: the kit's decoder of the model (milliseconds to load once
        the model is converted, see :mod:`kit.tokenization.fastseg`);
        ``"pkuseg"``: pkuseg itself (about 860 MB and 3 s).  Both return the
        same tokens.

    Returns
    -------
    object with ``cut(text) -> list of str``
        pkuseg's tokens: its bundled dictionary post-processing, no
        part-of-speech tagging.

    Examples
    --------
    >>> seg = load_model()
    >>> seg.cut("全力打通服务群众最后一米")
    ['全力', '打通', '服务', '群众', '最后', '一', '米']
    """
    if model != MODEL_NAME:
        raise ValueError(
            f"the kit only uses pkuseg's bundled 'default' model, not {model!r}: pkuseg "
            "downloads every other model (news, web, medicine, tourism, postag) from "
            "GitHub on first use, and a kit run must work without the network"
        )
    check_engine(engine)
    with _model_lock:
        if engine not in _loaded_models:
            _loaded_models[engine] = _load_fastseg() if engine == "kit" else _load_pkuseg()
        return _loaded_models[engine]


def _load_fastseg():
    from kit.tokenization.fastseg import load_segmenter

    return load_segmenter()


def _load_pkuseg():
    try:
        import pkuseg
    except ImportError as error:
        raise ImportError("pkuseg is not installed; build the kit's environment with `make env`") from error
    return pkuseg.pkuseg(model_name="default", postag=False)


def model_is_loaded(engine: str = DEFAULT_ENGINE) -> bool:
    """Whether this process has already loaded the engine's segmenter."""
    return check_engine(engine) in _loaded_models


def _trie_pattern(phrases: list[str]) -> str:
    # A regular expression shaped like a trie (共同(?:富裕(?:示范区)?)?...).  The
    # regex engine's greedy optional groups give leftmost-longest matches, and
    # each candidate position costs the depth of the trie, not the number of
    # phrases, which keeps lexicons of thousands of phrases cheap.
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = True

    def branch(node: dict) -> str:
        alternatives = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return branch(trie)


@functools.lru_cache(maxsize=16)
def phrase_matcher(phrases: tuple[str, ...]):
    """Compiled leftmost-longest matcher for protected phrases (None if there are none).

    Parameters
    ----------
    phrases : tuple of str
        Phrases without whitespace (a phrase with whitespace can never come out
        as one token, see :func:`normalise_phrases`).

    Returns
    -------
    re.Pattern or None

    Examples
    --------
    >>> phrase_matcher(("共同富裕", "共同富裕示范区")).findall("共同富裕示范县，共同富裕示范区")
    ['共同富裕', '共同富裕示范区']
    """
    usable = sorted({p for p in phrases if p and not _WHITESPACE_RUN.search(p)})
    if not usable:
        return None
    return re.compile(_trie_pattern(usable))


def segment(text: str, matcher=None, model=None) -> tuple[list[str], list[int], list[bool]]:
    """Segment one text; return tokens, their start offsets and protection flags.

    Whitespace is dropped (as pkuseg does) but offsets index the original
    text: ``text[start:start + len(token)] == token``.

    Parameters
    ----------
    text : str
    matcher : re.Pattern or None
        From :func:`phrase_matcher`; its matches become single tokens.
    model : object with ``cut``, optional
        A segmenter from :func:`load_model`; defaults to ``load_model()``.

    Returns
    -------
    tokens : list of str
    starts : list of int
    protected : list of bool
        True for a token that is a protected phrase.

    Examples
    --------
    >>> segment("打通“最后一米”", phrase_matcher(("最后一米",)))
    (['打通', '“', '最后一米', '”'], [0, 2, 3, 7], [False, False, True, False])
    """
    cut = (model or load_model()).cut
    tokens: list[str] = []
    starts: list[int] = []
    protected: list[bool] = []

    def add_model_tokens(stretch: str, offset: int) -> None:
        # cut returns the characters of the stretch in order, so the
        # offsets follow from the token lengths.
        pieces = cut(stretch)
        if not pieces:
            return
        tokens.extend(pieces)
        starts.extend(itertools.accumulate(map(len, pieces[:-1]), initial=offset))
        protected.extend([False] * len(pieces))

    for piece in re.finditer(r"\S+", text):
        piece_start, piece_text = piece.start(), piece.group()
        if matcher is None:
            add_model_tokens(piece_text, piece_start)
            continue
        last = 0
        for match in matcher.finditer(piece_text):
            if match.start() > last:
                add_model_tokens(piece_text[last : match.start()], piece_start + last)
            tokens.append(match.group())
            starts.append(piece_start + match.start())
            protected.append(True)
            last = match.end()
        if last < len(piece_text):
            add_model_tokens(piece_text[last:], piece_start + last)
    return tokens, starts, protected
