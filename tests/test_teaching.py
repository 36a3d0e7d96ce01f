"""The teaching notebook and its answers stay in step.

The student notebook (06_teaching_formulaic_language.ipynb) asks the
exercises and leaves an empty answer cell after each; the teacher's copy
(notebooks/teacher/06_answers_for_teachers.ipynb) holds the same exercises, each answered by code that
computes the answer with the kit and checks it with an ``assert``.  These
tests check the structure only: test_notebooks.py executes both notebooks
headless, which runs every assert of the answers.
"""
import ast
import re
from pathlib import Path

import nbformat
import pytest

STUDENT = Path("notebooks/06_teaching_formulaic_language.ipynb")
ANSWERS = Path("notebooks/teacher/06_answers_for_teachers.ipynb")
HEADING = re.compile(r"^#+\s*练习 / Exercise (\d+)\s*$", re.MULTILINE)
SAVED_NAME = re.compile(r"(?:save_figure|study\.save)\(\s*\w+\s*,\s*\"([^\"]+)\"")
SECTIONS = re.compile(r"^##\s+\S+ · .+ / \d+ · .+$", re.MULTILINE)


def read(path):
    return nbformat.read(path, as_version=4)


def exercises(notebook):
    """(number, question cell, the cell after it) for each exercise heading."""
    found = []
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown":
            continue
        numbers = HEADING.findall(cell.source)
        assert len(numbers) <= 1, f"one exercise per markdown cell: {cell.source[:60]!r}"
        if numbers:
            following = notebook.cells[i + 1] if i + 1 < len(notebook.cells) else None
            found.append((int(numbers[0]), cell, following))
    return found


@pytest.fixture(scope="module")
def student():
    return read(STUDENT)


@pytest.fixture(scope="module")
def answers():
    return read(ANSWERS)


def test_exercises_are_numbered_in_order(student):
    numbers = [n for n, _, _ in exercises(student)]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    assert len(numbers) >= 4, "at least one exercise after each of the four sections"


def test_each_section_ends_with_exercises(student):
    """Every numbered section (## 一 · 中文 / 1 · English) is followed by at least one exercise."""
    text = [cell.source for cell in student.cells if cell.cell_type == "markdown"]
    sections = [i for i, source in enumerate(text) if SECTIONS.search(source)]
    assert len(sections) == 4, "four bilingual sections: reading, counting, co-occurrence, comparison"
    bounds = sections + [len(text)]
    for start, end in zip(bounds, bounds[1:]):
        assert any(HEADING.search(source) for source in text[start:end]), f"no exercise after {text[start][:40]!r}"


def test_student_and_answers_have_the_same_exercises(student, answers):
    asked = [(n, cell.source) for n, cell, _ in exercises(student)]
    answered = [(n, cell.source) for n, cell, _ in exercises(answers)]
    assert [n for n, _ in asked] == [n for n, _ in answered], "same exercises, in the same order"
    for (n, question), (_, answer_question) in zip(asked, answered):
        assert question == answer_question, f"exercise {n}: the question differs between the two notebooks"


def test_student_answer_cells_are_empty(student):
    for n, _, cell in exercises(student):
        assert cell is not None and cell.cell_type == "code", f"exercise {n}: an answer cell must follow"
        assert cell.source.strip() == f"answer_{n} = None  # your answer here", f"exercise {n}: {cell.source!r}"


def test_student_notebook_gives_no_answer_away(student):
    """Only the empty answer cells assign answer_n, and nothing checks them."""
    empty = {id(cell) for _, _, cell in exercises(student)}
    for cell in student.cells:
        if cell.cell_type == "code" and id(cell) not in empty:
            tree = ast.parse(cell.source)
            assert not any(isinstance(node, ast.Assert) for node in ast.walk(tree)), cell.source
            assert not re.search(r"^\s*answer_\d+\s*=", cell.source, re.MULTILINE), cell.source


@pytest.mark.parametrize("number", range(1, 10))
def test_each_answer_is_computed_and_checked(answers, number):
    by_number = {n: cell for n, _, cell in exercises(answers)}
    if number not in by_number:
        pytest.skip(f"no exercise {number}")
    cell = by_number[number]
    assert cell is not None and cell.cell_type == "code", f"exercise {number}: an answer cell must follow"
    tree = ast.parse(cell.source)
    assigned = [t.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)]
    assert f"answer_{number}" in assigned, f"exercise {number}: the cell must compute answer_{number}"
    checks = [node for node in ast.walk(tree) if isinstance(node, ast.Assert)]
    assert checks, f"exercise {number}: the answer needs an assert"
    assert any(f"answer_{number}" in ast.unparse(check.test) for check in checks), (
        f"exercise {number}: an assert must check answer_{number} against its expected value")
    assert "kit." in cell.source or any(name in cell.source for name in ("counts", "pairs", "crowd", "formulas", "groups")), (
        f"exercise {number}: the answer is computed from the kit's results, not typed in")
    assert re.search(r"#\s*Verified", cell.source), f"exercise {number}: say how the expected value was verified"


@pytest.mark.parametrize("path", [STUDENT, ANSWERS], ids=lambda p: p.name)
def test_parameters_cell_comes_first(path):
    code = [cell for cell in read(path).cells if cell.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", []), f"{path}: the first code cell is the parameters cell"
    assert code[0].source.startswith("# Parameters (papermill, `make figures CORPUS=…` and `kit figures` set these)")
    assert code[1].source.startswith("import kit\n\nstudy = kit.Study(CORPUS,")


def test_both_notebooks_save_figures_under_their_own_names(student, answers):
    def names(notebook):
        return {name for cell in notebook.cells if cell.cell_type == "code"
                for name in SAVED_NAME.findall(cell.source)}

    saved_by_student, saved_by_answers = names(student), names(answers)
    assert saved_by_student and saved_by_answers, "each notebook saves at least one figure"
    assert all(name.startswith("06_teaching_") for name in saved_by_student | saved_by_answers)
    assert all(name.startswith("06_teaching_answers_") for name in saved_by_answers)
    assert not saved_by_student & saved_by_answers, "one figure, one notebook: the manifest records which made it"


def test_answers_notebook_keeps_the_lesson(student, answers):
    """The teacher's copy holds the lesson's narrative, in the same order (the title cell aside)."""
    lesson = [cell.source for cell in student.cells[1:] if cell.cell_type == "markdown"]
    copy = iter(cell.source for cell in answers.cells if cell.cell_type == "markdown")
    missing = [source[:50] for source in lesson if source not in copy]
    assert not missing, f"markdown of the lesson missing from (or out of order in) the answers: {missing}"
