"""``tokenize``: a Corpus in, Tokens out; cached, parallel, with progress.

Layer: tokenize.
"""
from __future__ import annotations

import concurrent.futures
import functools
import hashlib
import itertools
import json
import multiprocessing
import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from tqdm import tqdm  # a text bar: tqdm.auto warns in Jupyter without ipywidgets

from kit.corpus import checked_texts
from kit.tokenization import cache as token_cache
from kit.tokenization.parent_watch import exit_with_parent
from kit.tokenization.protection import check_protection, phrases_digest, resolve_phrases
from kit.tokenization.segmenter import (
    DEFAULT_ENGINE,
    MODEL_NAME,
    check_engine,
    load_model,
    phrase_matcher,
    pkuseg_version,
    segment,
)
from kit.tokenization.stopwords import punct_mask, stopword_mask
from kit.tokenization.tokens import Tokens

# Bump when the tokens for a given text can change (segmentation, offsets,
# sentence numbering): every cache key changes with it.
TOKENIZER_VERSION = "1"

# Whose tokens each engine produces.  The cache key holds this, not the
# engine's name: the kit's decoder is proven to give exactly pkuseg's tokens
# (tests/test_fastseg.py, benchmarks/bench_segmenter.py), so it declares
# pkuseg's, and a chunk cached by either engine serves both.  An engine whose
# tokens could differ would declare a name of its own and get its own keys.
TOKENS_OF_ENGINE = {"kit": "pkuseg", "pkuseg": "pkuseg"}

# Documents are grouped into chunks (the unit of caching and of parallel work)
# at content-defined boundaries: a chunk closes after a document whose text
# hash ends a chunk once the chunk holds MIN_CHUNK_CHARS, or at MAX_CHUNK_CHARS.
# Removing or adding documents then changes only the chunks near the change,
# so a sub-corpus mostly reuses the cache of its parent corpus.
MIN_CHUNK_CHARS = 20_000
MAX_CHUNK_CHARS = 80_000
_BOUNDARY_ONE_IN = 8

# progress=None shows a bar when more than this many characters need segmenting.
PROGRESS_MIN_CHARS = 200_000

@functools.lru_cache(maxsize=1)
def _sentence_splitter():
    """(function text -> sorted sentence start offsets, fingerprint for the cache key).

    Computed once per process: every chunk of every tokenize call asks for it."""
    import kit.text.sentences as module

    # The splitter's source is part of the cache key: a change to its rules
    # renumbers sentences, so cached tokens must not be reused.
    fingerprint = hashlib.sha256(Path(module.__file__).read_bytes()).hexdigest()[:16]

    def starts(text: str) -> list[int]:
        # iter_sentence_spans, not split_sentences: one DataFrame per document
        # would cost more than 5% of the segmentation time on short documents.
        return [start for start, _, _ in module.iter_sentence_spans(text)] or [0]

    return starts, fingerprint


def _tokenize_chunk(texts: list[str], phrases: tuple[str, ...], engine: str = DEFAULT_ENGINE) -> pa.Table:
    """Token table (:data:`kit.tokenization.cache.CHUNK_SCHEMA`) for a list of texts."""
    matcher = phrase_matcher(phrases)
    model = load_model(engine=engine)
    sentence_starts, _ = _sentence_splitter()
    counts, all_tokens, starts, sentences, protected = [], [], [], [], []
    for text in texts:
        tokens, token_starts, token_protected = segment(text, matcher, model)
        counts.append(len(tokens))
        all_tokens.extend(tokens)
        starts.extend(token_starts)
        protected.extend(token_protected)
        if tokens:
            # Sentence of each token: the last sentence start at or before it.
            bounds = np.asarray(sentence_starts(text), dtype=np.int64)
            index = np.searchsorted(bounds, np.asarray(token_starts, dtype=np.int64), side="right") - 1
            sentences.append(np.maximum(index, 0))
    counts_array = np.asarray(counts, dtype=np.int64)
    token_array = pa.array(all_tokens, pa.string())
    start_array = np.asarray(starts, dtype=np.int64)
    docs = np.repeat(np.arange(len(texts), dtype=np.int64), counts_array)
    # Position within the document: running index minus the document's first row.
    first_row = np.repeat(np.cumsum(counts_array) - counts_array, counts_array)
    positions = np.arange(len(all_tokens), dtype=np.int64) - first_row
    ends = start_array + pc.utf8_length(token_array).to_numpy(zero_copy_only=False)
    sentence_array = np.concatenate(sentences) if sentences else np.empty(0, dtype=np.int64)
    columns = [docs, token_array, start_array, ends, sentence_array, positions, protected]
    return pa.table(
        [pa.array(c, type=f.type) for c, f in zip(columns, token_cache.CHUNK_SCHEMA)],
        schema=token_cache.CHUNK_SCHEMA,
    )


