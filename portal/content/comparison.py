"""``comparison.toml``: the questions every article answers, and what may matter to a patient."""

from __future__ import annotations

from pathlib import Path

from .schema import COMPARISON, read_toml_file
from .types import ContentProblem, Question, Value


def read_comparison(
    root: Path, problems: list[ContentProblem]
) -> tuple[list[Question], list[Value]]:
    read = read_toml_file(root, root / "comparison.toml", problems, COMPARISON)
    if read is None:
        return [], []
    values, report, where = read
    questions: dict[str, Question] = {}
    for index, item in enumerate(values["question"]):
        key = item["key"]
        if key in questions:
            report.add(f"question '{key}' is defined twice", where("key", "question", index))
        elif key:
            questions[key] = Question(key, item["text"])
    statements: dict[str, Value] = {}
    for index, item in enumerate(values["value"]):
        key, line = item["key"], where("key", "value", index)
        unknown = [q for q in item["questions"] if q not in questions]
        if unknown:
            report.add(
                f"value '{key}' names unknown question(s) {', '.join(unknown)}; "
                f"known: {', '.join(questions)}",
                where("questions", "value", index),
            )
        if key in statements:
            report.add(f"value '{key}' is defined twice", line)
        elif key:
            statements[key] = Value(key, item["text"], item["questions"])
    return list(questions.values()), list(statements.values())
