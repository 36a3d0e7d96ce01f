"""The package is layered as docs/architecture.md says: a module imports only from its own layer or below.

bottom utilities → stats → text/corpus/lexicon → tokenization → io → analysis → fonts/plot → figures, cli, notebooks …
"""
import ast
from pathlib import Path

import pytest

# Rank of each top-level part of the package; equal ranks may import each other.
LAYERS = {
    "atomic": 0,  # utilities every layer may use
    "paths": 0,
    "filelock": 0,
    "regex_safety": 0,
    "strict_yaml": 0,
    "scheduling": 0,
    "code_digest": 0,
    "stats": 1,
    "text": 2,
    "corpus": 2,
    "lazy_corpus": 2,
    "lexicon": 2,
    "tokenization": 3,
    "io": 4,
    "corpus_cache": 4,
    "analysis": 5,
    "fonts": 6,
    "pdf_fonts": 6,
    "plot": 6,
    "figures": 7,
    "study": 7,
    "notebooks": 7,
    "cli": 7,
    "__main__": 7,
    "explorer": 7,  # the explorer page, interactive tables and teaching checks: for notebooks
    "tables": 7,
    "teaching": 7,
}

MODULES = sorted(p for p in Path("kit").rglob("*.py") if p.name != "__init__.py" or p.parent != Path("kit"))


def _part(path: Path) -> str:
    parts = path.relative_to("kit").with_suffix("").parts
    return parts[0]


def _kit_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names] if node.module == "kit" else [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            if name.startswith("kit."):
                yield node.lineno, name.split(".")[1]


def test_every_part_has_a_layer():
    unknown = sorted({_part(p) for p in MODULES} - set(LAYERS))
    assert not unknown, f"add these parts of kit/ to LAYERS (and describe them in docs/architecture.md): {unknown}"


@pytest.mark.parametrize("path", MODULES, ids=str)
def test_imports_go_down_only(path):
    own = LAYERS.get(_part(path))
    if own is None:
        pytest.skip("unknown part; reported by test_every_part_has_a_layer")
    upward = [
        f"line {line}: kit.{target}" for line, target in _kit_imports(path) if LAYERS.get(target, -1) > own
    ]
    assert not upward, f"{path} imports from a higher layer: {upward}"
