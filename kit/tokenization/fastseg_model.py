"""Convert pkuseg's default model into the arrays the kit's segmenter maps into memory.

Layer: tokenize.  Run once per set of model files (by :mod:`kit.tokenization.fastseg`,
in a child process, so that the 1.5 GB pkuseg needs to unpickle its feature
dictionary never stays in the caller's memory).  Reads pkuseg's own files:
``features.pkl`` (feature strings → ids, the model's word list, the tags),
``weights.npz`` (float64 weights) and the dictionary ``dicts/default.pkl``
that pkuseg merges its output with.  Writes numpy ``.npy`` files (never a
pickle) and ``manifest.json`` into a new folder.

How pkuseg's feature strings become integer keys
------------------------------------------------
pkuseg normalises each character to a *node*: ``-._,|/*:`` become ``&``,
digits and number characters become ``**Num``, full-width letters
``**Letter``; every other character stays itself.  Here a node is a
*symbol*: the character's code point, or ``SYMBOL_NUM`` / ``SYMBOL_LETTER``
(just above the last code point).  A feature string names nodes (``c-1c.X.Y``,
``w1.中国``, ``ww.l.经济*发展``); it is parsed back into symbols, and kept
only if pkuseg could ever build it from a text:

* ``c.X`` … ``c2.X``: a row of ``char_features`` per symbol;
* ``c-1c.X.Y``, ``cc1.X.Y``, ``c-2c-1.X.Y``: a row of ``pair_features`` per
  symbol pair, found under X's row of ``pair_starts`` by Y, binary search;
* the model's words of 2–6 nodes form a trie (node 0 is the empty word,
  which pkuseg looks up when a window runs off the text); ``w-1.W`` and
  ``w1.W`` are arrays over trie nodes, ``ww.l.P*Q`` and ``ww.r.P*Q`` a row of
  ``word_pair_features`` per pair of nodes, found under P's row by Q.

The dictionary becomes a second trie over raw code points.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

# Written into every manifest and part of the cache key: bump when the arrays change.
FORMAT_VERSION = 2

N_CODE_POINTS = 0x110000
SYMBOL_NUM = 0x110000
SYMBOL_LETTER = 0x110001
N_SYMBOLS = 0x110002

CHAR_COLUMNS = ("c", "c-1", "c1", "c-2", "c2")
PAIR_COLUMNS = ("c-1c", "cc1", "c-2c-1")
WORD_PAIR_COLUMNS = ("l", "r")
# word_pair_sides bits: left/right member of a ww.l pair, left/right of a ww.r pair
SIDE_BITS = {("l", 0): 1, ("l", 1): 2, ("r", 0): 4, ("r", 1): 8}

_SPECIAL_NODES = {"**Num": SYMBOL_NUM, "**Letter": SYMBOL_LETTER}
_NO_WORD = "**noWord"  # pkuseg's marker for a window that is not a word


class UnsupportedModel(ValueError):
    """The model files hold something the kit's decoder does not reproduce."""


def _symbol_table() -> np.ndarray:
    # pkuseg's own normalisation, applied to every code point once, decides
    # each character's symbol: the kit never restates pkuseg's character sets.
    from pkuseg.feature_extractor import FeatureExtractor

    every_character = "".join(map(chr, range(N_CODE_POINTS)))
    nodes = list(FeatureExtractor.normalize_text(every_character))
    if len(nodes) != N_CODE_POINTS:
        raise UnsupportedModel("pkuseg's normalisation does not map one character to one node")
    symbols = np.empty(N_CODE_POINTS, dtype=np.uint32)
    for code_point, node in enumerate(nodes):
        if len(node) == 1:
            symbols[code_point] = ord(node)
        elif node in _SPECIAL_NODES:
            symbols[code_point] = _SPECIAL_NODES[node]
        else:
            raise UnsupportedModel(f"pkuseg normalises U+{code_point:04X} to {node!r}")
    return symbols


