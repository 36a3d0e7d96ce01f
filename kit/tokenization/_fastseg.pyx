# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""The compiled core of the kit's segmenter: features, Viterbi and merging for one piece of text.

Layer: tokenize.  Written for the kit (not taken from pkuseg), and
deliberately by hand: no CRF library reproduces pkuseg's feature order and
tie-breaking, on which its exact tokens depend.  It reads the arrays that
:mod:`kit.tokenize.fastseg_model` derives from pkuseg's default model and
reproduces pkuseg 0.0.25's decoding exactly.  Exactness rests on three
rules, each marked where it applies below:

* the features of a character are added to its tag scores one by one, in
  pkuseg's order, in float64 (floating-point addition is not associative);
* Viterbi runs from the last character to the first with pkuseg's
  comparisons (``>=`` between successors, ``<`` for the first character), so
  ties break the same way;
* dictionary merging repeats pkuseg's passes (spans of 7 words down to 2)
  on the same, progressively merged, word list.

No feature string is ever built: characters become integer symbols, and
character pairs, dictionary words and word pairs are integer keys found by
binary search in sorted rows (compressed sparse rows: ``starts[r]`` to
``starts[r + 1]`` are the sorted keys of row ``r``).  Sorted rows, rather
than hash tables, keep the mapped model small: every page of it is touched
on a large corpus, so its size is the process's resident memory.
"""
from cpython.mem cimport PyMem_Malloc, PyMem_Free
from libc.stdint cimport int32_t, int64_t, uint8_t, uint32_t
from libc.string cimport memmove

# Bumped whenever this file changes what it computes or the arrays it reads;
# kit.tokenize.fastseg refuses a compiled module of another version.
ABI_VERSION = 2

cdef enum:
    MAX_TAGS = 8
    MAX_WORD_LENGTHS = 8
    # pkuseg's merge passes look at 7 words down to 2 (range(2, 8) reversed).
    MERGE_LONGEST = 7
    MERGE_SHORTEST = 2

cdef struct Rows:
    # Row r holds keys[starts[r]:starts[r + 1]], sorted ascending.
    const int32_t* starts
    const uint32_t* keys
    int64_t n_rows


cdef inline int64_t rows_find(const Rows* rows, int64_t row, uint32_t key) noexcept nogil:
    """The index of ``key`` in row ``row``, or -1."""
    cdef int64_t low, high, middle
    if row < 0 or row >= rows.n_rows:
        return -1
    low = rows.starts[row]
    high = rows.starts[row + 1]
    while low < high:
        middle = (low + high) >> 1
        if rows.keys[middle] < key:
            low = middle + 1
        else:
            high = middle
    if low < rows.starts[row + 1] and rows.keys[low] == key:
        return low
    return -1


cdef Rows _as_rows(const int32_t[::1] starts, const uint32_t[::1] keys) except *:
    cdef Rows rows
    if starts.shape[0] < 1 or starts[starts.shape[0] - 1] != keys.shape[0]:
        raise ValueError("row starts do not end at the number of keys")
    rows.starts = &starts[0]
    rows.keys = &keys[0] if keys.shape[0] else NULL
    rows.n_rows = starts.shape[0] - 1
    return rows


def find_in_rows(const int32_t[::1] starts, const uint32_t[::1] keys, int64_t row, uint32_t key):
    """Index of ``key`` among the sorted keys of row ``row`` (``keys[starts[row]:starts[row + 1]]``), or -1.

    Example
    -------
    >>> import numpy as np
    >>> starts, keys = np.array([0, 2, 3], np.int32), np.array([4, 9, 1], np.uint32)
    >>> find_in_rows(starts, keys, 0, 9), find_in_rows(starts, keys, 1, 9)
    (1, -1)
    """
    cdef Rows rows = _as_rows(starts, keys)
    return rows_find(&rows, row, key)


cdef class Decoder:
    """pkuseg's default model, decoded from the kit's arrays.

    Made by :func:`kit.tokenize.fastseg.load_segmenter`; ``arrays`` maps the
    names written by :mod:`kit.tokenize.fastseg_model` to (memory-mapped)
    numpy arrays, ``settings`` holds the model's sizes.
    """

    cdef readonly dict arrays
    cdef const uint32_t* symbol_of
    cdef Py_ssize_t n_code_points
    cdef const int32_t* char_features
    cdef const int32_t* pair_features
    cdef const uint8_t* word_is_word
    cdef const int32_t* word_end_feature
    cdef const int32_t* word_start_feature
    cdef const uint8_t* word_pair_sides
    cdef const int32_t* word_pair_features
    cdef const uint8_t* dict_is_word
    cdef const double* weights
    cdef Rows pairs, word_children, word_pairs, dict_children
    cdef int64_t n_word_nodes
    cdef int n_tags, word_min, word_max, n_lengths
    cdef int32_t empty_slot
    cdef double edge[MAX_TAGS][MAX_TAGS]
    cdef uint8_t begins[MAX_TAGS]

    def __init__(self, dict arrays, dict settings):
        cdef int a, b
        cdef int64_t backoff
        self.arrays = arrays
        self.n_tags = settings["n_tags"]
        self.word_min = settings["word_min"]
        self.word_max = settings["word_max"]
        self.n_lengths = self.word_max - self.word_min + 1
        if not (1 <= self.n_tags <= MAX_TAGS and 1 <= self.word_min <= self.word_max
                and self.n_lengths <= MAX_WORD_LENGTHS):
            raise ValueError(f"unsupported model sizes: {settings}")
        begins = settings["begins"]
        if len(begins) != self.n_tags:
            raise ValueError("one begins flag per tag is needed")
        for a in range(self.n_tags):
            self.begins[a] = 1 if begins[a] else 0

        cdef const uint32_t[::1] symbol_of = arrays["symbol_of"]
        cdef const int32_t[:, ::1] char_features = arrays["char_features"]
        cdef const int32_t[:, ::1] pair_features = arrays["pair_features"]
        cdef const uint8_t[::1] word_is_word = arrays["word_is_word"]
        cdef const int32_t[::1] word_end_feature = arrays["word_end_feature"]
        cdef const int32_t[::1] word_start_feature = arrays["word_start_feature"]
        cdef const uint8_t[::1] word_pair_sides = arrays["word_pair_sides"]
        cdef const int32_t[:, ::1] word_pair_features = arrays["word_pair_features"]
        cdef const uint8_t[::1] dict_is_word = arrays["dict_is_word"]
        cdef const double[::1] weights = arrays["weights"]
        if char_features.shape[1] != 5 or pair_features.shape[1] != 3 or word_pair_features.shape[1] != 2:
            raise ValueError("feature arrays of an unexpected shape")
        self.n_code_points = symbol_of.shape[0]
        self.symbol_of = &symbol_of[0]
        self.char_features = &char_features[0, 0]
        if char_features.shape[0] != symbol_of.shape[0] + 2:
            raise ValueError("the character feature table does not cover every symbol")
        self.pair_features = &pair_features[0, 0]
        self.n_word_nodes = word_is_word.shape[0]
        if not (word_end_feature.shape[0] == word_start_feature.shape[0] == word_pair_sides.shape[0] == self.n_word_nodes):
            raise ValueError("word arrays of different lengths")
        self.word_is_word = &word_is_word[0]
        self.word_end_feature = &word_end_feature[0]
        self.word_start_feature = &word_start_feature[0]
        self.word_pair_sides = &word_pair_sides[0]
        self.word_pair_features = &word_pair_features[0, 0]
        self.dict_is_word = &dict_is_word[0]
        self.weights = &weights[0]
        # Tries number their nodes breadth first: the children of node v are
        # entries starts[v]..starts[v + 1] of the child symbols, and entry e
        # is node e + 1 (node 0 is the root).
        self.pairs = _as_rows(arrays["pair_starts"], arrays["pair_keys"])
        self.word_children = _as_rows(arrays["word_child_starts"], arrays["word_child_symbols"])
        self.word_pairs = _as_rows(arrays["word_pair_starts"], arrays["word_pair_keys"])
        self.dict_children = _as_rows(arrays["dict_child_starts"], arrays["dict_child_symbols"])
        if self.pairs.n_rows != symbol_of.shape[0] + 2 or pair_features.shape[0] != arrays["pair_keys"].shape[0]:
            raise ValueError("the character pair arrays do not match")
        if self.word_children.n_rows != self.n_word_nodes or self.word_pairs.n_rows != self.n_word_nodes \
                or word_pair_features.shape[0] != arrays["word_pair_keys"].shape[0]:
            raise ValueError("the word arrays do not match")
        if self.dict_children.n_rows != dict_is_word.shape[0]:
            raise ValueError("the dictionary arrays do not match")
        # pkuseg looks up a window that runs off either end of the text as
        # the empty string, and "" is one of the model's words: the trie's
        # root (node 0) stands for it.
        self.empty_slot = 0 if self.word_is_word[0] else -1

        backoff = <int64_t>settings["n_features"] * self.n_tags
        if weights.shape[0] != backoff + self.n_tags * self.n_tags:
            raise ValueError("the weights do not match the number of features and tags")
        for a in range(self.n_tags):
            for b in range(self.n_tags):
                # edge[tag here][tag of the next character]: pkuseg starts its
                # transition scores at 1.0 and adds the weight (exactly this sum).
                self.edge[a][b] = 1.0 + self.weights[backoff + b * self.n_tags + a]

    def cut(self, str text not None):
        """Words of ``text`` as pkuseg's ``cut`` returns them (whitespace separates pieces and is dropped).

        Parameters
        ----------
        text : str

        Returns
        -------
        list of str

        Example
        -------
        >>> decoder.cut("全力打通服务群众最后一米")  # doctest: +SKIP
        ['全力', '打通', '服务', '群众', '最后', '一', '米']
        """
        cdef list words = []
        cdef str piece
        for piece in text.split():
            self._cut_piece(piece, words)
        return words

    def cut_piece(self, str piece not None):
        """Words of one piece of text without whitespace (pkuseg's model and merging, no splitting)."""
        cdef list words = []
        if piece:
            self._cut_piece(piece, words)
        return words

    cdef int _cut_piece(self, str piece, list words) except -1:
        cdef Py_ssize_t n = len(piece), i, k
        cdef Py_ssize_t n_bounds
        cdef uint32_t* code_points = NULL
        cdef uint32_t* symbols = NULL
        cdef int32_t* pair_rows = NULL
        cdef int32_t* word_starts = NULL
        cdef uint8_t* back = NULL
        cdef int32_t* bounds = NULL
        cdef Py_UCS4 ch
        try:
            code_points = <uint32_t*>PyMem_Malloc(n * sizeof(uint32_t))
            symbols = <uint32_t*>PyMem_Malloc(n * sizeof(uint32_t))
            pair_rows = <int32_t*>PyMem_Malloc(n * sizeof(int32_t))
            word_starts = <int32_t*>PyMem_Malloc(n * self.n_lengths * sizeof(int32_t))
            back = <uint8_t*>PyMem_Malloc(n * self.n_tags * sizeof(uint8_t))
            bounds = <int32_t*>PyMem_Malloc((n + 1) * sizeof(int32_t))
            if not (code_points and symbols and pair_rows and word_starts and back and bounds):
                raise MemoryError()
            for i in range(n):
                ch = piece[i]
                code_points[i] = ch
                symbols[i] = self.symbol_of[ch] if <Py_ssize_t>ch < self.n_code_points else ch
            with nogil:
                self._find_pairs_and_words(symbols, n, pair_rows, word_starts)
                self._viterbi(symbols, n, pair_rows, word_starts, back, bounds, &n_bounds)
                n_bounds = self._merge(code_points, bounds, n_bounds)
            for k in range(n_bounds - 1):
                words.append(piece[bounds[k]:bounds[k + 1]])
        finally:
            PyMem_Free(code_points)
            PyMem_Free(symbols)
            PyMem_Free(pair_rows)
            PyMem_Free(word_starts)
            PyMem_Free(back)
            PyMem_Free(bounds)
        return 0

    cdef void _find_pairs_and_words(self, const uint32_t* symbols, Py_ssize_t n, int32_t* pair_rows,
                                    int32_t* word_starts) noexcept nogil:
        # pair_rows[j]: the features of the symbol pair (j, j+1).
        # word_starts[i * n_lengths + (l - word_min)]: the trie node of the
        # model word of l symbols starting at i, or -1 (a window past the
        # end is handled by _slot, not stored here).
        cdef Py_ssize_t i, d
        cdef int64_t node
        for i in range(n - 1):
            pair_rows[i] = <int32_t>rows_find(&self.pairs, symbols[i], symbols[i + 1])
        for i in range(n * self.n_lengths):
            word_starts[i] = -1
        for i in range(n):
            node = 0
            for d in range(self.word_max):
                if i + d >= n:
                    break
                node = rows_find(&self.word_children, node, symbols[i + d])
                if node < 0:
                    break
                node += 1
                if d + 1 >= self.word_min and self.word_is_word[node]:
                    word_starts[i * self.n_lengths + d + 1 - self.word_min] = <int32_t>node

    cdef inline int32_t _slot(self, const int32_t* word_starts, Py_ssize_t n, Py_ssize_t start, int length) noexcept nogil:
        # pkuseg's window of `length` symbols from `start`: a model word's
        # node, the empty word when the window leaves the text, or -1.
        if start < 0 or start + length > n:
            return self.empty_slot
        return word_starts[start * self.n_lengths + length - self.word_min]

    cdef inline void _add(self, double* scores, int32_t feature) noexcept nogil:
        cdef int s
        cdef const double* row = self.weights + <int64_t>feature * self.n_tags
        for s in range(self.n_tags):
            scores[s] += row[s]

    cdef void _node_scores(self, const uint32_t* symbols, Py_ssize_t n, const int32_t* pair_rows,
                           const int32_t* word_starts, Py_ssize_t i, double* scores) noexcept nogil:
        # The order of the additions is pkuseg's feature order (exactness rule 1).
        cdef int s, length, other
        cdef int32_t f, row, pre, post
        cdef const int32_t* columns
        for s in range(self.n_tags):
            scores[s] = 0.0
        self._add(scores, 0)  # the bias feature every character has
        f = self.char_features[<Py_ssize_t>symbols[i] * 5 + 0]  # c.
        if f >= 0:
            self._add(scores, f)
        if i > 0:
            f = self.char_features[<Py_ssize_t>symbols[i - 1] * 5 + 1]  # c-1.
            if f >= 0:
                self._add(scores, f)
            row = pair_rows[i - 1]
            if row >= 0 and self.pair_features[row * 3 + 0] >= 0:  # c-1c.
                self._add(scores, self.pair_features[row * 3 + 0])
        if i + 1 < n:
            f = self.char_features[<Py_ssize_t>symbols[i + 1] * 5 + 2]  # c1.
            if f >= 0:
                self._add(scores, f)
            row = pair_rows[i]
            if row >= 0 and self.pair_features[row * 3 + 1] >= 0:  # cc1.
                self._add(scores, self.pair_features[row * 3 + 1])
        if i > 1:
            f = self.char_features[<Py_ssize_t>symbols[i - 2] * 5 + 3]  # c-2.
            if f >= 0:
                self._add(scores, f)
            row = pair_rows[i - 2]
            if row >= 0 and self.pair_features[row * 3 + 2] >= 0:  # c-2c-1.
                self._add(scores, self.pair_features[row * 3 + 2])
        if i + 2 < n:
            f = self.char_features[<Py_ssize_t>symbols[i + 2] * 5 + 4]  # c2.
            if f >= 0:
                self._add(scores, f)
        # Words ending here (w-1.), then words starting here (w1.), longest first.
        for length in range(self.word_max, self.word_min - 1, -1):
            pre = self._slot(word_starts, n, i - length + 1, length)
            if pre >= 0 and self.word_end_feature[pre] >= 0:
                self._add(scores, self.word_end_feature[pre])
        for length in range(self.word_max, self.word_min - 1, -1):
            post = self._slot(word_starts, n, i, length)
            if post >= 0 and self.word_start_feature[post] >= 0:
                self._add(scores, self.word_start_feature[post])
        # Word pairs around a boundary before this character (ww.l.), then after it (ww.r.).
        for length in range(self.word_max, self.word_min - 1, -1):
            pre = self._slot(word_starts, n, i - length, length)
            if pre < 0 or not (self.word_pair_sides[pre] & 1):
                continue
            for other in range(self.word_max, self.word_min - 1, -1):
                post = self._slot(word_starts, n, i, other)
                if post < 0 or not (self.word_pair_sides[post] & 2):
                    continue
                row = <int32_t>rows_find(&self.word_pairs, pre, post)
                if row >= 0 and self.word_pair_features[row * 2 + 0] >= 0:
                    self._add(scores, self.word_pair_features[row * 2 + 0])
        for length in range(self.word_max, self.word_min - 1, -1):
            pre = self._slot(word_starts, n, i - length + 1, length)
            if pre < 0 or not (self.word_pair_sides[pre] & 4):
                continue
            for other in range(self.word_max, self.word_min - 1, -1):
                post = self._slot(word_starts, n, i + 1, other)
                if post < 0 or not (self.word_pair_sides[post] & 8):
                    continue
                row = <int32_t>rows_find(&self.word_pairs, pre, post)
                if row >= 0 and self.word_pair_features[row * 2 + 1] >= 0:
                    self._add(scores, self.word_pair_features[row * 2 + 1])

    cdef void _viterbi(self, const uint32_t* symbols, Py_ssize_t n, const int32_t* pair_rows,
                       const int32_t* word_starts, uint8_t* back, int32_t* bounds,
                       Py_ssize_t* n_bounds) noexcept nogil:
        # Best tags from the last character to the first (exactness rule 2),
        # then word boundaries where a tag begins a word.
        cdef double scores[MAX_TAGS]
        cdef double best_next[MAX_TAGS]
        cdef double best_here[MAX_TAGS]
        cdef double score, best
        cdef Py_ssize_t i
        cdef int y, y_next, choice, tag, t = self.n_tags
        self._node_scores(symbols, n, pair_rows, word_starts, n - 1, scores)
        for y in range(t):
            best_next[y] = scores[y]
        for i in range(n - 2, -1, -1):
            self._node_scores(symbols, n, pair_rows, word_starts, i, scores)
            for y in range(t):
                best = 0.0
                choice = 0
                for y_next in range(t):
                    score = best_next[y_next] + scores[y] + self.edge[y][y_next]
                    if y_next == 0 or score >= best:
                        best = score
                        choice = y_next
                best_here[y] = best
                back[i * t + y] = <uint8_t>choice
            for y in range(t):
                best_next[y] = best_here[y]
        tag = 0
        best = best_next[0]
        for y in range(1, t):
            if best < best_next[y]:
                best = best_next[y]
                tag = y
        bounds[0] = 0
        n_bounds[0] = 1
        for i in range(1, n):
            tag = back[(i - 1) * t + tag]
            if self.begins[tag]:
                bounds[n_bounds[0]] = <int32_t>i
                n_bounds[0] += 1
        bounds[n_bounds[0]] = <int32_t>n
        n_bounds[0] += 1

    cdef inline bint _in_dictionary(self, const uint32_t* code_points, int32_t start, int32_t stop) noexcept nogil:
        cdef int64_t node = 0
        cdef int32_t k
        for k in range(start, stop):
            node = rows_find(&self.dict_children, node, code_points[k])
            if node < 0:
                return False
            node += 1
        return self.dict_is_word[node] != 0

    cdef Py_ssize_t _merge(self, const uint32_t* code_points, int32_t* bounds, Py_ssize_t n_bounds) noexcept nogil:
        # pkuseg's post-processing with its bundled dictionary (exactness
        # rule 3): m consecutive words whose concatenation is a dictionary
        # word become one word, unless each of them is a dictionary word too.
        cdef int m, k
        cdef Py_ssize_t i, n_words, last
        cdef bint separate
        for m in range(MERGE_LONGEST, MERGE_SHORTEST - 1, -1):
            n_words = n_bounds - 1
            last = n_words - m
            if last < 0:
                continue
            i = 0
            while i <= last:
                if self._in_dictionary(code_points, bounds[i], bounds[i + m]):
                    separate = True
                    for k in range(m):
                        if not self._in_dictionary(code_points, bounds[i + k], bounds[i + k + 1]):
                            separate = False
                            break
                    if not separate:
                        # drop the m - 1 inner boundaries
                        memmove(&bounds[i + 1], &bounds[i + m], (n_bounds - i - m) * sizeof(int32_t))
                        n_bounds -= m - 1
                        n_words = n_bounds - 1
                        last = n_words - m
                i += 1
        return n_bounds
