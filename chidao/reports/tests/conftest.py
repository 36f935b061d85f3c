"""A small province with every report status, for the report tests.

Today is 28/11/2026; the period is quarter IV of 2026. Expected numbers:

STC leads (directive issued 05/10/2026, leader chutich, sector "Tài chính"):
  done on time, done late, overdue, on track, ongoing without deadline;
  plus a draft, a cancelled task and a sub-task to its unit (none counted).
SNV leads (directive issued 02/11/2026, no leader, no sector):
  done without deadline, overdue (STC cooperates on the latter).
A directive of 15/09/2026 (quarter III) has one more STC task: outside Q4.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chidao.accounts.models import User
from chidao.agencies.models import Agency
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import DirectiveFactory, SectorFactory, TaskFactory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 11, 28)
Q4 = {"from": "2026-10-01", "to": "2026-12-31"}
S = Task.State


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


@pytest.fixture
def today(db: None) -> date:
    with time_machine.travel(at(TODAY, 10), tick=False):
        yield TODAY


@dataclass
class Province:
    stc: Agency
    snv: Agency
    stc_unit: Agency
    chutich: User
    officer: User
    tasks: dict[str, Task]


@pytest.fixture
def province(
    today: date,
    stc: Agency,
    snv: Agency,
    stc_unit: Agency,
    vp: Agency,
    chutich: User,
    vp_chuyenvien: User,
) -> Province:
    finance = SectorFactory(code="tai-chinh", name="Tài chính")
    # Issued 05/10/2026 (Monday): hand-over due 5 working days later, 12/10.
    d1 = DirectiveFactory(
        number="101/UBND-KT", issued_on=date(2026, 10, 5), directing_leader=chutich
    )
    d2 = DirectiveFactory(number="202/UBND-VX", issued_on=date(2026, 11, 2))
    d_old = DirectiveFactory(number="55/UBND-KT", issued_on=date(2026, 9, 15))

    def task(directive, lead, state=S.ACCEPTED, **kw):  # noqa: ANN001, ANN202
        kw.setdefault("tracking_officer", vp_chuyenvien)
        if directive is d1:
            kw.setdefault("sector", finance)
        if state != S.DRAFT:
            kw.setdefault("handed_over_at", at(directive.issued_on.replace(day=8)))
        return TaskFactory(directive=directive, lead_agency=lead, state=state, **kw)

    deadline = date(2026, 11, 10)
    tasks = {
        "on_time": task(
            d1,
            stc,
            S.CONFIRMED_DONE,
            deadline=deadline,
            completed_on=date(2026, 11, 8),
            confirmed_on=date(2026, 11, 9),
        ),
        "late": task(
            d1,
            stc,
            S.CONFIRMED_DONE,
            deadline=deadline,
            completed_on=date(2026, 11, 15),
            confirmed_on=date(2026, 11, 16),
            handed_over_at=at(date(2026, 10, 20)),  # after the 12/10 limit
        ),
        "overdue": task(d1, stc, deadline=date(2026, 11, 20)),
        "on_track": task(d1, stc, deadline=date(2026, 12, 20)),
        "ongoing": task(
            d1, stc, kind=Task.Kind.PERIODIC_REPORT, period=Task.Period.QUARTER
        ),
        "draft": task(d1, stc, S.DRAFT, deadline=date(2026, 12, 1)),
        "cancelled": task(d1, stc, S.CANCELLED, deadline=date(2026, 12, 1)),
        "snv_done": task(
            d2,
            snv,
            S.CONFIRMED_DONE,
            kind=Task.Kind.NO_REPORT,
            completed_on=date(2026, 11, 20),
            confirmed_on=date(2026, 11, 21),
        ),
        "snv_overdue": task(
            d2, snv, deadline=date(2026, 11, 25), cooperating_agencies=[stc]
        ),
        "old": task(d_old, stc, deadline=date(2026, 10, 1)),
    }
    tasks["sub"] = task(
        d1,
        stc_unit,
        S.HANDED_OVER,
        parent=tasks["overdue"],
        deadline=date(2026, 11, 18),
    )
    return Province(stc, snv, stc_unit, chutich, vp_chuyenvien, tasks)
