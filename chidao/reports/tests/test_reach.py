"""Who sees a task, kept as rows (`tasks.reach`, issue 12), is `visible_to`.

The rows must give every agency user the tasks `Task.objects.visible_to`
gives, after workflow steps, cooperating agencies added and removed,
sub-tasks, a unit moved in the tree, a merge and deleted tasks; an agency's
list and work queues read from them must be the pages the history gives.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from chidao.accounts.models import OFFICE_ROLES, User
from chidao.agencies.models import Agency
from chidao.agencies.services import merge_agency
from chidao.tasks import reach
from chidao.tasks.forms import SORTS
from chidao.tasks.models import Task, TaskHistory, TaskReach
from chidao.tasks.selectors import (
    ON_TASKS,
    _agency_queue_filters,
    _built,
    _office_queue_filters,
    agency_queue_counts,
    agency_queues,
    count_tasks,
    filter_tasks,
    office_queue_counts,
    office_queues,
    with_list_data,
)
from chidao.tasks.services import create_subtask
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory, play_random_step

from .conftest import TODAY, at

S = Task.State


def _agency_users() -> list[User]:
    return list(
        User.objects.filter(agency__isnull=False).exclude(agency__kind="office")
    )


def assert_reach_is_visibility() -> None:
    """For every agency user, the rows are `visible_to`, and `check` agrees."""
    assert reach.check() == []
    for user in _agency_users():
        if user.reads_all:
            continue
        seen = set(
            TaskReach.objects.filter(agency_id=user.agency_id).values_list(
                "task_id", flat=True
            )
        )
        visible = set(Task.objects.visible_to(user).values_list("pk", flat=True))
        assert seen == visible, user.username


def _history_page(user: User, params: dict, day: date) -> tuple[int, list[int]]:
    qs = filter_tasks(
        with_list_data(Task.objects.visible_to(user), day), params, as_of=day
    )
    sort = params.get("sort") or "-created"
    ids = list(qs.order_by(*SORTS[sort]).values_list("pk", flat=True)[:25])
    return count_tasks(user, params, as_of=day), ids


def _reach_page(user: User, params: dict, day: date) -> tuple[int, list[int]]:
    assert reach.serves(user, params, as_of=day)
    tasks = with_list_data(Task.objects.all(), day)
    page = reach.listed(user, params, tasks, as_of=day)
    return page.count(), [t.pk for t in page[0:25]]


def _history_queues(user: User, day: date, office: bool) -> dict:
    if office:
        found = _office_queue_filters(user, day, ON_TASKS)
    else:
        found = _agency_queue_filters(user, day, None, ON_TASKS, returned=True)
    return _built(*found, day, ON_TASKS)


LISTS = [
    {},
    {"state": S.ACCEPTED},
    {"state": S.RETURNED},
    {"report_status": "overdue_open"},
    {"report_status": "due_soon"},
    {"report_status": "on_track"},
    {"report_status": "awaiting_confirmation"},
    {"report_status": "done_late"},
    {"sort": "deadline"},
    {"sort": "-deadline", "state": S.HANDED_OVER},
    {"sort": "state"},
    {"sort": "created"},
]


def assert_pages_agree(day: date) -> None:
    """Each user's list pages and work queues read from today's rows (an
    agency's reach rows, the tasks' own columns for the Office and leaders)
    are the pages the history gives."""
    for user in User.objects.filter(is_active=True):
        if not user.reads_all and user.agency_id is None:
            continue
        for params in LISTS:
            assert _reach_page(user, params, day) == _history_page(user, params, day), (
                user.username,
                params,
            )
        office = any(user.has_role(role) for role in OFFICE_ROLES)
        if user.reads_all and not office:
            continue  # a leader has no work queues
        if office:
            queues, counts = office_queues(user, day), office_queue_counts(user, day)
        else:
            queues = agency_queues(user, day, returned=True)
            counts = agency_queue_counts(user, day, returned=True)
        from_history = _history_queues(user, day, office)
        assert counts == {name: qs.count() for name, qs in from_history.items()}
        for name, qs in from_history.items():
            assert [t.pk for t in queues[name][0:50]] == list(
                qs.values_list("pk", flat=True)[:50]
            ), (user.username, name)


def test_the_rows_are_who_sees_each_task(province):
    # The province: STC leads, its unit leads a sub-task, STC cooperates on
    # an SNV task, drafts are nobody's yet.
    assert TaskReach.objects.exists()
    assert_reach_is_visibility()
    assert_pages_agree(TODAY)


def test_the_rows_follow_cooperating_agencies_and_sub_tasks(
    province, stc, snv, stc_unit, stc_lanhdao
):
    task = province.tasks["on_track"]
    task.cooperating_agencies.add(snv)
    assert_reach_is_visibility()
    sub = create_subtask(
        task,
        by=stc_lanhdao,
        content="Rà soát số liệu của đơn vị.",
        lead_agency=stc_unit,
        deadline=task.deadline,
    )
    # SNV cooperates on the parent, so it sees the sub-task too.
    assert TaskReach.objects.filter(agency=snv, task=sub).exists()
    assert_reach_is_visibility()
    task.cooperating_agencies.remove(snv)
    assert not TaskReach.objects.filter(agency=snv, task=sub).exists()
    # From the agency's side too, and cleared.
    snv.cooperating_tasks.add(task)
    assert TaskReach.objects.filter(agency=snv, task=sub, helps=False).exists()
    task.cooperating_agencies.clear()
    assert_reach_is_visibility()
    assert_pages_agree(TODAY)


def test_the_rows_follow_the_agency_tree(province, stc, snv, stc_unit, chutich):
    stc_unit.parent = snv
    stc_unit.save()
    # The unit's tasks are now read by SNV above it, no longer by STC.
    assert_reach_is_visibility()
    merge_agency(snv, into=stc, effective_on=TODAY, by=chutich)
    assert_reach_is_visibility()
    assert_pages_agree(TODAY)


def test_deleted_tasks_take_their_rows(province, stc, snv):
    # A task with events is never deleted (they are protected); one made
    # handed over with none can be.
    task = TaskFactory(
        directive=DirectiveFactory(issued_on=TODAY),
        lead_agency=stc,
        state=S.HANDED_OVER,
        cooperating_agencies=[snv],
    )
    assert TaskReach.objects.filter(task=task).count() == 3  # STC, UBND, SNV
    task.delete()
    assert not TaskReach.objects.filter(task_id=task.pk).exists()
    assert_reach_is_visibility()


def test_a_new_day_moves_the_overdue_and_due_soon_lists(province):
    for later in (TODAY + timedelta(days=3), TODAY + timedelta(days=30)):
        with time_machine.travel(at(later, 10), tick=False):
            assert_pages_agree(later)


def test_a_past_day_or_a_clock_set_back_reads_the_history(province, stc_chuyenvien):
    assert not reach.serves(stc_chuyenvien, {}, as_of=TODAY - timedelta(days=1))
    assert not reach.serves(stc_chuyenvien, {"q": "kế hoạch"}, as_of=TODAY)
    assert not reach.serves(stc_chuyenvien, {"sort": "agency"}, as_of=TODAY)
    assert reach.serves(stc_chuyenvien, {"state": S.ACCEPTED}, as_of=TODAY)
    earlier = TODAY - timedelta(days=40)
    with time_machine.travel(at(earlier, 10), tick=False):
        # Open rows that begin after this "today": the rows are the future's.
        assert TaskHistory.objects.filter(
            valid_to__isnull=True, valid_from__gt=earlier
        ).exists()
        assert not reach.serves(stc_chuyenvien, {}, as_of=earlier)
        response_ids = _history_page(stc_chuyenvien, {}, earlier)
        assert agency_queue_counts(stc_chuyenvien, earlier, returned=True) == {
            name: qs.count()
            for name, qs in _history_queues(stc_chuyenvien, earlier, False).items()
        }
    assert response_ids is not None


def test_the_list_page_reads_the_rows(client, province, stc_chuyenvien, snv_chuyenvien):
    client.force_login(stc_chuyenvien)
    page = client.get("/nhiem-vu/", {"state": S.ACCEPTED})
    assert page.status_code == 200
    shown = {t.pk for t in page.context["page"].object_list}
    count, ids = _history_page(stc_chuyenvien, {"state": S.ACCEPTED}, TODAY)
    assert shown == set(ids) and page.context["page"].paginator.count == count
    # Another agency's officer never gets STC's own tasks.
    client.force_login(snv_chuyenvien)
    page = client.get("/nhiem-vu/")
    theirs = {t.pk for t in page.context["page"].object_list}
    assert province.tasks["on_track"].pk not in theirs
    assert theirs == set(_history_page(snv_chuyenvien, {}, TODAY)[1])


def _tamper() -> TaskReach:
    row = TaskReach.objects.order_by("pk").first()
    TaskReach.objects.filter(pk=row.pk).update(deadline=date(1999, 1, 1))
    return row


def test_check_finds_changed_missing_and_extra_rows(province, stc, snv):
    _tamper()
    assert reach.check()
    reach.rebuild()
    assert reach.check() == []
    TaskReach.objects.order_by("pk").first().delete()
    assert any(p.startswith("missing") for p in reach.check())
    reach.rebuild()
    TaskReach.objects.create(
        agency=snv,
        task=province.tasks["on_track"],
        leads=False,
        helps=False,
        created_at=province.tasks["on_track"].created_at,
        state=S.ACCEPTED,
    )
    assert any(p.startswith("not due") for p in reach.check())


def test_check_history_reports_and_rebuilds_the_rows(province):
    _tamper()
    with pytest.raises(CommandError):
        call_command("check_history")
    call_command("check_history", "--rebuild-standing")
    assert reach.check() == []
    call_command("check_history")


def test_the_nightly_job_rebuilds_rows_that_disagree(province, caplog):
    _tamper()
    assert reach.keep()["problems"] >= 1
    assert "task reach disagrees" in caplog.text
    assert reach.check() == []


@pytest.mark.parametrize("seed", [3, 2026])
def test_a_random_month_of_work_keeps_the_rows(province, stc, snv, stc_unit, seed):
    """Random steps and cooperations over a month, the clock moving on: after
    each the rows are `visible_to`; at the end the pages agree."""

    rng = random.Random(seed)  # noqa: S311 - a repeatable walk, not security
    actions = [
        "hand_over",
        "accept",
        "return",
        "revise",
        "report",
        "confirm",
        "reopen",
        "adjust",
        "request_extension",
        "approve_extension",
        "cancel",
    ]
    directive = DirectiveFactory(issued_on=TODAY)
    for lead in (stc, snv, stc_unit):
        TaskFactory(
            directive=directive,
            lead_agency=lead,
            state=S.DRAFT,
            deadline=TODAY + timedelta(days=rng.randint(1, 12)),
        )
    agencies = [stc, snv, stc_unit]
    day, taken = TODAY, 0
    for _n in range(40):
        day += timedelta(days=rng.choice([0, 0, 1, 2]))
        with time_machine.travel(at(day, 10), tick=False):
            task = rng.choice(list(Task.objects.filter(parent__isnull=True)))
            if rng.random() < 0.2:
                helper = rng.choice(agencies)
                if helper.pk != task.lead_agency_id:
                    task.cooperating_agencies.add(helper)
                else:
                    task.cooperating_agencies.remove(*agencies)
                assert_reach_is_visibility()
                continue
            action = play_random_step(rng, task, day, actions)
            taken += action is not None
            assert reach.check() == [], (action, day)
    assert taken >= 10, taken
    assert_reach_is_visibility()
    with time_machine.travel(at(day, 10), tick=False):
        assert_pages_agree(day)


def test_the_agency_tree_is_read_upwards(province, stc, stc_unit):
    pairs = set(reach._pairs())
    assert (stc_unit.pk, stc.pk) in pairs and (stc_unit.pk, stc_unit.pk) in pairs
    assert (stc.pk, stc_unit.pk) not in pairs
    assert all(isinstance(a, int) for a, _b in pairs)
    assert Agency.objects.count() == len({a for a, _b in pairs})


def test_a_calendar_change_moves_the_report_limits_the_rows_hold(province, admin_user):
    from chidao.workdays.models import DayKind
    from chidao.workdays.services import set_day_override

    # A day off just after the deadline moves each open task's report limit.
    task = province.tasks["on_track"]
    before = set(
        TaskReach.objects.filter(task=task).values_list("report_due", flat=True)
    )
    set_day_override(
        task.deadline + timedelta(days=1),
        kind=DayKind.DAY_OFF,
        reason="Nghỉ bù",
        by=admin_user,
    )
    after = TaskReach.objects.filter(task=task).values_list("report_due", flat=True)
    assert set(after) != before
    assert reach.check() == []


def test_an_agencys_directions_are_read_through_its_rows(
    province, stc_chuyenvien, snv_chuyenvien, chutich
):
    from chidao.tasks import directions
    from chidao.tasks.models import Direction

    for user in (stc_chuyenvien, snv_chuyenvien):
        ids = set(reach.visible_ids(user).values_list("task_id", flat=True))
        assert ids == set(Task.objects.visible_to(user).values_list("pk", flat=True))
    assert reach.visible_ids(chutich) is None
    Direction.objects.create(
        task=province.tasks["on_track"],
        directive=province.tasks["on_track"].directive,
        text="Khẩn trương hoàn thành.",
        leader=chutich,
        by=chutich,
    )
    assert directions.visible_to(stc_chuyenvien).count() == 1
    assert directions.visible_to(snv_chuyenvien).count() == 0
