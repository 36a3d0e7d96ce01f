"""Feedback for students: ``kit.teaching.check(3, answer_3)`` says right or not yet, with a hint.

Layer: top (notebooks).  The expected answers are not in the student's
notebook nor in this code: a data file (``data/teaching/LESSON.yaml``) holds,
for each exercise, salted hashes of the normalised answer and of each of its
parts, and hints.  A check normalises the student's answer the same way and
compares hashes, so it can say which parts are right.

This is feedback, not an exam lock.  The hashes are slow to compute
(PBKDF2-SHA256, many rounds) but the answer spaces of these exercises are
small: a determined student who reads this module can try every small
integer, or every entry of the lexicon, and find an answer.  Use the checks
for practice; grade from the teacher's answers notebook.

A teacher who changes an exercise records its new answer with
:func:`record_answer`; when the data or the lexicon change, ``python -m
kit.teaching refresh ANSWERS.ipynb`` recomputes every answer with the answers
notebook and stores new hashes (keeping shapes and hints).  The test suite
checks that every stored hash matches what the answers notebook computes.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import numbers
import os
import secrets
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from kit.atomic import write_text_atomic
from kit.paths import data_dir

DEFAULT_LESSON = "06_teaching_formulaic_language"
ITERATIONS = 200_000
FORMS = ("value", "tuple", "set")


@dataclass
class Feedback:
    """The result of a check: ``right`` and what to tell the student.

    Attributes
    ----------
    exercise : int
    right : bool
    message : str
        One line: right, or not yet with what is right so far.
    hints : list of str
        Hints for the parts that are not yet right.
    """

    exercise: int
    right: bool
    message: str
    hints: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.right

    def __repr__(self) -> str:
        lines = [self.message] + [f"  hint: {hint}" for hint in self.hints]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.right else "#9a6700"
        hints = "".join(f"<li>{html.escape(h)}</li>" for h in self.hints)
        return (f'<div style="border-left:4px solid {colour};padding:4px 10px">'
                f"<b style=\"color:{colour}\">{html.escape(self.message)}</b>"
                + (f"<ul style=\"margin:4px 0\">{hints}</ul>" if hints else "") + "</div>")


def lesson_path(lesson: str = DEFAULT_LESSON) -> Path:
    """The data file of a lesson's checks: ``data/teaching/LESSON.yaml``."""
    return data_dir() / "teaching" / f"{lesson}.yaml"


def load_lesson(lesson: str | Path = DEFAULT_LESSON) -> dict:
    """A lesson's checks as stored (exercise number -> its record).

    Parameters
    ----------
    lesson : str or path
        A lesson name (``06_teaching_formulaic_language``) or the YAML file.

    Returns
    -------
    dict

    Examples
    --------
    >>> sorted(load_lesson()["exercises"])[:3]
    [1, 2, 3]
    """
    path = Path(lesson) if str(lesson).endswith((".yaml", ".yml")) else lesson_path(str(lesson))
    if not path.is_file():
        raise FileNotFoundError(f"no checks for lesson {str(lesson)!r}: {path} does not exist")
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    if not isinstance(data.get("exercises"), dict):
        raise ValueError(f"{path}: no 'exercises' table")
    data["exercises"] = {int(k): v for k, v in data["exercises"].items()}
    data["path"] = str(path)
    return data


def check(exercise: int, answer, lesson: str | Path = DEFAULT_LESSON) -> Feedback:
    """Right or not yet, with a hint for each part that is not yet right.

    Parameters
    ----------
    exercise : int
        The exercise's number.
    answer
        The student's answer: a value, or a tuple or list of values, as the
        exercise asks.  Strings are compared after Unicode normalisation
        (NFKC) and trimming; numbers to the decimals the exercise asks for.
    lesson : str or path
        The lesson's checks (default: the teaching notebook's).

    Returns
    -------
    Feedback
        ``right`` (also its truth value), ``message`` and ``hints``; shown
        in a notebook as one coloured line and the hints.

    Examples
    --------
    >>> check(3, None).message
    'Exercise 3: no answer yet (replace None with your answer)'
    """
    record = _exercise(load_lesson(lesson), exercise)
    if answer is None:
        return Feedback(exercise, False, f"Exercise {exercise}: no answer yet (replace None with your answer)",
                        [record.get("hint", "")] if record.get("hint") else [])
    form = record["form"]
    if _digest(_canonical(answer, record, None), record) == record["answer"]:
        return Feedback(exercise, True, f"Exercise {exercise}: right ✓")
    parts = record.get("parts") or []
    hints = list(record.get("hints") or [])
    if form == "tuple":
        if not isinstance(answer, (tuple, list)) or len(answer) != len(parts):
            return Feedback(exercise, False, f"Exercise {exercise}: not yet — the answer is {record['shape']}",
                            [record["hint"]] if record.get("hint") else [])
        good = [_digest(_canonical(value, record, i), record) == parts[i] for i, value in enumerate(answer)]
        labels = "abcdefghij"
        status = ", ".join(f"({labels[i]}) {'right' if ok else 'not yet'}" for i, ok in enumerate(good))
        wanted = [hints[i] for i, ok in enumerate(good) if not ok and i < len(hints)]
        return Feedback(exercise, False, f"Exercise {exercise}: not yet — {status}", wanted)
    if form == "set":
        if not isinstance(answer, (tuple, list, set, frozenset)) or len(answer) != len(parts):
            return Feedback(exercise, False, f"Exercise {exercise}: not yet — the answer is {record['shape']}",
                            [record["hint"]] if record.get("hint") else [])
        found = sum(_digest(_canonical(value, record, 0), record) in set(parts) for value in set(answer))
        return Feedback(exercise, False, f"Exercise {exercise}: not yet — {found} of {len(parts)} right",
                        hints[:1] or ([record["hint"]] if record.get("hint") else []))
    return Feedback(exercise, False, f"Exercise {exercise}: not yet", hints[:1])


