"""The query layer: counts per status, groups, hand-overs, usage; bounded queries."""

from datetime import date, timedelta

from axes.models import AccessLog

from chidao.accounts.tests.factories import UserFactory
from chidao.agencies.tests.factories import AgencyFactory
from chidao.reports.queries import (
    handover_performance,
    handover_tasks,
    overdue_tasks,
    period_params,
    report_tasks,
    summaries,
    summary,
    usage,
)
from chidao.tasks.models import Task, TaskEvent
from chidao.tasks.tests.factories import (
    DirectiveFactory,
    ProgressReportFactory,
    TaskFactory,
)

from .conftest import TODAY, at

Q4 = period_params(date(2026, 10, 1), date(2026, 12, 31), TODAY)


def counts(row):  # noqa: ANN001, ANN201
    return {k: v for k, v in row.as_dict().items() if k not in ("key", "name")}


def test_totals_count_each_status_of_counted_tasks_only(province, chutich):
    result = summary(report_tasks(chutich, Q4, as_of=TODAY), as_of=TODAY)

    assert counts(result.totals) == {
        "total": 7,
        "done_on_time": 1,
        "done_late": 1,
        "awaiting_confirmation": 0,
        "awaiting_confirmation_late": 0,
        "on_track": 1,
        "overdue": 2,
        "not_started": 0,
        "not_started_overdue": 0,
        "done_no_deadline": 1,
        "ongoing_no_deadline": 1,
        # Due by 28/11: the two done tasks and the two open overdue ones.
        "due": 4,
        "overdue_open": 2,
        "on_time_rate": 0.25,
        "done_within_original_deadline": 1,
        "done_within_extended_deadline": 0,
        "periodic_updates": {"due": 0, "on_time": 0, "late": 0, "missed": 0},
    }


def test_agencies_are_ranked_by_on_time_rate_and_sum_to_the_totals(province, chutich):
    result = summary(
        report_tasks(chutich, Q4, as_of=TODAY), as_of=TODAY, group_by="agency"
    )

    # STC: 1 on time of 3 due (one late, one overdue); SNV: its one due is overdue.
    assert [(r.name, r.total, r.on_time_rate) for r in result.rows] == [
        ("Sở Tài chính", 5, 1 / 3),
        ("Sở Nội vụ", 2, 0.0),
    ]
    assert result.totals.total == 7
    assert result.rows[0].key == province.stc.pk


def test_leader_and_sector_groups_name_the_unassigned(province, chutich):
    tasks = report_tasks(chutich, Q4, as_of=TODAY)

    leaders = summary(tasks, as_of=TODAY, group_by="leader")
    sectors = summary(tasks, as_of=TODAY, group_by="sector")

    assert [(r.key, r.total) for r in leaders.rows] == [(chutich.pk, 5), (None, 2)]
    assert leaders.rows[0].name == chutich.full_name
    assert [(r.key is None, r.name, r.total) for r in sectors.rows] == [
        (False, "Tài chính", 5),
        (True, str(sectors.rows[1].name), 2),
    ]
    assert sectors.rows[1].name


def test_status_is_taken_as_of_the_given_day(province, chutich):
    # On 01/11 nothing was confirmed yet and nothing was past its deadline;
    # the SNV directive of 02/11 did not exist yet.
    as_of = date(2026, 11, 1)
    result = summary(report_tasks(chutich, Q4, as_of=as_of), as_of=as_of)

    assert result.totals.overdue == 0
    assert result.totals.done_on_time == 0
    assert result.totals.on_track == 4
    assert result.totals.total == 5


def test_an_agency_user_counts_only_tasks_it_can_see(
    province, snv_chuyenvien, stc_chuyenvien
):
    snv = summary(
        report_tasks(snv_chuyenvien, Q4, as_of=TODAY), as_of=TODAY, group_by="agency"
    )
    stc = summary(
        report_tasks(stc_chuyenvien, Q4, as_of=TODAY), as_of=TODAY, group_by="agency"
    )

    assert [(r.key, r.total) for r in snv.rows] == [(province.snv.pk, 2)]
    # STC also sees the SNV task it cooperates on, and never SNV's other one.
    assert [(r.key, r.total) for r in stc.rows] == [
        (province.stc.pk, 5),
        (province.snv.pk, 1),
    ]


def test_on_time_rate_is_none_until_something_is_done(db):
    TaskFactory(state=Task.State.ACCEPTED)

    result = summary(Task.objects.all(), as_of=TODAY, group_by="agency")

    assert result.rows[0].on_time_rate is None
    assert result.rows[0].as_dict()["on_time_rate"] is None


def test_overdue_list_starts_with_the_oldest_deadline(province, chutich):
    rows = overdue_tasks(report_tasks(chutich, Q4, as_of=TODAY), as_of=TODAY)

    assert [t.pk for t in rows] == [
        province.tasks["overdue"].pk,
        province.tasks["snv_overdue"].pk,
    ]