class _NodeParser:
    """Feature-string text → tuple of symbols, or None if no text yields it."""

    def __init__(self, symbol_of: np.ndarray):
        # Characters pkuseg normalises to something else are never nodes themselves.
        changed = np.flatnonzero(symbol_of != np.arange(N_CODE_POINTS, dtype=np.uint32))
        self.not_nodes = frozenset(chr(c) for c in changed)
        self.any_not_node = re.compile("[" + "".join(re.escape(c) for c in sorted(self.not_nodes)) + "]")

    def __call__(self, text: str) -> tuple[int, ...] | None:
        if not self.any_not_node.search(text):
            return tuple(map(ord, text))
        symbols, i = [], 0
        while i < len(text):
            for name, symbol in _SPECIAL_NODES.items():
                if text.startswith(name, i):
                    symbols.append(symbol)
                    i += len(name)
                    break
            else:
                if text[i] in self.not_nodes:
                    return None
                symbols.append(ord(text[i]))
                i += 1
        return tuple(symbols)


def _rows(row_of_entry: np.ndarray, n_rows: int) -> np.ndarray:
    """Row starts (int32, n_rows + 1) for entries sorted by row: row r is entries starts[r]..starts[r + 1]."""
    if len(row_of_entry) and np.any(np.diff(row_of_entry) < 0):
        raise ValueError("entries must be sorted by row")
    return np.searchsorted(row_of_entry, np.arange(n_rows + 1), side="left").astype(np.int32)


def _trie(words, symbol_of_item=None) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """A trie over sequences (strings, or tuples of ints), its nodes numbered breadth first.

    Node 0 is the empty sequence.  The children of node v are entries
    ``starts[v]`` to ``starts[v + 1]`` of ``child_symbols`` (sorted), and
    entry e is node e + 1.  ``symbol_of_item`` turns one item of a sequence
    into its symbol (``ord`` for strings; the default keeps tuples' ints).

    Returns
    -------
    (starts int32, child_symbols uint32, is_word uint8, {word: node})
    """
    words = set(words)
    symbol = symbol_of_item or (lambda item: item)
    by_length: dict[int, list] = {}
    for prefix in {word[:k] for word in words for k in range(1, len(word) + 1)}:
        by_length.setdefault(len(prefix), []).append(prefix)
    node_of = {word[:0]: 0 for word in list(words)[:1]}
    parents, symbols = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    n_nodes = 1
    for length in sorted(by_length):
        level = by_length[length]
        level_parents = np.fromiter((node_of[p[:-1]] for p in level), dtype=np.int64, count=len(level))
        level_symbols = np.fromiter((symbol(p[-1]) for p in level), dtype=np.int64, count=len(level))
        order = np.lexsort((level_symbols, level_parents))
        for rank, index in enumerate(order.tolist()):
            node_of[level[index]] = n_nodes + rank
        parents.append(level_parents[order])
        symbols.append(level_symbols[order])
        n_nodes += len(level)
    parent_of_entry = np.concatenate(parents)
    is_word = np.zeros(n_nodes, dtype=np.uint8)
    for word in words:
        is_word[node_of[word]] = 1
    return (_rows(parent_of_entry, n_nodes), np.concatenate(symbols).astype(np.uint32), is_word,
            {word: node_of[word] for word in words})


