"""Reading corpora, generated: every input is loaded or listed, and the characters loaded are the characters in.

Hypothesis builds folders of .txt, .csv and .jsonl files in UTF-8, GB18030
or Big5, nested in subfolders, with texts that need quoting in CSV (commas,
straight quotes, line breaks), blank rows, rows with a wrong number of
fields, invalid JSON lines, and symbolic links (to a file read elsewhere, to
nowhere, to a folder above).  Two properties must hold for every folder:

1. **nothing is lost**: every file is read (``meta["files"]``) or skipped
   with a reason, every record is a document or a skipped line, every
   malformed record is skipped at its own line;
2. **nothing is changed**: each document's Han characters, in order, are
   exactly those of its source (normalisation never touches Han characters,
   so the check needs no copy of its rules).

``KIT_FUZZ_EXAMPLES=2000 pytest tests/test_read_properties.py`` runs a
longer random campaign; by default the same 150 cases run everywhere.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kit.io import read_corpus

EXAMPLES = int(os.environ.get("KIT_FUZZ_EXAMPLES", "0"))
READ = settings(max_examples=EXAMPLES or 150, deadline=None, derandomize=not EXAMPLES, database=None,
                suppress_health_check=[HealthCheck.too_slow])
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _shared_han() -> str:
    """Common Han characters written alike in Simplified and Traditional, and encodable in GB2312 and Big5.

    Such characters decode the same in every encoding the kit reads, and the
    reader's check for Traditional script leaves them alone.
    """
    import opencc

    to_simplified, to_traditional = opencc.OpenCC("t2s"), opencc.OpenCC("s2tw")
    candidates = "人民大中山水天地工作文化生活学力心手日月年上下左右出入口田石木火土金王主公方正名同合向回因"
    chosen = []
    for char in candidates:
        try:
            char.encode("gb2312"), char.encode("big5")
        except UnicodeEncodeError:
            continue
        if to_simplified.convert(char) == char == to_traditional.convert(char):
            chosen.append(char)
    return "".join(chosen)


ALPHABET = _shared_han()
PUNCTUATION = "，。、！？“”"
ENCODINGS = ("utf-8", "gb18030", "big5")

han_text = st.text(alphabet=ALPHABET, min_size=12, max_size=40)
# Texts as researchers' tables hold them: Han, Chinese punctuation, and now and then
# an ASCII comma, a straight quote or a line break that the CSV writer must quote.
table_text = st.lists(st.one_of(han_text, st.sampled_from(list(PUNCTUATION) + [",", '"', "\n"])),
                      min_size=2, max_size=6).map("".join).filter(lambda t: len(HAN.findall(t)) >= 12)


@st.composite
def documents(draw, kind):
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        rows.append(("doc", draw(table_text if kind != "txt" else han_text)))
        if kind != "txt":
            rows.append(draw(st.sampled_from([None, None, ("blank", ""), ("malformed", "")])))
    return [r for r in rows if r]


@st.composite
def corpora(draw):
    files = []
    for index in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["txt", "csv", "jsonl"]))
        folder = draw(st.sampled_from(["", "sub", "sub/深", "资料"]))
        encoding = draw(st.sampled_from(ENCODINGS))
        files.append({"path": f"{folder}/f{index}.{kind}".lstrip("/"), "kind": kind, "encoding": encoding,
                      "rows": draw(documents(kind))})
    links = draw(st.lists(st.sampled_from(["same file", "broken", "loop"]), max_size=2, unique=True))
    return files, links


def write(root: Path, files, links) -> dict:
    """Write the generated corpus; return the Han characters of every document by (file, line)."""
    expected = {}
    for spec in files:
        path = root / spec["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        if spec["kind"] == "txt":
            (_, text), = [r for r in spec["rows"] if r[0] == "doc"][:1]
            content = f"{text[:6]}\n{text[6:]}\n"  # a short first line: the title
            expected[(str(path), None)] = HAN.findall(content)
        elif spec["kind"] == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(["id", "text"])
            line, number = 2, 0
            for kind, text in spec["rows"]:
                if kind == "doc":
                    number += 1
                    start = buffer.tell()
                    writer.writerow([f"r{number}", text])
                    expected[(str(path), line)] = HAN.findall(text)
                    line += buffer.getvalue()[start:].count("\n")
                elif kind == "blank":
                    buffer.write("\n")
                    line += 1
                else:  # four fields where the header has two
                    buffer.write("坏,行,多,列\n")
                    expected[(str(path), -line)] = None  # must be skipped at this line
                    line += 1
            content = buffer.getvalue()
        else:
            lines = []
            for kind, text in spec["rows"]:
                if kind == "doc":
                    lines.append(json.dumps({"text": text}, ensure_ascii=False))
                    expected[(str(path), len(lines))] = HAN.findall(text)
                elif kind == "blank":
                    lines.append("")
                else:
                    lines.append('{"text": "未完')
                    expected[(str(path), -len(lines))] = None
            content = "\n".join(lines) + "\n"
        path.write_bytes(content.encode(spec["encoding"]))
    first = root / files[0]["path"]
    if "same file" in links:
        (root / "again.link.txt").symlink_to(first)
    if "broken" in links:
        (root / "nowhere.txt").symlink_to(root / "does-not-exist.txt")
    if "loop" in links:
        (root / "sub").mkdir(exist_ok=True)
        (root / "sub" / "up").symlink_to(root, target_is_directory=True)
    return expected


@READ
@given(corpora())
def test_every_input_is_loaded_or_listed_and_its_characters_kept(generated):
    files, links = generated
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        expected = write(root, files, links)
        try:
            corpus = read_corpus(root, id_column=None)
        except ValueError as error:  # nothing at all could be read: the message must list why
            assert "no documents could be read" in str(error)
            event("nothing readable")
            return
        docs = corpus.docs
        skipped = {(s.source, s.line) for s in corpus.skipped}
        skipped_files = {s.source for s in corpus.skipped if s.line is None}
        read_files = set(corpus.meta["files"]["file"])

        # 1. every file read or skipped; every link problem listed
        for spec in files:
            path = str(root / spec["path"])
            assert path in read_files or path in skipped_files, f"{path} neither read nor listed"
        reasons = " ".join(s.reason for s in corpus.skipped)
        if "same file" in links:
            assert "the same file as" in reasons
        if "broken" in links:
            assert "broken link" in reasons
        if "loop" in links:
            assert "link loop" in reasons

        # 2. every record a document (with its characters) or a skipped line
        loaded = {(f, (None if str(f).endswith(".txt") else int(line))): HAN.findall(f"{t}\n{x}")
                  for f, line, t, x in zip(docs["file"], docs["line"], docs["title"], docs["text"])}
        for (path, line), characters in expected.items():
            if path in skipped_files:
                reason = next(s.reason for s in corpus.skipped if s.source == path)
                event("file skipped: " + re.sub(r"/\S+", "…", reason)[:40])
                continue
            if characters is None:
                assert (path, -line) in skipped, f"malformed record of {path} at line {-line} not listed"
                continue
            assert (path, line) in loaded, f"record of {path} at line {line} lost"
            assert loaded[(path, line)] == characters, f"characters of {path} line {line} changed"
        event(f"{len(docs)} documents")
