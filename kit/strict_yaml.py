"""Read YAML safely and strictly: no silent loss, no runaway expansion.

Layer: bottom (imports only the standard library and yaml).

PyYAML's ``SafeLoader`` builds no Python objects from tags, but it still

- keeps the last of two equal keys in a mapping and drops the first without a
  word (``cat a.yaml b.yaml`` loads only b's entries);
- follows aliases without limit: a file of a few hundred bytes whose aliases
  refer to aliases describes billions of nodes (the "billion laughs"), and
  anything that walks or prints the result runs out of time and memory;
- lets a scalar that cannot be converted (``2013-02-30`` read as a date) raise
  a bare ValueError without a line.

:func:`load_yaml` refuses all three with a :class:`YamlProblem` that names
the line.  Aliases and merge keys (``<<: *defaults``) stay allowed as long as
they add at most :data:`MAX_ALIAS_NODES` nodes to the document.

Where PyYAML was built with libyaml, a document of plain text is parsed by
libyaml's C parser first (seven times faster on the bundled lexicon; the
same nodes, lines and data), with the same checks.  Anything unusual — a
tab, a carriage return, a Unicode line separator, a byte-order mark, deep
indentation, or any problem at all — goes to the careful Python reader,
whose answer or message is the one given: the fast road only ever returns
what the careful one would.
"""
from __future__ import annotations

import re

import yaml

try:  # libyaml's parser, when PyYAML was built with it (the wheels are)
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - a PyYAML without libyaml reads every document in Python
    _CParser = None

#: The most nodes that aliases may add to a document, counting each alias
#: as a copy of what it refers to.
MAX_ALIAS_NODES = 10_000
#: The deepest nesting of mappings and lists read.  PyYAML's scanner slows
#: down with the square of the depth of brackets ([[[[…), and its composer
#: recurses once per level.
MAX_DEPTH = 64
_MERGE_TAG = "tag:yaml.org,2002:merge"
_BRACKET = re.compile(r"[\[\]{}]")
# What the fast road leaves to the careful reader, where libyaml reads a
# document differently from PyYAML in corner cases.  Characters outside
# printable text and "\n" (tabs, "\r", NEL, the Unicode line and paragraph
# separators, a byte-order mark), where the two could count lines apart; tags
# and directives ("!" alone is "" for libyaml, None for PyYAML); block
# scalars (">#" is one for libyaml, an error for PyYAML); and "?" as a
# complex key or inside a flow collection (libyaml lets a plain scalar there
# hold it).  A "?" in a block scalar value, as in a regular expression, is
# read alike.  The fuzz test in tests/test_strict_yaml_fast.py holds the two
# roads to the same answers.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
                      "|[!%|>]")
_COMPLEX_KEY = re.compile(r"^[ ]*(?:-[ ]+)*\?(?:[ ]|$)", re.MULTILINE)
# A line where a flow collection starts as a node: after indentation, "- ",
# "key: " or an anchor.  (A "[" inside a plain scalar, "[^，。]", is not one.)
_FLOW_START = re.compile(r"^[ ]*(?:-[ ]+)*(?:[^\n]*?:[ ]+)?(?:&\S+[ ]+)?[\[{]")
# Indentation (with "- " and "? ") deeper than this goes to the careful reader,
# which counts nesting as it descends; libyaml's composer recurses in C.
_FAST_INDENT = 60


class YamlProblem(ValueError):
    """A YAML document that cannot be loaded safely.

    Attributes
    ----------
    problem : str
        What is wrong, in one sentence.
    line : int or None
        1-based line where it is.
    """

    def __init__(self, problem: str, line: int | None = None):
        self.problem, self.line = problem, line
        super().__init__(problem if line is None else f"line {line}: {problem}")


class DuplicateKeyProblem(YamlProblem):
    """A mapping gives one key twice.

    Attributes
    ----------
    key : object
        The key.
    first_line, line : int
        The lines of its first and second occurrences.
    top_level : bool
        Whether the mapping is the document's top level.
    """

    def __init__(self, key, first_line: int, line: int, top_level: bool):
        self.key, self.first_line, self.top_level = key, first_line, top_level
        super().__init__(
            f"key {key!r} is given twice (lines {first_line} and {line}); YAML would keep only "
            "the last and lose the first without a word",
            line,
        )


def _line(node_or_mark) -> int | None:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return mark.line + 1 if mark is not None else None


class _StrictConstruction:
    """Building Python data from nodes: refuses duplicate keys, names the line of bad scalars."""

    top_node = None

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _value in node.value:
                if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = self.construct_object(key_node)
                try:
                    first = seen.setdefault(key, key_node)
                except TypeError:  # unhashable: reported by SafeLoader below
                    continue
                if first is not key_node:
                    raise DuplicateKeyProblem(key, _line(first), _line(key_node), node is self.top_node)
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except Exception as error:  # PyYAML's converters fail in many ways on odd scalars (!!int '')
            if isinstance(error, YamlProblem):
                raise
            value = node.value if isinstance(node, yaml.ScalarNode) else node.tag
            raise YamlProblem(f"{value!r} cannot be read as {node.tag.rsplit(':', 1)[-1]} ({error})",
                              _line(node)) from None