def _sorted_pairs(pairs: dict, n_rows: int, n_columns: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """{(row, key): features} → (row starts, keys sorted within rows, feature rows int32)."""
    ordered = sorted(pairs)
    rows = np.array([row for row, _ in ordered], dtype=np.int64)
    keys = np.array([key for _, key in ordered], dtype=np.uint32)
    features = np.array([pairs[pair] for pair in ordered], dtype=np.int32).reshape(-1, n_columns)
    return _rows(rows, n_rows), keys, features


def convert(features_path, weights_path, dictionary_path, out_dir) -> dict:
    """Write the kit's arrays for one pkuseg model into ``out_dir`` (which must not exist).

    Parameters
    ----------
    features_path, weights_path : path-like
        The model's ``features.pkl`` and ``weights.npz``.
    dictionary_path : path-like
        pkuseg's post-processing dictionary (``pkuseg/dicts/default.pkl``).
    out_dir : path-like
        Created through a temporary folder and a rename, so a reader never
        sees it half-written.

    Returns
    -------
    dict
        The manifest also written as ``manifest.json``: ``format_version``,
        ``settings`` (n_tags, n_features, word_min, word_max, begins),
        ``arrays`` (name → dtype and shape) and ``counts``.

    Example
    -------
    >>> convert(".../features.pkl", ".../weights.npz", ".../default.pkl", "out")  # doctest: +SKIP
    """
    from pkuseg.config import config

    out_dir = Path(out_dir)
    if not config.wordFeature or not config.numLetterNorm:
        raise UnsupportedModel("pkuseg is configured without word features or number/letter normalisation")
    word_min, word_max = int(config.wordMin), int(config.wordMax)

    with open(features_path, "rb") as handle:
        data = pickle.load(handle)  # pkuseg's own model file, read as pkuseg reads it
    feature_to_idx: dict = data["feature_to_idx"]
    unigram = set(data["unigram"])
    tag_to_idx: dict = data["tag_to_idx"]
    with np.load(weights_path, allow_pickle=False) as npz:
        n_tags, n_features = (int(v) for v in npz["sizes"][:2])
        weights = np.ascontiguousarray(npz["w"], dtype=np.float64)
    if weights.shape != (n_tags * (n_features + n_tags),):
        raise UnsupportedModel(f"weights of shape {weights.shape} for {n_features} features and {n_tags} tags")
    if sorted(tag_to_idx.values()) != list(range(n_tags)):
        raise UnsupportedModel(f"tags {tag_to_idx} do not number 0..{n_tags - 1}")
    if feature_to_idx.get("$$") != 0:
        raise UnsupportedModel("feature 0 is not pkuseg's bias feature '$$'")
    if _NO_WORD in unigram:
        raise UnsupportedModel(f"the model's word list holds pkuseg's marker {_NO_WORD!r}")
    begins = [False] * n_tags
    for tag, index in tag_to_idx.items():
        begins[index] = "B" in tag  # pkuseg starts a word at every tag whose name holds B

    symbol_of = _symbol_table()
    parse = _NodeParser(symbol_of)

    # Words pkuseg can look up: the empty word, and model words of word_min..word_max nodes.
    def word_symbols(word: str):
        if word not in unigram:
            return None
        symbols = parse(word)
        if symbols is None or not (len(symbols) == 0 or word_min <= len(symbols) <= word_max):
            return None
        return symbols

    reachable = {}
    for word in unigram:
        symbols = word_symbols(word)
        if symbols:
            reachable[word] = symbols
    word_child_starts, word_child_symbols, word_is_word, node_of_symbols = _trie(reachable.values())
    word_is_word[0] = 1 if "" in unigram else 0
    n_nodes = len(word_is_word)

    char_features = np.full((N_SYMBOLS, len(CHAR_COLUMNS)), -1, dtype=np.int32)
    pairs: dict[tuple[int, int], list[int]] = {}
    word_end_feature = np.full(n_nodes, -1, dtype=np.int32)
    word_start_feature = np.full(n_nodes, -1, dtype=np.int32)
    word_pairs: dict[tuple[int, int], list[int]] = {}
    word_pair_sides = np.zeros(n_nodes, dtype=np.uint8)
    counts = {"features": len(feature_to_idx), "kept": 0, "unreachable": 0}

    nodes_of_words: dict = {}

    def node_of(word: str):
        if word not in nodes_of_words:
            symbols = word_symbols(word)
            nodes_of_words[word] = None if symbols is None else node_of_symbols[symbols] if symbols else 0
        return nodes_of_words[word]

    for key, feature in feature_to_idx.items():
        kind, _, rest = key.partition(".")
        kept = False
        if kind == "$$":
            kept = True  # added to every character by index, not looked up
        elif kind in CHAR_COLUMNS:
            symbols = parse(rest)
            if symbols is not None and len(symbols) == 1:
                char_features[symbols[0], CHAR_COLUMNS.index(kind)] = feature
                kept = True
        elif kind in PAIR_COLUMNS:
            parts = [parse(part) for part in rest.split(".")]
            if len(parts) == 2 and all(p is not None and len(p) == 1 for p in parts):
                pairs.setdefault((parts[0][0], parts[1][0]), [-1, -1, -1])[PAIR_COLUMNS.index(kind)] = feature
                kept = True
        elif kind in ("w-1", "w1"):
            node = node_of(rest)
            if node is not None:
                (word_end_feature if kind == "w-1" else word_start_feature)[node] = feature
                kept = True
        elif kind == "ww":
            side, dot, body = rest[:1], rest[1:2], rest[2:]
            if side not in WORD_PAIR_COLUMNS or dot != ".":
                raise UnsupportedModel(f"unknown word-pair feature {key!r}")
            # The separator is the '*' that leaves a model word on each side.
            for cut in (i for i, ch in enumerate(body) if ch == "*"):
                left, right = node_of(body[:cut]), node_of(body[cut + 1 :])
                if left is None or right is None:
                    continue
                column = WORD_PAIR_COLUMNS.index(side)
                word_pairs.setdefault((left, right), [-1, -1])[column] = feature
                word_pair_sides[left] |= SIDE_BITS[(side, 0)]
                word_pair_sides[right] |= SIDE_BITS[(side, 1)]
                kept = True
        else:
            raise UnsupportedModel(f"unknown feature {key!r}")
        counts["kept" if kept else "unreachable"] += 1

    pair_starts, pair_keys, pair_features = _sorted_pairs(pairs, N_SYMBOLS, len(PAIR_COLUMNS))
    word_pair_starts, word_pair_keys, word_pair_features = _sorted_pairs(word_pairs, n_nodes, len(WORD_PAIR_COLUMNS))

    with open(dictionary_path, "rb") as handle:
        dictionary = set(pickle.load(handle).strip().split("\n"))  # as pkuseg reads its dictionary
    dict_child_starts, dict_child_symbols, dict_is_word, _ = _trie(dictionary, ord)

    arrays = {
        "symbol_of": symbol_of,
        "char_features": char_features,
        "pair_starts": pair_starts,
        "pair_keys": pair_keys,
        "pair_features": pair_features,
        "word_child_starts": word_child_starts,
        "word_child_symbols": word_child_symbols,
        "word_is_word": word_is_word,
        "word_end_feature": word_end_feature,
        "word_start_feature": word_start_feature,
        "word_pair_sides": word_pair_sides,
        "word_pair_starts": word_pair_starts,
        "word_pair_keys": word_pair_keys,
        "word_pair_features": word_pair_features,
        "dict_child_starts": dict_child_starts,
        "dict_child_symbols": dict_child_symbols,
        "dict_is_word": dict_is_word,
        "weights": weights,
    }
    counts.update(
        model_words=len(reachable), word_nodes=n_nodes, char_pairs=len(pairs), word_pairs=len(word_pairs),
        dictionary_words=len(dictionary), dictionary_nodes=len(dict_is_word),
    )
    manifest = {
        "format_version": FORMAT_VERSION,
        "settings": {
            "n_tags": n_tags,
            "n_features": n_features,
            "word_min": word_min,
            "word_max": word_max,
            "begins": begins,
        },
        "arrays": {name: {"dtype": str(a.dtype), "shape": list(a.shape)} for name, a in arrays.items()},
        "counts": counts,
    }
    _write_folder(out_dir, arrays, manifest)
    return manifest


def _write_folder(out_dir: Path, arrays: dict, manifest: dict) -> None:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.", suffix=".tmp"))
    try:
        for name, array in arrays.items():
            np.save(staging / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        for path in staging.iterdir():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
        os.chmod(staging, 0o755)
        try:
            os.rename(staging, out_dir)
        except OSError:
            if not (out_dir / "manifest.json").is_file():
                raise
            # Another process finished the same conversion first; its files are identical.
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def file_sha256(path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main(argv: list[str]) -> int:
    """``python -m kit.tokenization.fastseg_model FEATURES WEIGHTS DICTIONARY OUT_DIR``."""
    if len(argv) != 4:
        print("usage: python -m kit.tokenization.fastseg_model FEATURES WEIGHTS DICTIONARY OUT_DIR", file=sys.stderr)
        return 2
    try:
        convert(*argv)
    except (UnsupportedModel, OSError, KeyError, pickle.UnpicklingError) as error:
        print(f"kit: cannot convert pkuseg's model: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