def _plan_chunks(texts: list[str], settings_key: str) -> list[tuple[int, int, str]]:
    """Split the documents into chunks: (first, stop, cache key) in document order."""
    chunks, first, chars = [], 0, 0
    digest = hashlib.sha256(settings_key.encode())
    for index, text in enumerate(texts):
        text_digest = hashlib.sha256(text.encode("utf-8")).digest()
        digest.update(text_digest)
        chars += len(text)
        is_boundary = chars >= MIN_CHUNK_CHARS and text_digest[0] % _BOUNDARY_ONE_IN == 0
        if is_boundary or chars >= MAX_CHUNK_CHARS or index == len(texts) - 1:
            chunks.append((first, index + 1, digest.hexdigest()))
            first, chars = index + 1, 0
            digest = hashlib.sha256(settings_key.encode())
    return chunks


def _check_corpus(corpus) -> tuple[list[str], list[str]]:
    texts = checked_texts(corpus, "tokenize")
    return [str(d) for d in corpus.docs["doc_id"]], texts


def _pool_context():
    # fork lets the workers share the parent's loaded model; where fork does
    # not exist each worker loads it once, in its initializer (the kit's
    # engine maps the same files, so its pages are shared either way).
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def tokenize(corpus, lexicon=None, n_jobs: int = 1, cache: bool = True, cache_dir=None, progress=None,
             engine: str = DEFAULT_ENGINE, scheduler=None) -> Tokens:
    """Segment every document with pkuseg's default model, keeping the lexicon's phrases whole.

    Parameters
    ----------
    corpus : Corpus or LazyCorpus
        A :class:`kit.lazy_corpus.LazyCorpus` is segmented partition by
        partition into the cache, and a :class:`LazyTokens` that reads it
        back one partition at a time is returned.
    lexicon : Lexicon, list of str, or None
        Phrases to keep as single tokens (``lexicon.protected_phrases()``).
        ``None`` is the bundled lexicon, as in every analysis of the kit, so
        ``kit.keyness(a, b)`` and ``kit.keyness(a, b, tokens=kit.tokenize(a),
        …)`` count the same tokens; ``[]`` keeps no phrase whole (pkuseg's
        own segmentation).
        Entries that still cannot come out whole (a phrase with a space, or
        one overlapped by a longer phrase) are listed in a warning and in
        ``Tokens.unprotected``.
    n_jobs : int
        Processes for documents not in the cache; -1 for one per core.  The
        result is identical for every n_jobs.
    cache : bool
        Read and write tokens in the on-disk cache.
    cache_dir : path-like, optional
        Default ``$KIT_CACHE_DIR/tokens`` or ``<project>/data/cache/tokens``.
    progress : bool or None
        Show a progress bar; None shows one when more than 200,000
        characters need segmenting.
    engine : {"kit", "pkuseg"}
        What runs the model: the kit's own decoder (default) or pkuseg
        itself.  The tokens are identical, and so are the cache files.
    scheduler : dask.distributed.Client or str, optional
        Segment on a Dask cluster (a client or a scheduler's address; default
        ``$KIT_SCHEDULER``, unset: here).  Each worker loads the segmenter
        once; the tokens are the same as here.  See docs/scale.md.

    Returns
    -------
    Tokens
        ``Tokens.frame`` has one row per token: doc_id, token, start, end,
        sentence, position, is_punct, is_stopword, is_protected (see
        :class:`Tokens`); ``Tokens.provenance`` records the engine.

    Examples
    --------
    >>> import kit
    >>> corpus = kit.Corpus.from_texts(["全力打通服务群众“最后一米”。"])
    >>> kit.tokenize(corpus, ["最后一米"]).frame["token"].tolist()
    ['全力', '打通', '服务', '群众', '“', '最后一米', '”', '。']
    """
    check_engine(engine)
    from kit.lazy_corpus import LazyCorpus
    from kit.scheduling import resolve_scheduler

    client = resolve_scheduler(scheduler)
    if isinstance(corpus, LazyCorpus):
        from kit.tokenization.lazy_tokens import tokenize_lazy

        if not cache:
            raise ValueError("the tokens of a lazy corpus are its token cache: leave cache=True")
        _resolve_n_jobs(n_jobs)
        folder = Path(cache_dir) if cache_dir is not None else token_cache.default_cache_dir()
        return tokenize_lazy(corpus, lexicon, folder, engine, n_jobs, progress, client)
    doc_ids, texts = _check_corpus(corpus)
    phrases, lexicon_hash = resolve_phrases(lexicon)
    n_jobs = _resolve_n_jobs(n_jobs)
    _, sentence_fingerprint = _sentence_splitter()
    provenance = {
        "tokenizer_version": TOKENIZER_VERSION,
        "model": MODEL_NAME,
        "pkuseg_version": pkuseg_version(),
        "engine": engine,
        "phrases_sha256": phrases_digest(phrases),
        "n_phrases": len(phrases),
        "lexicon_hash": lexicon_hash,
        "sentence_splitter": sentence_fingerprint,
    }
    key_fields = {k: v for k, v in provenance.items() if k not in ("lexicon_hash", "engine")}
    key_fields["tokens_of"] = TOKENS_OF_ENGINE[engine]
    settings_key = json.dumps(key_fields, sort_keys=True)
    folder = Path(cache_dir) if cache_dir is not None else token_cache.default_cache_dir()

    chunks = _plan_chunks(texts, settings_key)
    tables: list[pa.Table | None] = [None] * len(chunks)
    unprotected: list[str] | None = None
    if cache:
        for i, (first, stop, key) in enumerate(chunks):
            found = token_cache.read_chunk(folder, key, [len(t) for t in texts[first:stop]])
            if found is not None:
                tables[i], unprotected = found

    todo = [i for i, table in enumerate(tables) if table is None]
    if todo:
        if phrases:
            report = check_protection(phrases, engine=engine)
            unprotected = report.loc[~report["protected"], "phrase"].tolist()
        else:
            unprotected = []
        for i, table in _compute_chunks(todo, chunks, texts, phrases, n_jobs, progress, engine, client):
            tables[i] = table
            if cache:
                token_cache.write_chunk(folder, chunks[i][2], table, unprotected, engine)
    unprotected = unprotected or []
    if unprotected:
        warnings.warn(
            f"{len(unprotected)} lexicon entries could not be kept as single tokens and "
            f"will be split: {', '.join(unprotected[:20])}{' …' if len(unprotected) > 20 else ''} "
            "(see kit.tokenization.check_protection)",
            UserWarning,
            stacklevel=_first_frame_outside_package(),
        )
    frame = _assemble(tables, chunks, doc_ids)
    return Tokens(frame, provenance, unprotected)


