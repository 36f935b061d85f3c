"""Recording a directive with its tasks, all or nothing: the one way in.

The directive page, the API, the reader's confirmation, the legacy import and
the document-system intake all come through `record_directive`, so the rules
of Art. 5.1, 5.2, 6.1 and 7.1 are applied the same way whatever the source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from chidao.directives import services as directive_services
from chidao.directives.models import Directive
from chidao.lib.errors import InvalidInput
from chidao.tasks import handover
from chidao.tasks import services as task_services
from chidao.tasks.models import Task
from chidao.workdays.calendar import WorkCalendar

if TYPE_CHECKING:
    from chidao.accounts.models import User

# Fields of a directive that tasks copy or depend on.
_TASK_FACING = frozenset({"number", "summary", "issued_on", "needs_opinions"})


@dataclass
class Recorded:
    directive: Directive
    tasks: list[Task]


@transaction.atomic
def record_directive(
    values: dict[str, Any],
    *,
    tasks: Sequence[dict[str, Any]] = (),
    rows: Sequence[int] | None = None,
    by: User,
    source: str = Directive.Source.PAGE,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
) -> Recorded:
    """Record the directive and its draft tasks; nothing is stored on a refusal.

    `tasks` are the keyword arguments of `tasks.services.create_task` without
    the directive. `rows[i]` is the row of the input task `i` came from (one
    reviewed row may stand for several tasks); an InvalidInput raised for a
    task names that row.
    """
    calendar = calendar or WorkCalendar.load()
    directive = directive_services.create_directive(
        **values, source=source, by=by, today=today
    )
    created = []
    for index, task_values in enumerate(tasks):
        try:
            created.append(
                task_services.create_task(
                    directive=directive,
                    by=by,
                    calendar=calendar,
                    refresh_handover=False,
                    **task_values,
                )
            )
        except InvalidInput as exc:
            raise exc.in_row(rows[index] if rows is not None else index) from exc
    handover.refresh_handover_due(directive, calendar)
    return Recorded(directive, created)


@transaction.atomic
def update_directive(
    directive: Directive,
    *,
    by: User,
    version: int | None = None,
    today: date | None = None,
    **fields: object,
) -> Directive:
    """Correct a directive's fields (Art. 8.1) and keep its tasks in step."""
    before = {name: getattr(directive, name) for name in _TASK_FACING}
    directive = directive_services.update_directive(
        directive, by=by, version=version, today=today, **fields
    )
    changed = {n for n in _TASK_FACING if getattr(directive, n) != before[n]}
    task_services.follow_directive(directive, changed=changed)
    return directive
