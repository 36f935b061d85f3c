"""A small province with every report status, for the report tests.

Today is 28/11/2026; the period is quarter IV of 2026. Expected numbers:

STC leads (directive issued 05/10/2026, leader chutich, sector "Tài chính"):
  done on time, done late, overdue, on track, ongoing without deadline;
  plus a draft, a cancelled task and a sub-task to its unit (none counted).
Every task but the draft is handed over on the 8th of its directive's month
(the late one on 20/10) and accepted the next day; its history is played
through the state machine, so "as of" any day reads what was true then.
SNV leads (directive issued 02/11/2026, no leader, no sector):
  done without deadline, overdue (STC cooperates on the latter).
A directive of 15/09/2026 (quarter III) has one more STC task: outside Q4.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chidao.accounts.models import User
from chidao.agencies.models import Agency
from chidao.tasks.models import Task
from chidao.tasks.services import create_subtask
from chidao.tasks.tests.factories import (
    DirectiveFactory,
    SectorFactory,
    TaskFactory,
    play,
)

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
    vp_lanhdao: User,
    stc_chuyenvien: User,
    stc_lanhdao: User,
    snv_chuyenvien: User,
) -> Province:
    stc_lead = stc_lanhdao
    finance = SectorFactory(code="tai-chinh", name="Tài chính")
    # Issued 05/10/2026 (Monday): hand-over due 5 working days later, 12/10.
    d1 = DirectiveFactory(
        number="101/UBND-KT", issued_on=date(2026, 10, 5), directing_leader=chutich
    )
    d2 = DirectiveFactory(number="202/UBND-VX", issued_on=date(2026, 11, 2))
    d_old = DirectiveFactory(number="55/UBND-KT", issued_on=date(2026, 9, 15))

    def task(directive, lead, *steps, **kw):  # noqa: ANN001, ANN002, ANN202
        """A draft of `directive`, then its history played step by step."""
        kw.setdefault("tracking_officer", vp_chuyenvien)
        kw.setdefault("deadline", None if kw.get("kind") else date(2026, 12, 1))
        if directive is d1:
            kw.setdefault("sector", finance)
        draft = TaskFactory(directive=directive, lead_agency=lead, state=S.DRAFT, **kw)
        return play(draft, *steps)

    def handed(directive, day=8):  # noqa: ANN001, ANN202
        on = directive.issued_on.replace(day=day)
        return ("hand_over", on), ("accept", on + timedelta(days=1))

    def done(completed, confirmed):  # noqa: ANN001, ANN202
        report = {"text": "Đã hoàn thành.", "done": True, "completed_on": completed}
        return ("report", completed, report), ("confirm", confirmed)

    deadline = date(2026, 11, 10)
    tasks = {
        "on_time": task(
            d1,
            stc,
            *handed(d1),
            *done(date(2026, 11, 8), date(2026, 11, 9)),
            deadline=deadline,
        ),
        "late": task(
            d1,
            stc,
            *handed(d1, day=20),  # after the 12/10 limit
            *done(date(2026, 11, 15), date(2026, 11, 16)),
            deadline=deadline,
        ),
        "overdue": task(d1, stc, *handed(d1), deadline=date(2026, 11, 20)),
        "on_track": task(d1, stc, *handed(d1), deadline=date(2026, 12, 20)),
        "ongoing": task(
            d1,
            stc,
            *handed(d1),
            kind=Task.Kind.PERIODIC_REPORT,
            period=Task.Period.QUARTER,
        ),
        "draft": task(d1, stc),
        "cancelled": task(
            d1,
            stc,
            *handed(d1),
            ("cancel", date(2026, 10, 15), {"reason": "Đã có văn bản thay thế."}),
        ),
        "snv_done": task(
            d2,
            snv,
            *handed(d2),
            *done(date(2026, 11, 20), date(2026, 11, 21)),
            kind=Task.Kind.NO_REPORT,
        ),
        "snv_overdue": task(
            d2,
            snv,
            *handed(d2),
            deadline=date(2026, 11, 25),
            cooperating_agencies=[stc],
        ),
        "old": task(d_old, stc, *handed(d_old, day=16), deadline=date(2026, 10, 1)),
    }
    tasks["sub"] = create_subtask(
        tasks["overdue"],
        lead_agency=stc_unit,
        content="Tổng hợp số liệu của đơn vị",
        deadline=date(2026, 11, 18),
        by=stc_lead,
        at=at(date(2026, 10, 10)),
    )
    return Province(stc, snv, stc_unit, chutich, vp_chuyenvien, tasks)