def _first_frame_outside_package() -> int:
    # The warning should point at the user's line, whether they called
    # kit.tokenization.tokenize or the callable module kit.tokenize.
    package = str(Path(__file__).resolve().parent)
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    return level


def _resolve_n_jobs(n_jobs) -> int:
    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive number of processes or -1 (one per core); got {n_jobs!r}")
    return os.cpu_count() or 1 if n_jobs == -1 else n_jobs


def _compute_chunks(todo, chunks, texts, phrases, n_jobs, progress, engine, client=None):
    """Yield (chunk index, token table) for the chunks to compute, in order."""
    batches = [texts[chunks[i][0] : chunks[i][1]] for i in todo]
    sizes = [sum(len(t) for t in batch) for batch in batches]
    show = progress if progress is not None else sum(sizes) > PROGRESS_MIN_CHARS
    if client is not None:
        # On Dask the workers return each chunk's tokens and this process
        # writes the cache: no shared folder is needed for an in-memory corpus.
        from kit.scheduling import map_partitions

        task = functools.partial(_tokenize_chunk, phrases=phrases, engine=engine)
        results = map_partitions(task, batches, scheduler=client, progress=show, sizes=sizes,
                                 description="tokenize")
        yield from zip(todo, results)
        return
    with tqdm(total=sum(sizes), unit="char", unit_scale=True, desc="tokenize", disable=not show) as bar:
        if n_jobs == 1 or len(todo) == 1:
            for i, batch, size in zip(todo, batches, sizes):
                yield i, _tokenize_chunk(batch, phrases, engine)
                bar.update(size)
            return
        context = _pool_context()
        load = functools.partial(load_model, engine=engine)
        if context.get_start_method() == "fork":
            load()
        workers = min(n_jobs, len(todo))
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                                    initargs=(os.getpid(), engine)) as pool:
            results = pool.map(_tokenize_chunk, batches, itertools.repeat(phrases), itertools.repeat(engine))
            for i, table, size in zip(todo, results, sizes):
                yield i, table
                bar.update(size)


def _start_worker(parent_pid: int, engine: str = DEFAULT_ENGINE) -> None:
    """Initializer of a worker process: end with the parent, then load the segmenter."""
    exit_with_parent(parent_pid)
    load_model(engine=engine)


_EMPTY_COLUMNS = {"doc_id": "str", "token": "str", "start": "int64", "end": "int64", "sentence": "int64",
                  "position": "int64", "is_punct": "bool", "is_stopword": "bool", "is_protected": "bool"}


def _assemble(tables: list[pa.Table], chunks, doc_ids: list[str]):
    # One contiguous table first: each compute call below then runs once
    # instead of once per cached chunk.
    firsts = [first for first, _, _ in chunks]
    lengths = [t.num_rows for t in tables]
    combined = pa.concat_tables(tables).combine_chunks() if tables else None
    if combined is None or combined.num_rows == 0:
        return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in _EMPTY_COLUMNS.items()})
    chunk_first = np.repeat(np.asarray(firsts, dtype=np.int32), lengths)
    doc_index = pa.array(combined["doc"].to_numpy() + chunk_first, pa.int32())
    token = combined["token"]
    columns = {
        "doc_id": pc.take(pa.array(doc_ids, pa.string()), doc_index),
        "token": token,
        "start": pc.cast(combined["start"], pa.int64()),
        "end": pc.cast(combined["end"], pa.int64()),
        "sentence": pc.cast(combined["sentence"], pa.int64()),
        "position": pc.cast(combined["position"], pa.int64()),
        "is_punct": punct_mask(token),
        "is_stopword": stopword_mask(token),
        "is_protected": combined["is_protected"],
    }
    return pa.table(columns).to_pandas()