def test_one_aggregate_query_per_table_whatever_the_number_of_agencies(
    db, chutich, django_assert_num_queries
):
    directive = DirectiveFactory(issued_on=date(2026, 10, 5), directing_leader=chutich)
    tasks = report_tasks(chutich, Q4, as_of=TODAY)
    chutich.roles  # noqa: B018 - read once, like a request does

    def queries_for(n_agencies: int) -> int:
        for _n in range(n_agencies):
            TaskFactory(
                directive=directive,
                lead_agency=AgencyFactory(),
                state=Task.State.ACCEPTED,
            )
        # The counts, the Art. 7.2b updates, then the names of the groups.
        with django_assert_num_queries(3):
            result = summary(tasks, as_of=TODAY, group_by="agency")
        return len(result.rows)

    assert queries_for(3) == 3
    assert queries_for(30) == 33
    # No task has a sector: nothing to name there, so no query for it.
    with django_assert_num_queries(3):
        both = summaries(tasks, as_of=TODAY, groups=("leader", "sector"))
    assert both["leader"].rows[0].name == chutich.full_name
    assert both["sector"].rows[0].key is None
    with django_assert_num_queries(3):
        assert summary(tasks, as_of=TODAY).totals.total == 33


def test_handover_performance_per_tracking_officer(province, chutich, vp_chuyenvien):
    rows, totals = handover_performance(
        handover_tasks(chutich, Q4, as_of=TODAY), as_of=TODAY
    )

    assert [r.as_dict() for r in rows] == [
        {
            "key": vp_chuyenvien.pk,
            "name": vp_chuyenvien.full_name,
            "handed_over": 7,
            "on_time": 6,
            "late": 1,
            "pending_late": 1,
            "pending": 0,
            "awaiting_confirmation": 0,
            "on_time_rate": round(6 / 7, 4),
        }
    ]
    assert totals.handed_over == 7


def test_a_draft_within_the_limit_is_pending_not_late(db, chutich, vp_chuyenvien):
    directive = DirectiveFactory(issued_on=date(2026, 11, 26))
    TaskFactory(directive=directive, tracking_officer=vp_chuyenvien)

    rows, _totals = handover_performance(
        handover_tasks(chutich, Q4, as_of=TODAY), as_of=TODAY
    )

    assert (rows[0].pending, rows[0].pending_late) == (1, 0)


def test_usage_counts_accounts_sign_ins_and_report_timeliness(
    province, stc_chuyenvien, stc_lanhdao, snv_chuyenvien, django_assert_num_queries
):
    for user, day in [
        (stc_chuyenvien, date(2026, 10, 2)),
        (stc_chuyenvien, date(2026, 11, 3)),
        (stc_lanhdao, date(2026, 11, 4)),
        (snv_chuyenvien, date(2026, 9, 30)),  # before the period
    ]:
        log = AccessLog.objects.create(username=user.username, ip_address="10.0.0.1")
        # attempt_time is auto_now_add: set the day afterwards.
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=at(day))
    tasks = province.tasks
    # Report due (deadline 10/11 + 5 working days) is 17/11 for both done
    # tasks, whose completion reports (08/11, 15/11) came in by then. The
    # quarter III task's report was due 08/10 and comes on 19/11: late.
    ProgressReportFactory(
        task=tasks["old"], by=stc_chuyenvien, at=at(date(2026, 11, 19))
    )
    UserFactory(agency=province.stc, is_active=False)

    with django_assert_num_queries(9):
        rows, totals = usage(
            start=date(2026, 10, 1), end=date(2026, 12, 31), as_of=TODAY
        )

    by_name = {r.name: r.as_dict() for r in rows}
    assert by_name["Sở Tài chính"] == {
        "key": province.stc.pk,
        "name": "Sở Tài chính",
        "accounts": 2,
        "active_users": 2,
        "sign_ins": 3,
        # The province's steps by STC people in the quarter (conftest).
        "actions": TaskEvent.objects.filter(
            actor__agency=province.stc, at__date__gte=date(2026, 10, 1)
        ).count(),
        "reports_filed": 3,
        # Due by 28/11: the two done tasks (17/11) and the quarter III task
        # (08/10): the report date counts, not the issue date.
        "reports_due": 3,
        "reports_on_time": 2,
        "reports_late": 1,
        "reports_missing": 0,
        "updates_due": 0,
        "updates_on_time": 0,
        "updates_late": 0,
        "updates_missed": 0,
        "on_time_rate": round(2 / 3, 4),
    }
    assert by_name["Sở Nội vụ"]["sign_ins"] == 0
    assert by_name["Sở Nội vụ"]["accounts"] == 1
    assert totals.sign_ins == 3


def test_a_hand_over_is_late_from_local_midnight_after_the_limit(
    db, chutich, vp_chuyenvien
):
    from datetime import datetime, time

    from .conftest import TZ

    directive = DirectiveFactory(issued_on=date(2026, 11, 2))  # due 09/11
    due = directive.handover_due_on
    for moment in (time(0, 0), time(23, 59, 59)):
        TaskFactory(
            directive=directive,
            state=Task.State.ACCEPTED,
            tracking_officer=vp_chuyenvien,
            handed_over_at=datetime.combine(due, moment, tzinfo=TZ),
        )
    TaskFactory(
        directive=directive,
        state=Task.State.ACCEPTED,
        tracking_officer=vp_chuyenvien,
        handed_over_at=datetime.combine(due + timedelta(days=1), time(0), tzinfo=TZ),
    )

    rows, _totals = handover_performance(
        handover_tasks(chutich, Q4, as_of=TODAY), as_of=TODAY
    )

    assert (rows[0].on_time, rows[0].late) == (2, 1)
