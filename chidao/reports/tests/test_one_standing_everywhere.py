"""One figure on every surface: a cast of tasks in every status, as of several
days, counted the same by the list, the API, the badges, the queues, the
dashboard, the summary API and its files, and the reminders (issue 10).

Every task's history is played through the state machine on its real dates,
so "as of" a day reads what was true that day.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from chidao.notifications.models import Notification
from chidao.reports.queries import STATUSES
from chidao.tasks import standing
from chidao.tasks.jobs import send_reminders
from chidao.tasks.models import Task
from chidao.tasks.selectors import decorate, with_list_data
from chidao.tasks.services import create_subtask
from chidao.tasks.standing import ReportStatus as R
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory, play

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DAYS = (date(2026, 10, 16), date(2026, 11, 15), date(2026, 11, 26))
# The report period: the directive's quarter.
PERIOD = {"period": "q3", "year": "2026"}
API_PERIOD = {"from": "2026-07-01", "to": "2026-09-30"}

# task → its status on each of DAYS; None: in no status (not counted).
EXPECTED: dict[str, tuple[str | None, ...]] = {
    "done_on_time": (R.DONE_ON_TIME,) * 3,
    "done_late": (R.DONE_LATE,) * 3,
    "awaiting": (R.ON_TRACK, R.AWAITING_CONFIRMATION, R.AWAITING_CONFIRMATION),
    "awaiting_late": (R.AWAITING_CONFIRMATION_LATE,) * 3,
    "not_started": (R.NOT_STARTED,) * 3,
    "not_started_overdue": (R.NOT_STARTED_OVERDUE,) * 3,
    # Extended on 20/10 from 15/10 to 30/11: overdue on 16/10, not after.
    "extended": (R.OVERDUE, R.ON_TRACK, R.ON_TRACK),
    # Confirmed done on 26/10, reopened on 05/11.
    "reopened": (R.ON_TRACK, R.ON_TRACK, R.ON_TRACK),
    "cancelled": (None, None, None),
    "parent": (R.ON_TRACK,) * 3,
    "periodic_filed": (R.ONGOING_NO_DEADLINE,) * 3,
    "periodic_missed": (R.ONGOING_NO_DEADLINE,) * 3,
    "draft": (None, None, None),
}
# The sub-task is listed but not counted (its parent counts for it).
SUBTASK = (R.NOT_STARTED, R.NOT_STARTED_OVERDUE, R.NOT_STARTED_OVERDUE)


def report(completed: date) -> tuple:
    return (
        "report",
        completed,
        {"text": "Đã xong.", "done": True, "completed_on": completed},
    )


@pytest.fixture
def cast(
    db,
    stc,
    stc_unit,
    vp_chuyenvien,
    vp_lanhdao,
    stc_chuyenvien,
    stc_lanhdao,
    stc_unit_lead,
    chutich,
) -> dict[str, Task]:
    directive = DirectiveFactory(number="18/CT-UBND", issued_on=date(2026, 9, 1))
    handed = (("hand_over", date(2026, 9, 3)),)
    accepted = (*handed, ("accept", date(2026, 9, 4)))

    def task(name: str, deadline: date | None, *steps: tuple, **kw) -> Task:
        kind = kw.pop("kind", Task.Kind.DEADLINE_REPORT)
        draft = TaskFactory(
            directive=directive,
            lead_agency=stc,
            tracking_officer=vp_chuyenvien,
            state=Task.State.DRAFT,
            kind=kind,
            deadline=deadline,
            content=f"Nhiệm vụ {name}",
            **kw,
        )
        return play(draft, *steps)

    tasks = {
        "done_on_time": task(
            "done_on_time",
            date(2026, 9, 30),
            *accepted,
            report(date(2026, 9, 20)),
            ("confirm", date(2026, 9, 22)),
        ),
        "done_late": task(
            "done_late",
            date(2026, 9, 30),
            *accepted,
            report(date(2026, 10, 5)),
            ("confirm", date(2026, 10, 6)),
        ),
        "awaiting": task(
            "awaiting", date(2026, 10, 30), *accepted, report(date(2026, 10, 20))
        ),
        "awaiting_late": task(
            "awaiting_late", date(2026, 10, 10), *accepted, report(date(2026, 10, 15))
        ),
        "not_started": task("not_started", date(2026, 12, 31), *handed),
        "not_started_overdue": task("not_started_overdue", date(2026, 10, 15), *handed),
        "extended": task(
            "extended",
            date(2026, 10, 15),
            *accepted,
            (
                "request_extension",
                date(2026, 10, 10),
                {"new_deadline": date(2026, 11, 30), "reason": "Chờ ý kiến Bộ."},
            ),
            ("approve_extension", date(2026, 10, 20), {"reason": "Đồng ý."}),
        ),
        "reopened": task(
            "reopened",
            date(2026, 11, 30),
            *accepted,
            report(date(2026, 10, 25)),
            ("confirm", date(2026, 10, 26)),
            ("reopen", date(2026, 11, 5), {"reason": "Số liệu chưa đúng."}),
        ),
        "cancelled": task(
            "cancelled",
            date(2026, 12, 31),
            *accepted,
            ("cancel", date(2026, 10, 1), {"reason": "Đã có văn bản thay thế."}),
        ),
        "parent": task("parent", date(2026, 12, 31), *accepted),
        "periodic_filed": task(
            "periodic_filed",
            None,
            *accepted,
            ("report", date(2026, 10, 3), {"text": "Quý III: đã triển khai."}),
            kind=Task.Kind.PERIODIC_REPORT,
            period=Task.Period.QUARTER,
        ),
        "periodic_missed": task(
            "periodic_missed", None, *accepted, kind=Task.Kind.NO_REPORT
        ),
        "draft": task("draft", date(2026, 12, 31)),
    }
    tasks["subtask"] = create_subtask(
        tasks["parent"],
        lead_agency=stc_unit,
        content="Nhiệm vụ subtask",
        deadline=date(2026, 11, 10),
        by=stc_lanhdao,
        at=datetime.combine(date(2026, 9, 10), time(9), tzinfo=HCM),
    )
    return tasks


def expected_at(index: int, *, subtasks: bool) -> dict[str, set[str]]:
    """status → names of the tasks in it on DAYS[index]."""
    found: dict[str, set[str]] = {s: set() for s in STATUSES}
    rows = dict(EXPECTED)
    if subtasks:
        rows["subtask"] = SUBTASK
    for name, statuses in rows.items():
        if statuses[index] is not None:
            found[statuses[index]].add(name)
    return found


def names(cast: dict[str, Task], ids: object) -> set[str]:
    by_id = {t.pk: n for n, t in cast.items()}
    return {by_id[i] for i in ids}


@pytest.mark.parametrize("index", range(len(DAYS)))
def test_every_surface_counts_the_same_tasks(
    index, cast, client, token_client, chutich, stc_chuyenvien, vp_lanhdao
):
    day = DAYS[index]
    counted = expected_at(index, subtasks=False)
    listed = expected_at(index, subtasks=True)
    api = token_client(chutich)
    client.force_login(chutich)
    with time_machine.travel(datetime.combine(day, time(10), tzinfo=HCM), tick=False):
        summary = api.get(
            "/api/v1/reports/summary", {**API_PERIOD, "as_of": day.isoformat()}
        ).json()
        cards = client.get(
            reverse("reports:dashboard"), {**PERIOD, "as_of": day.isoformat()}
        ).context["cards"]
        for status in STATUSES:
            # The counted list behind a report number, the API list, the summary.
            page = client.get(
                reverse("tasks:list"),
                {
                    "as_of": day.isoformat(),
                    "report_status": status,
                    "counted": "1",
                    "issued_from": "2026-07-01",
                    "issued_to": "2026-09-30",
                },
            ).context["page"]
            assert names(cast, (t.pk for t in page.object_list)) == counted[status]
            api_rows = api.get(
                "/api/v1/tasks",
                {"as_of": day.isoformat(), "report_status": status, "page_size": 100},
            ).json()["results"]
            assert names(cast, (r["id"] for r in api_rows)) == listed[status], status
            assert summary["totals"][status] == len(counted[status]), status
            card = next(c for c in cards if c["key"] == status)
            assert card["count"] == len(counted[status]), status
        # The rate: done on time over everything due by the day.
        rated = sum(len(counted[s]) for s in standing.RATED)
        rate = summary["totals"]["on_time_rate"]
        assert rate == (
            round(len(counted[R.DONE_ON_TIME]) / rated, 4) if rated else None
        )
        # Badges and the page's clocks say the same, task by task.
        rows = decorate(with_list_data(Task.objects.all(), day).order_by("pk"), day)
        for row in rows:
            name = names(cast, [row.pk]).pop()
            expected = (SUBTASK if name == "subtask" else EXPECTED[name])[index]
            assert row.report_status == expected, name
            assert row.dates.status == expected, name
        # The export of the list carries the same words.
        book = client.get(
            reverse("reports:task_list_xlsx"),
            {"as_of": day.isoformat(), "sort": "created"},
        )
        sheet = load_workbook(io.BytesIO(book.getvalue())).active
        values = list(sheet.iter_rows(values_only=True))
        header = next(i for i, r in enumerate(values) if r[0] in ("No.", "STT"))
        status_col = values[header].index("Tình trạng")
        words = {r[3]: r[status_col] for r in values[header + 1 :]}
        for name, statuses in {**EXPECTED, "subtask": SUBTASK}.items():
            status = statuses[index]
            task = cast[name]
            if task.state == Task.State.CANCELLED:
                continue
            assert words[task.content] == (str(R(status).label) if status else None), (
                name
            )


def test_queues_and_reminders_agree_with_the_status(
    cast, client, stc_chuyenvien, vp_lanhdao
):
    day = DAYS[2]  # Thursday 26/11/2026
    index = 2
    counted = expected_at(index, subtasks=False)
    with time_machine.travel(datetime.combine(day, time(10), tzinfo=HCM), tick=False):
        client.force_login(stc_chuyenvien)
        inbox = {
            key: {t.pk for t in rows}
            for key, rows, _n in client.get(reverse("tasks:inbox")).context["groups"]
        }
        client.force_login(vp_lanhdao)
        office = {
            key: {t.pk for t in rows}
            for key, rows, _n in client.get(reverse("tasks:my_work")).context["groups"]
        }
        run = send_reminders.call(day.isoformat())
    open_overdue = counted[R.OVERDUE] | counted[R.NOT_STARTED_OVERDUE]
    awaiting = counted[R.AWAITING_CONFIRMATION] | counted[R.AWAITING_CONFIRMATION_LATE]
    assert names(cast, inbox["overdue"]) == open_overdue
    assert names(cast, office["overdue"]) == open_overdue
    assert names(cast, inbox["awaiting_confirmation"]) == awaiting
    assert names(cast, office["to_check"]) == awaiting
    assert names(cast, inbox["due_soon"]) == {"extended", "reopened"}
    # Reminders: overdue to the open overdue tasks (the unit's too), due soon to
    # the two due on Monday 30/11, "not reported" only where nothing was filed.
    overdue_keys = Notification.objects.filter(key__contains=":overdue:")
    reminded = {
        int(k.split(":")[1]) for k in overdue_keys.values_list("key", flat=True)
    }
    assert names(cast, reminded) == open_overdue | {"subtask"}
    soon = Notification.objects.filter(key__contains=":before")
    reminded = {int(k.split(":")[1]) for k in soon.values_list("key", flat=True)}
    assert names(cast, reminded) == {"extended", "reopened"}
    late = Notification.objects.filter(key__startswith="late_report:")
    reminded = {int(k.split(":")[1]) for k in late.values_list("key", flat=True)}
    assert names(cast, reminded) == {"not_started_overdue", "subtask"}
    missed = Notification.objects.filter(key__contains=":period_missed:")
    reminded = {int(k.split(":")[1]) for k in missed.values_list("key", flat=True)}
    assert names(cast, reminded) == {"periodic_missed"}
    assert run["overdue"] == len(open_overdue) + 1


def test_periodic_updates_are_counted_alike_by_summary_and_usage(
    cast, token_client, chutich
):
    day = DAYS[1]
    summary = (
        token_client(chutich)
        .get("/api/v1/reports/summary", {**API_PERIOD, "as_of": day.isoformat()})
        .json()
    )
    # Q3 of both periodic tasks was due on 07/10: one filed on time, one missed.
    assert summary["totals"]["periodic_updates"] == {
        "due": 2,
        "on_time": 1,
        "late": 0,
        "missed": 1,
    }
    from chidao.reports.queries import usage

    rows, totals = usage(start=date(2026, 10, 1), end=date(2026, 12, 31), as_of=day)
    assert (totals.updates_due, totals.updates_on_time, totals.updates_missed) == (
        2,
        1,
        1,
    )