class _StrictLoader(_StrictConstruction, yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and names the line of bad scalars."""

    def __init__(self, text: str):
        super().__init__(text)
        self.depth = 0

    def compose_node(self, parent, index):
        # Counted as the composer descends, so a deep document is refused
        # after reading only MAX_DEPTH levels of it.
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", _line(self.peek_event()))
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


if _CParser is not None:
    class _FastLoader(_StrictConstruction, _CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """The same construction on nodes composed by libyaml."""

        def __init__(self, text: str):
            _CParser.__init__(self, text)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_aliases(root) -> None:
    """Refuse aliases that refer to their own container or expand too far.

    A depth-first walk over the node graph (where an alias is the node it
    refers to, shared), counting each node as often as the tree would copy it.
    """
    expanded: dict[int, int] = {}
    on_path: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            on_path.discard(key)
            expanded[key] = 1 + sum(expanded[id(c)] for c in _children(node))
            continue
        if key in expanded:
            continue
        if key in on_path:
            raise YamlProblem("an alias refers to the structure that contains it", _line(node))
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in expanded)
    extra = expanded[id(root)] - len(expanded)
    if extra > MAX_ALIAS_NODES:
        raise YamlProblem(
            f"its aliases (*name) expand to {extra:,} more nodes than the file holds, above the "
            f"limit of {MAX_ALIAS_NODES:,}; write the values out instead of nesting aliases",
            None,
        )


def load_yaml(text: str):
    """Parse one YAML document strictly.

    Parameters
    ----------
    text : str

    Returns
    -------
    tuple (yaml.Node or None, object)
        The composed node tree (with marks for line numbers) and the data;
        ``(None, None)`` for an empty document.

    Raises
    ------
    YamlProblem
        For a syntax error, a key given twice in one mapping
        (:class:`DuplicateKeyProblem`), aliases that refer to their own
        container or expand beyond :data:`MAX_ALIAS_NODES` nodes, a scalar
        that cannot be converted, or nesting too deep to read.

    Examples
    --------
    >>> load_yaml("a: 1\\nb: [x, y]")[1]
    {'a': 1, 'b': ['x', 'y']}
    >>> load_yaml("a: 1\\na: 2")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    DuplicateKeyProblem: line 2: key 'a' is given twice (lines 1 and 2); ...
    """
    _check_brackets(text)
    fast = _load_fast(text)
    if fast is not None:
        return fast
    loader = None
    try:
        loader = _StrictLoader(text)  # checks that every character is allowed
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_aliases(node)
        loader.top_node = node
        return node, loader.construct_document(node)
    except YamlProblem:
        raise
    except yaml.YAMLError as error:
        raise YamlProblem(_syntax_problem(error), _error_line(error, text)) from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops the composer first
        raise YamlProblem("the document is nested too deeply to read") from None
    finally:
        if loader is not None:
            loader.dispose()


def _load_fast(text: str):
    """What :func:`load_yaml` returns, by libyaml, or None to leave the document to the careful reader."""
    # A document that does not end its last line: where an empty last node
    # starts differs between the two (the end of the line, or the next).
    if (_CParser is None or not text.endswith("\n") or _UNUSUAL.search(text)
            or _deepest_indent(text) > _FAST_INDENT or _question_in_flow(text)):
        return None
    loader = None
    try:
        loader = _FastLoader(text)
        node = loader.get_single_node()
        if node is None or _depth(node) > MAX_DEPTH:
            return None
        _check_aliases(node)
        loader.top_node = node
        return node, loader.construct_document(node)
    except Exception:  # any problem at all: the careful reader says what it is
        return None
    finally:
        if loader is not None:
            loader.dispose()


def _question_in_flow(text: str) -> bool:
    """True when a "?" may stand where libyaml and PyYAML read it apart (see _UNUSUAL)."""
    if "?" not in text:
        return False
    if _COMPLEX_KEY.search(text):
        return True
    for line in text.split("\n"):
        if _FLOW_START.match(line):
            if "?" in line:
                return True
            if line.count("[") + line.count("{") != line.count("]") + line.count("}"):
                return True  # a flow collection over several lines: any "?" may be inside it
    return False


def _deepest_indent(text: str) -> int:
    return max((len(line) - len(line.lstrip(" -?")) for line in text.split("\n")), default=0)


def _depth(root) -> int:
    """How deep the careful reader's composer would descend: the root is 1, each collection adds one.

    Walked in document order; a node met again through an alias counts where it was first met.
    """
    seen: set[int] = set()
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in reversed(_children(node)))
    return deepest


def _check_brackets(text: str) -> None:
    """Refuse brackets nested deeper than MAX_DEPTH before PyYAML reads them.

    PyYAML's scanner looks up to 1024 characters ahead at every open bracket,
    so even the composer's depth limit leaves thousands of brackets slow to
    refuse.  Brackets inside quoted text are counted too: only unbalanced
    ones there, dozens deep, could be refused wrongly.
    """
    depth = 0
    for match in _BRACKET.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, match.start()) + 1
            raise YamlProblem(f"brackets are nested more than {MAX_DEPTH} levels deep", line)


def _syntax_problem(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.reader.ReaderError):
        return f"character {error.character!r} is not allowed in YAML"
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    return f"YAML syntax error: {problem}" + (f" ({context})" if context and context not in problem else "")


def _error_line(error: yaml.YAMLError, text: str) -> int | None:
    if isinstance(error, yaml.reader.ReaderError):
        return text.count("\n", 0, error.position) + 1
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return _line(mark)