def record_answer(exercise: int, answer, *, shape: str, hints=(), hint: str | None = None,
                  form: str = "tuple", decimals=None, lesson: str | Path = DEFAULT_LESSON) -> dict:
    """Store the hashes of an exercise's answer in the lesson's data file (for teachers).

    Parameters
    ----------
    exercise : int
    answer
        The right answer, as the answers notebook computes it.
    shape : str
        How the answer is written, shown to a student whose answer has
        another shape (``"a tuple (occurrences, articles)"``).
    hints : sequence of str
        One hint per part (form ``"tuple"``), or one hint (``"value"``, ``"set"``).
    hint : str, optional
        A hint for a missing or misshapen answer.
    form : {"tuple", "value", "set"}
        A tuple is checked part by part, in order; a set's elements in any order.
    decimals : int or list of (int or None), optional
        Decimals to which numbers are compared (per part for a tuple).
    lesson : str or path

    Returns
    -------
    dict
        The exercise's record as written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> lesson = pathlib.Path(tempfile.mkdtemp()) / "demo.yaml"
    >>> _ = record_answer(3, (3, 3), shape="a tuple (occurrences, articles)",
    ...                   hints=["kit.count gives frequency", "doc_freq counts articles"], lesson=lesson)
    >>> check(3, (3, 2), lesson=lesson)
    Exercise 3: not yet — (a) right, (b) not yet
      hint: doc_freq counts articles
    """
    if form not in FORMS:
        raise ValueError(f"form must be one of {list(FORMS)}, got {form!r}")
    path = Path(lesson) if str(lesson).endswith((".yaml", ".yml")) else lesson_path(str(lesson))
    data = load_lesson(path) if path.is_file() else {"lesson": path.stem, "exercises": {}}
    data.pop("path", None)
    record = {"form": form, "shape": shape, "salt": secrets.token_hex(8), "iterations": ITERATIONS}
    if decimals is not None:
        record["decimals"] = decimals
    record["answer"] = _digest(_canonical(answer, record, None), record)
    if form == "tuple":
        record["parts"] = [_digest(_canonical(v, record, i), record) for i, v in enumerate(answer)]
    elif form == "set":
        record["parts"] = sorted(_digest(_canonical(v, record, 0), record) for v in answer)
    record["hints"] = list(hints)
    if hint:
        record["hint"] = hint
    data["exercises"][int(exercise)] = record
    data["exercises"] = dict(sorted(data["exercises"].items()))
    header = ("# Checks for the exercises of a lesson (kit.teaching): salted hashes of the answers,\n"
              "# never the answers themselves, and hints.  Written by kit.teaching.record_answer.\n")
    write_text_atomic(path, header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100))
    return record


