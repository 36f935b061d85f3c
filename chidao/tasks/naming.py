"""How a task is named on screen: its directive's number and the start of
its content ("312/TB-VP · Kiểm tra, xử lý vi phạm…"), never a database id
("Nhiệm vụ #40" told the officer nothing; issue 16). Page titles, breadcrumbs
and headings use this one helper.
"""

from __future__ import annotations

from .models import Task

TITLE_LENGTH = 70


def _start(text: str, length: int) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0] or text[:length]
    return cut.rstrip(" ,;:.") + "…"


def task_title(task: Task, length: int = TITLE_LENGTH) -> str:
    return f"{task.directive.number} · {_start(task.content, length)}"
