"""Art. 7.1: the Office hands a directive's tasks over within 5 working days of
its issue, 10 when the directive has many tasks, concerns many agencies or
needs others' opinions. The limit is stored on the directive so lists and
reminders can filter on it; it is kept here because it counts tasks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from chidao.directives.models import Directive
from chidao.workdays.calendar import WorkCalendar, add_working_days

from . import rollup
from .models import Task

HANDOVER_DAYS = 5
HANDOVER_DAYS_LARGE = 10


def is_large(directive: Directive) -> bool:
    """Art. 7.1: many tasks, many agencies, or others' opinions needed."""
    if directive.needs_opinions:
        return True
    tasks = Task.objects.filter(directive=directive, parent__isnull=True)
    if tasks.count() > 1:
        return True
    leads = set(tasks.values_list("lead_agency_id", flat=True))
    helpers = set(
        Task.cooperating_agencies.through.objects.filter(
            task__in=tasks.values("pk")
        ).values_list("agency_id", flat=True)
    )
    return len(leads | helpers) > 1


def handover_due(directive: Directive, calendar: WorkCalendar | None = None) -> date:
    """The last day the Office may hand this directive's tasks over."""
    days = HANDOVER_DAYS_LARGE if is_large(directive) else HANDOVER_DAYS
    return add_working_days(directive.issued_on, days, calendar)


def refresh_handover_due(
    directive: Directive, calendar: WorkCalendar | None = None
) -> date:
    """Store the limit again after the directive's tasks or dates changed."""
    due = handover_due(directive, calendar)
    if due != directive.handover_due_on:
        stored = (
            Directive.objects.filter(pk=directive.pk)
            .values_list("issued_on", "directing_leader_id", "handover_due_on")
            .first()
        )
        directive.handover_due_on = due
        Directive.objects.filter(pk=directive.pk).update(handover_due_on=due)
        if stored is not None and stored[2] != due:
            # The standing counts hold the hand-over standing (issue 12).
            old = rollup.DirectiveKeys(*stored)
            rollup.directive_moved(
                directive.pk,
                old=old,
                new=rollup.DirectiveKeys(stored[0], stored[1], due),
            )
    return due


def refresh_all(
    directives: Iterable[Directive], calendar: WorkCalendar | None = None
) -> None:
    for directive in directives:
        refresh_handover_due(directive, calendar)