def notebook_answers(notebook: str | Path, output_dir: str | Path | None = None) -> dict:
    """Run the code cells of an answers notebook here and return its ``answer_N`` values.

    The first code cell is the parameters cell; ``OUTPUT_DIR`` is set to
    ``output_dir`` (a temporary folder by default), so the notebook's figures
    do not overwrite the bundled ones.  ``display`` does nothing.

    Parameters
    ----------
    notebook : path
    output_dir : path, optional

    Returns
    -------
    dict
        Exercise number -> the answer the notebook computed.

    Examples
    --------
    >>> notebook_answers("notebooks/teacher/06_answers_for_teachers.ipynb")[3]  # doctest: +SKIP
    (3, 3)
    """
    import nbformat
    import matplotlib.pyplot as plt

    notebook = Path(notebook)
    cells = [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    if not cells:
        raise ValueError(f"{notebook}: no code cells")
    namespace: dict = {"__name__": "__answers__", "display": lambda *objects, **options: None}
    saved = {key: os.environ.get(key) for key in ("KIT_FIGURES_DIR", "KIT_NOTEBOOK")}
    os.environ["KIT_NOTEBOOK"] = str(notebook.resolve())
    with tempfile.TemporaryDirectory(prefix="kit-answers-") as scratch:
        try:
            exec(compile(cells[0], f"{notebook.name}: parameters", "exec"), namespace)
            namespace["OUTPUT_DIR"] = str(output_dir or scratch)
            for number, source in enumerate(cells[1:], start=2):
                try:
                    exec(compile(source, f"{notebook.name}: code cell {number}", "exec"), namespace)
                except Exception as error:  # the teacher's own assert, or any failing cell
                    raise ValueError(f"{notebook}: code cell {number} raised "
                                     f"{type(error).__name__}: {error}") from error
        finally:
            plt.close("all")
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return {int(name.split("_")[1]): value for name, value in namespace.items()
            if name.startswith("answer_") and name.split("_")[1].isdigit()}


def refresh(notebook: str | Path, lesson: str | Path = DEFAULT_LESSON) -> pd.DataFrame:
    """Recompute every answer with the answers notebook and store new hashes.

    Shapes, forms, decimals and hints of the stored checks are kept; each
    exercise gets a new salt.

    Parameters
    ----------
    notebook : path
        The teacher's answers notebook.
    lesson : str or path

    Returns
    -------
    pandas.DataFrame
        One row per exercise: ``exercise``, ``was_right`` (whether the stored
        check already accepted the notebook's answer).

    Examples
    --------
    >>> refresh("notebooks/teacher/06_answers_for_teachers.ipynb")  # doctest: +SKIP
    """
    answers = notebook_answers(notebook)
    stored = load_lesson(lesson)["exercises"]
    missing = sorted(set(stored) - set(answers))
    if missing:
        raise ValueError(f"{notebook} computes no answer_N for exercise(s) {missing}")
    rows = []
    for number, record in stored.items():
        rows.append({"exercise": number, "was_right": check(number, answers[number], lesson).right})
        record_answer(number, answers[number], shape=record["shape"], hints=record.get("hints") or (),
                      hint=record.get("hint"), form=record["form"], decimals=record.get("decimals"),
                      lesson=lesson)
    return pd.DataFrame(rows, columns=["exercise", "was_right"])


def main(argv=None) -> int:
    """``python -m kit.teaching refresh ANSWERS.ipynb [--lesson NAME]``."""
    parser = argparse.ArgumentParser(prog="python -m kit.teaching",
                                     description="Store the hashes of a lesson's answers, from its answers notebook.")
    sub = parser.add_subparsers(dest="command", required=True)
    command = sub.add_parser("refresh", help="recompute every answer with the answers notebook")
    command.add_argument("notebook")
    command.add_argument("--lesson", default=DEFAULT_LESSON)
    args = parser.parse_args(argv)
    try:
        table = refresh(args.notebook, args.lesson)
    except (OSError, ValueError, KeyError) as error:
        print(f"kit.teaching: {error}", file=sys.stderr)
        return 1
    changed = table.loc[~table["was_right"], "exercise"].tolist()
    print(f"kit.teaching: {len(table)} answers stored"
          + (f"; changed: exercise(s) {changed}" if changed else "; none changed"))
    return 0


def _exercise(data: dict, exercise) -> dict:
    try:
        number = int(exercise)
    except (TypeError, ValueError):
        raise ValueError(f"exercise must be a number, got {exercise!r}") from None
    if number not in data["exercises"]:
        raise KeyError(f"lesson {data.get('lesson')!r} has no exercise {number}; "
                       f"exercises are {sorted(data['exercises'])}")
    return data["exercises"][number]


def _digest(canonical: str, record: dict) -> str:
    salt = ("kit.teaching:" + str(record["salt"])).encode("utf-8")
    rounds = int(record.get("iterations", ITERATIONS))
    return hashlib.pbkdf2_hmac("sha256", canonical.encode("utf-8"), salt, rounds).hex()


def _canonical(value, record: dict, part: int | None) -> str:
    """One string for an answer, the same for every way of writing it.

    ``part`` is the index of a tuple's part (its decimals apply), ``None``
    for the whole answer.
    """
    decimals = record.get("decimals")
    if part is None and record["form"] == "tuple" and isinstance(value, (tuple, list)):
        return "(" + "|".join(_canonical(v, record, i) for i, v in enumerate(value)) + ")"
    if part is None and record["form"] == "set" and isinstance(value, (tuple, list, set, frozenset)):
        return "{" + "|".join(sorted(_canonical(v, record, 0) for v in value)) + "}"
    if isinstance(decimals, list):
        decimals = decimals[part] if part is not None and part < len(decimals) else None
    return _scalar(value, decimals)


def _scalar(value, decimals) -> str:
    if isinstance(value, str):
        return "s:" + unicodedata.normalize("NFKC", value).strip()
    if isinstance(value, bool):
        return "b:" + str(value)
    if isinstance(value, numbers.Integral):
        return f"n:{int(value)}" if decimals is None else f"n:{float(value):.{decimals}f}"
    if isinstance(value, numbers.Real):
        if decimals is not None:
            return f"n:{round(float(value), decimals):.{decimals}f}"
        return f"n:{int(value)}" if float(value).is_integer() else f"n:{float(value)!r}"
    if isinstance(value, (tuple, list)):
        return "[" + "|".join(_scalar(v, decimals) for v in value) + "]"
    return "r:" + repr(value)


if __name__ == "__main__":
    sys.exit(main())
