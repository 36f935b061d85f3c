"""Clauses into task candidates (the grouping pass).

The clauses of one paragraph group into tasks: a clause goes on the task
before it unless it starts another, which happens where the lead agency, the
dated deadline or the frequency changes (README: "One numbered or bulleted
item = one task, unless it contains parts with different lead agencies or
different deadlines / frequencies"). Excluded clauses (conditions, formulas,
approvals) are dropped; some of them end the task before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chidao.lib.text import fold

from .agencies import Mention
from .clauses import DIFFICULTY, Clause


def same_agencies(a: list[Mention] | None, b: list[Mention] | None) -> bool:
    if not a or not b:
        return False
    return {fold(m.name) for m in a} == {fold(m.name) for m in b}


def _dated(c: Clause) -> bool:
    return bool(c.deadline and c.deadline.on)


def starts_new_task(c: Clause, current: list[Clause], closed: bool) -> bool:
    """Does clause `c` start a task of its own after the clauses `current`?"""
    lead = next((x.subject for x in current if x.subject), None)
    has_dated = any(_dated(x) for x in current)
    if c.subject and c.explicit and not same_agencies(c.subject, lead):
        return True  # another agency
    if c.simultaneous and (_dated(c) != has_dated or c.periodic_start):
        return True  # "đồng thời ... trước ngày ...": another deadline
    if closed and c.has_action and not c.deadline_only:
        return True  # the task before was closed by its deadline
    if c.periodic_start and not any(x.period for x in current):
        return True  # "định kỳ hằng quý ...": a recurring task after a one-off
    # The dated deadline closes its clause: later actions are another task.
    return (
        has_dated
        and c.has_action
        and not _dated(c)
        and not c.deadline_only
        and _dated(current[-1])
    )


@dataclass
class _Grouping:
    text: str
    groups: list[list[Clause]] = field(default_factory=list)
    current: list[Clause] = field(default_factory=list)
    closed: bool = False
    carry: list[Mention] | None = None  # the subject goes on within a paragraph
    prev_excluded: str = ""

    def close(self) -> None:
        if self.current:
            self.groups.append(self.current)
        self.current = []

    def open(self, c: Clause) -> None:
        self.current = [c]
        self.closed = c.deadline_only

    def excluded(self, c: Clause) -> None:
        if c.excluded == "formula" and c.subject:
            self.carry = c.subject
        if c.breaks and self.current:
            self.close()
        self.prev_excluded = c.excluded

    def skipped(self, c: Clause) -> bool:
        """Clauses that belong to an excluded clause before them."""
        if c.simultaneous and self.prev_excluded == "conditional":
            return True  # "Đồng thời gửi ..." goes with the condition before it
        if self.prev_excluded == "approval" and not c.explicit:
            return True  # "Đồng ý ... A; B; C": the rest of what is approved
        self.prev_excluded = ""
        return False

    def add(self, c: Clause) -> None:
        if c.excluded:
            self.excluded(c)
            return
        if self.skipped(c):
            return
        if c.subject is None and self.carry is not None:
            c.subject, c.explicit = self.carry, True
        if c.subject is not None:
            self.carry = c.subject
        if not self.current:
            clause = self.text[c.start : c.end]
            if (
                c.subject is None
                and DIFFICULTY.search(clause)
                and re.search(r"báo\s+cáo|đề\s+xuất", clause)
            ):
                return  # "..., khó khăn, vướng mắc báo cáo ...": a condition
            self.open(c)
        elif starts_new_task(c, self.current, self.closed):
            self.close()
            self.open(c)
        else:
            self.current.append(c)
            self.closed = self.closed or c.deadline_only


def group_clauses(text: str, clauses: list[Clause]) -> list[list[Clause]]:
    """Task candidates of a paragraph (view text `text`): groups of clauses."""
    grouping = _Grouping(text)
    for c in clauses:
        grouping.add(c)
    grouping.close()
    return grouping.groups
