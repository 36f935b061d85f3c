"""The standing roll-up (issue 12) gives the numbers the history gives.

Every figure the dashboard and the summary API read from `tasks.rollup` is
compared with the same figure counted task by task from the history, after
workflow steps, a new day, a clock set back, directive edits, deleted
tasks and a corrected completion date; `rollup.check` must find nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from chidao.directives.services import update_directive
from chidao.reports.queries import (
    period_params,
    period_summaries,
    report_tasks,
    summaries,
)
from chidao.tasks import rollup
from chidao.tasks.models import StandingCount, StandingRollup, Task
from chidao.tasks.tests.factories import (
    DirectiveFactory,
    TaskFactory,
    play,
    play_random_step,
)

from .conftest import TODAY, at

SETS = {"groups": ("agency",), "also": (("leader", "sector"),)}
QUARTER = (date(2026, 10, 1), date(2026, 12, 31))


def _figures(result: dict) -> dict:
    return {
        name: (
            sorted((r.key or 0, r.counts, r.extra) for r in grouped.rows),
            grouped.totals.counts,
            grouped.totals.extra,
        )
        for name, grouped in result.items()
    }


def assert_same(user, start: date | None, end: date | None, as_of: date) -> dict:  # noqa: ANN001
    """The roll-up's figures equal the history's, and the roll-up checks out."""
    params = period_params(start, end, as_of)
    from_rollup = period_summaries(user, params, as_of=as_of, **SETS)
    from_history = summaries(
        report_tasks(user, params, as_of=as_of), as_of=as_of, **SETS
    )
    assert _figures(from_rollup) == _figures(from_history)
    assert rollup.check() == []
    return from_rollup


@pytest.fixture
def built(province, chutich, today):  # noqa: ANN001, ANN201
    """The province with its counts built (the first reader builds them)."""
    assert_same(chutich, *QUARTER, TODAY)
    assert StandingRollup.objects.get().day == TODAY
    assert StandingCount.objects.exists()
    return province


def test_the_first_reader_builds_the_counts(built, chutich):
    result = assert_same(chutich, *QUARTER, TODAY)
    assert result["agency"].totals.total == 7


def test_the_counts_follow_workflow_steps(built, chutich, stc):
    directive = DirectiveFactory(issued_on=date(2026, 11, 3), directing_leader=chutich)
    task = TaskFactory(directive=directive, lead_agency=stc, state=Task.State.DRAFT)
    before = assert_same(chutich, *QUARTER, TODAY)["agency"].totals.total
    play(task, ("hand_over", TODAY), ("accept", TODAY))
    assert assert_same(chutich, *QUARTER, TODAY)["agency"].totals.total == before + 1
    report = {"text": "Đã xong.", "done": True, "completed_on": TODAY}
    play(task, ("report", TODAY, report), ("confirm", TODAY))
    result = assert_same(chutich, *QUARTER, TODAY)
    assert result["agency"].totals.total == before + 1
    # Cancelled: no longer counted, in the roll-up as in the history.
    other = TaskFactory(directive=directive, lead_agency=stc)
    play(other, ("cancel", TODAY, {"reason": "Không còn phù hợp."}))
    assert assert_same(chutich, *QUARTER, TODAY)["agency"].totals.total == before + 1


def test_a_new_day_makes_passed_deadlines_overdue(built, chutich, stc):
    directive = DirectiveFactory(issued_on=date(2026, 11, 3))
    TaskFactory(
        directive=directive,
        lead_agency=stc,
        state=Task.State.ACCEPTED,
        deadline=TODAY + timedelta(days=2),
    )
    on_the_day = assert_same(chutich, *QUARTER, TODAY)["agency"].totals
    later = TODAY + timedelta(days=5)
    with time_machine.travel(at(later, 10), tick=False):
        after = assert_same(chutich, *QUARTER, later)["agency"].totals
    assert StandingRollup.objects.get().day == later
    assert after.overdue == on_the_day.overdue + 1
    assert after.on_track == on_the_day.on_track - 1


def test_a_write_on_a_new_day_moves_the_counts_first(built, chutich, stc):
    directive = DirectiveFactory(issued_on=date(2026, 11, 3))
    due = TaskFactory(
        directive=directive,
        lead_agency=stc,
        state=Task.State.ACCEPTED,
        deadline=TODAY + timedelta(days=1),
    )
    later = TODAY + timedelta(days=4)
    with time_machine.travel(at(later, 10), tick=False):
        report = {"text": "Đã xong, muộn.", "done": True, "completed_on": later}
        play(due, ("report", later, report))
        assert StandingRollup.objects.get().day == later
        result = assert_same(chutich, *QUARTER, later)
    assert result["agency"].totals.awaiting_confirmation_late >= 1


def test_a_clock_set_back_rebuilds_the_counts(built, chutich):
    earlier = TODAY - timedelta(days=20)
    with time_machine.travel(at(earlier, 10), tick=False):
        assert_same(chutich, *QUARTER, earlier)
    assert StandingRollup.objects.get().day == earlier


def test_a_directive_moved_to_another_month_or_leader_moves_its_tasks(
    built, chutich, vp_chuyenvien
):
    directive = Task.objects.filter(lead_agency__code="STC").first().directive
    update_directive(
        directive, by=vp_chuyenvien, issued_on=date(2026, 9, 28), directing_leader=None
    )
    assert_same(chutich, *QUARTER, TODAY)
    assert_same(chutich, date(2026, 7, 1), date(2026, 9, 30), TODAY)
    update_directive(directive, by=vp_chuyenvien, directing_leader=chutich)
    assert_same(chutich, None, None, TODAY)


def test_deleted_tasks_leave_the_counts(built, chutich, stc):
    # Only a draft with no event can be deleted; a counted one never is
    # (its events are protected), and none may linger in the counts.
    directive = DirectiveFactory(issued_on=date(2026, 11, 3))
    draft = TaskFactory(directive=directive, lead_agency=stc, state=Task.State.DRAFT)
    draft.delete()
    result = assert_same(chutich, *QUARTER, TODAY)
    assert result["agency"].totals.total == 7


def test_a_period_cutting_a_month_is_counted_from_the_history(built, chutich):
    # Directives of 05/10 and 02/11: a period from 06/10 cuts October.
    result = assert_same(chutich, date(2026, 10, 6), date(2026, 12, 31), TODAY)
    assert result["agency"].totals.total == 2
    # Up to today (all time): nothing was issued after it this month.
    assert_same(chutich, date(2019, 1, 1), TODAY, TODAY)


def _tamper() -> None:
    """One count off by one: shows which figures are read from the roll-up."""
    row = StandingCount.objects.filter(grouping=rollup.AGENCY).exclude(n=0).first()
    StandingCount.objects.filter(pk=row.pk).update(n=row.n + 1)


def _total(user, start: date, end: date, as_of: date) -> tuple[int, int]:  # noqa: ANN001
    params = period_params(start, end, as_of)
    rolled = period_summaries(user, params, as_of=as_of, **SETS)
    counted = summaries(report_tasks(user, params, as_of=as_of), as_of=as_of, **SETS)
    return rolled["agency"].totals.total, counted["agency"].totals.total


def test_the_leaders_figures_of_today_are_read_from_the_roll_up(built, chutich):
    _tamper()
    rolled, counted = _total(chutich, *QUARTER, TODAY)
    assert rolled == counted + 1


def test_other_views_and_days_are_counted_from_the_history(
    built, chutich, stc_chuyenvien
):
    _tamper()
    # An agency officer sees only some tasks; a past day is not the roll-up's;
    # a period cutting a month with a directive outside it.
    for user, start, end, as_of in (
        (stc_chuyenvien, *QUARTER, TODAY),
        (chutich, *QUARTER, date(2026, 11, 1)),
        (chutich, date(2026, 10, 6), QUARTER[1], TODAY),
    ):
        rolled, counted = _total(user, start, end, as_of)
        assert rolled == counted


def test_check_finds_a_changed_count(built, chutich):
    row = StandingCount.objects.exclude(n=0).first()
    StandingCount.objects.filter(pk=row.pk).update(n=row.n + 1)
    problems = rollup.check()
    assert len(problems) == 1
    assert "stored" in problems[0]
    with pytest.raises(CommandError):
        call_command("check_history")
    call_command("check_history", "--rebuild-standing")
    assert rollup.check() == []


def test_a_corrected_completion_date_moves_the_task(built, chutich):
    # The STC task done late: the Office corrects its completion date to a
    # day within its deadline, and it is done on time (Art. 8.2).
    late = next(
        t
        for t in Task.objects.filter(state=Task.State.CONFIRMED_DONE)
        if t.deadline and t.completed_on and t.completed_on > t.deadline
    )
    before = assert_same(chutich, *QUARTER, TODAY)["agency"].totals
    play(
        late,
        (
            "correct_completion",
            TODAY,
            {"completed_on": late.deadline, "reason": "Ghi nhầm ngày hoàn thành."},
        ),
    )
    after = assert_same(chutich, *QUARTER, TODAY)["agency"].totals
    assert after.done_on_time == before.done_on_time + 1
    assert after.done_late == before.done_late - 1


def test_the_nightly_job_rebuilds_counts_that_disagree(built, caplog):
    _tamper()
    assert rollup.keep(TODAY) == {"day": TODAY.isoformat(), "problems": 1}
    assert "disagree with the history" in caplog.text
    assert rollup.check() == []
    assert rollup.keep(TODAY)["problems"] == 0


def _overdue(user, start, end, as_of):  # noqa: ANN001, ANN202
    from chidao.reports.queries import overdue_tasks, period_overdue_tasks

    params = period_params(start, end, as_of)
    fast = period_overdue_tasks(user, params, as_of=as_of, limit=10)
    slow = overdue_tasks(report_tasks(user, params, as_of=as_of), as_of=as_of)
    return (
        [(t.pk, t.as_of_deadline, t.report_status) for t in fast],
        [(t.pk, t.as_of_deadline, t.report_status) for t in slow],
    )


def test_the_longest_overdue_read_from_the_open_rows_are_the_historys(
    built, chutich, stc
):
    directive = DirectiveFactory(issued_on=date(2026, 11, 3))
    TaskFactory(
        directive=directive,
        lead_agency=stc,
        state=Task.State.HANDED_OVER,
        deadline=date(2026, 11, 20),
    )
    for start, end in (
        QUARTER,
        (None, None),
        (date(2019, 1, 1), TODAY),
        (date(2026, 11, 1), date(2026, 11, 30)),
    ):
        fast, slow = _overdue(chutich, start, end, TODAY)
        assert fast == slow
        assert fast  # there is something overdue in each
    # The rule for the ones not yet accepted (Art. 5.1g).
    assert "not_started_overdue" in {status for _pk, _d, status in fast}


def test_an_open_row_beginning_after_today_sends_the_list_to_the_history(
    built, chutich
):
    from chidao.tasks.models import TaskHistory

    # A change recorded on a later day, then the clock set back before it:
    # the longest overdue task has no row valid today any more.
    first = _overdue(chutich, *QUARTER, TODAY)[0][0][0]
    TaskHistory.objects.filter(task_id=first, valid_to__isnull=True).update(
        valid_from=TODAY + timedelta(days=3)
    )
    fast, slow = _overdue(chutich, *QUARTER, TODAY)
    assert fast == slow
    assert first not in [pk for pk, _d, _s in fast]


def _handover(user, as_of):  # noqa: ANN001, ANN202
    from chidao.reports.queries import (
        handover_performance,
        handover_tasks,
        period_handover,
    )

    params = period_params(*QUARTER, as_of)
    fast = period_handover(user, params, as_of=as_of)
    slow = handover_performance(handover_tasks(user, params, as_of=as_of), as_of=as_of)
    figures = [
        [
            (
                r.key,
                r.on_time,
                r.late,
                r.pending,
                r.pending_late,
                r.awaiting_confirmation,
            )
            for r in [*rows, totals]
        ]
        for rows, totals in (fast, slow)
    ]
    assert figures[0] == figures[1]
    assert rollup.check() == []
    return fast[1]


def test_the_hand_over_limit_passing_or_moving_moves_the_counts(built, chutich, stc):
    from chidao.tasks.handover import refresh_handover_due

    directive = DirectiveFactory(issued_on=TODAY - timedelta(days=1))
    TaskFactory(directive=directive, lead_agency=stc, state=Task.State.DRAFT)
    refresh_handover_due(directive)
    _handover(chutich, TODAY)
    first_limit = directive.handover_due_on
    # Art. 7.1: a directive needing opinions gets the longer limit.
    type(directive).objects.filter(pk=directive.pk).update(needs_opinions=True)
    directive.refresh_from_db()
    refresh_handover_due(directive)
    assert directive.handover_due_on > first_limit
    on_the_day = _handover(chutich, TODAY)
    # A day after the first limit, before the second: still within it; after
    # the second: late.
    for day in (
        first_limit + timedelta(days=1),
        directive.handover_due_on + timedelta(days=1),
    ):
        with time_machine.travel(at(day, 10), tick=False):
            later = _handover(chutich, day)
    assert later.pending_late == on_the_day.pending_late + 1
    assert later.pending == on_the_day.pending - 1


def test_prepare_builds_the_counts_once(province, chutich, today):
    assert not StandingRollup.objects.exists()
    call_command("check_history", "--prepare-standing")
    assert StandingRollup.objects.get().day == TODAY
    assert rollup.check() == []
    built_at = StandingRollup.objects.get().built_at
    call_command("check_history", "--prepare-standing")
    assert StandingRollup.objects.get().built_at == built_at


@pytest.mark.parametrize("seed", [12, 7, 2026])
def test_a_random_month_of_work_keeps_the_counts(built, chutich, stc, snv, seed):
    """Sixty random steps over a month, the clock moving on: after each, the
    counts equal the history's (the roll-up's `check`), and at the end every
    figure of the dashboard is the history's."""
    import random

    rng = random.Random(seed)  # noqa: S311 - a repeatable walk, not security
    actions = [
        "hand_over",
        "accept",
        "return",
        "revise",
        "report",
        "confirm",
        "reopen",
        "correct_completion",
        "adjust",
        "request_extension",
        "approve_extension",
        "refuse_extension",
        "cancel",
    ]
    directive = DirectiveFactory(issued_on=TODAY, directing_leader=chutich)
    for lead in (stc, snv, stc):
        TaskFactory(
            directive=directive,
            lead_agency=lead,
            state=Task.State.DRAFT,
            deadline=TODAY + timedelta(days=rng.randint(1, 12)),
        )
    day, taken = TODAY, 0
    for _n in range(60):
        day += timedelta(days=rng.choice([0, 0, 1, 2]))
        with time_machine.travel(at(day, 10), tick=False):
            task = rng.choice(list(Task.objects.filter(parent__isnull=True)))
            action = play_random_step(rng, task, day, actions)
            taken += action is not None
            assert rollup.check() == [], (action, day)
    assert taken >= 15, taken
    with time_machine.travel(at(day, 10), tick=False):
        assert_same(chutich, None, None, day)
        _handover(chutich, day)
