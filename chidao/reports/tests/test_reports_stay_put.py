"""A report as of a past day gives the same figures whenever it is run again
(issue 10): what happens later never changes what was true on that day."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

from chidao.tasks.models import Task
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory, play

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D1 = date(2026, 11, 2)  # tasks recorded and handed over
D2 = date(2026, 11, 30)  # the report the Office files
D3 = date(2026, 12, 10)  # later changes
URL = "/api/v1/reports/summary"
QUERY = {"from": "2026-10-01", "to": "2026-12-31", "group_by": "agency"}


def moment(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=HCM)


def test_summary_as_of_a_past_day_is_unchanged_by_later_steps(
    db,
    token_client,
    chutich,
    stc,
    snv,
    vp_chuyenvien,
    vp_lanhdao,
    stc_chuyenvien,
    snv_chuyenvien,
):
    directive = DirectiveFactory(number="21/CT-UBND", issued_on=date(2026, 10, 20))
    late_directive = DirectiveFactory(number="22/CT-UBND", issued_on=date(2026, 10, 26))

    def task(lead, deadline, directive=directive):  # noqa: ANN001, ANN202
        return TaskFactory(
            directive=directive,
            lead_agency=lead,
            tracking_officer=vp_chuyenvien,
            state=Task.State.DRAFT,
            deadline=deadline,
        )

    with time_machine.travel(moment(D1), tick=False):
        on_time = play(
            task(stc, date(2026, 11, 25)),
            ("hand_over", D1),
            ("accept", D1),
            ("report", D1, {"text": "Xong.", "done": True, "completed_on": D1}),
            ("confirm", D1),
        )
        extended = play(
            task(stc, date(2026, 11, 20)), ("hand_over", D1), ("accept", D1)
        )
        to_reopen = play(
            task(snv, date(2026, 11, 25)),
            ("hand_over", D1),
            ("accept", D1),
            ("report", D1, {"text": "Xong.", "done": True, "completed_on": D1}),
            ("confirm", D1),
        )
        to_cancel = play(
            task(snv, date(2026, 11, 10)), ("hand_over", D1), ("accept", D1)
        )
        to_confirm = play(
            task(stc, date(2026, 12, 31)),
            ("hand_over", D1),
            ("accept", D1),
            ("report", D1, {"text": "Xong.", "done": True, "completed_on": D1}),
        )
        # A directive whose task is still a draft on D2, handed over late on D3.
        late_handover = task(stc, date(2026, 12, 31), directive=late_directive)

    with time_machine.travel(moment(D2), tick=False):
        api = token_client(chutich)
        filed = api.get(URL, {**QUERY, "as_of": D2.isoformat()}).json()
    assert filed["totals"]["done_on_time"] == 2
    assert filed["totals"]["overdue"] == 2  # extended (20/11) and to_cancel (10/11)
    assert filed["totals"]["awaiting_confirmation"] == 1

    with time_machine.travel(moment(D3), tick=False):
        play(
            extended,
            (
                "request_extension",
                D3,
                {"new_deadline": date(2026, 12, 31), "reason": "Thêm thời gian."},
            ),
            ("approve_extension", D3, {"reason": "Đồng ý."}),
        )
        play(to_reopen, ("reopen", D3, {"reason": "Chưa đạt yêu cầu."}))
        play(to_cancel, ("cancel", D3, {"reason": "Không còn phù hợp."}))
        play(to_confirm, ("confirm", D3))
        play(late_handover, ("hand_over", D3))
        api = token_client(chutich)  # a token lasts one working day (SECURITY.md 21)
        again = api.get(URL, {**QUERY, "as_of": D2.isoformat()}).json()
        now = api.get(URL, {**QUERY, "as_of": D3.isoformat()}).json()

    # Printed again later, the filed report is the same, field by field.
    assert again == filed
    # As of D3 the changes show: the extension moved the deadline, the reopened
    # task is open past its deadline, the cancelled one is gone, one more is
    # done, and the late hand-over is counted.
    assert now["totals"]["total"] == filed["totals"]["total"] - 1 + 1
    assert now["totals"]["done_on_time"] == 2  # on_time, to_confirm
    assert now["totals"]["overdue"] == 1  # reopened
    assert now["totals"]["on_track"] == 1  # extended
    assert now["totals"]["not_started"] == 1  # the late hand-over
    assert now["totals"]["awaiting_confirmation"] == 0
    assert on_time.pk  # the one task nothing happened to


def test_the_office_timeliness_as_of_a_past_day_is_unchanged(
    db, chutich, vp_chuyenvien, stc, vp_lanhdao
):
    from chidao.reports.queries import handover_performance, handover_tasks

    directive = DirectiveFactory(number="23/CT-UBND", issued_on=date(2026, 11, 2))
    draft = TaskFactory(
        directive=directive, lead_agency=stc, tracking_officer=vp_chuyenvien
    )
    params = {"issued_from": date(2026, 10, 1), "issued_to": date(2026, 12, 31)}
    day = date(2026, 11, 20)  # the hand-over was due by 09/11

    def standing() -> dict:
        rows, totals = handover_performance(
            handover_tasks(chutich, params, as_of=day), as_of=day
        )
        return totals.as_dict()

    before = standing()
    assert before["pending_late"] == 1
    play(draft, ("hand_over", date(2026, 12, 1)))
    assert standing() == before
