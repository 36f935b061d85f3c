"""The dry run and the import of a legacy task list (services)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chidao.directives.models import Directive
from chidao.imports.legacy import read_workbook
from chidao.imports.rows import status_of
from chidao.imports.services import check, commit
from chidao.tasks import history
from chidao.tasks.models import Task, TaskEvent

from .spreadsheets import ODD_HEADER, csv_file, legacy_file, odd_row, workbook

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2025, 12, 1)
S = Task.State


@pytest.fixture(autouse=True)
def frozen(db):
    with time_machine.travel(datetime.combine(TODAY, time(9), tzinfo=TZ), tick=False):
        yield


def _run(raw: bytes, user, *, name: str = "theo-doi.xlsx", write: bool = False):
    plan = check(read_workbook(raw, name), by=user, today=TODAY)
    if write:
        plan = commit(
            plan,
            by=user,
            today=TODAY,
            now=datetime.combine(TODAY, time(9), tzinfo=TZ),
            file_name=name,
        )
    return plan


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Đã hoàn thành", S.CONFIRMED_DONE),
        ("Hoàn thành quá hạn", S.CONFIRMED_DONE),
        ("hoan thanh", S.CONFIRMED_DONE),
        ("Chưa hoàn thành", S.ACCEPTED),
        ("Đang thực hiện", S.ACCEPTED),
        ("Quá hạn", S.ACCEPTED),
        ("Chưa thực hiện", S.HANDED_OVER),
        ("Đã báo cáo hoàn thành, chờ xác nhận", S.REPORTED_DONE),
        ("Dừng thực hiện", S.CANCELLED),
        ("Sở đã trình dự thảo", None),
    ],
)
def test_status_words_map_to_workflow_states(text, state):
    assert status_of(text) == state


def test_dry_run_tells_what_would_be_created_and_writes_nothing(
    province, vp_chuyenvien
):
    plan = _run(legacy_file(), vp_chuyenvien)

    assert plan.counts() == {
        "rows": 6,
        "directives": {"new": 3, "existing": 0},
        "tasks": {"new": 6, "skipped": 0},
        "errors": [],
    }
    first = plan.directives[0]
    assert (first.number, first.issued_on) == ("672/QĐ-UBND", date(2025, 3, 10))
    assert [t.state for t in first.tasks] == [
        S.CONFIRMED_DONE,
        S.ACCEPTED,
        S.HANDED_OVER,
    ]
    # "Quý III/2025" and "tháng 6/2025" by the reader's deadline rules.
    assert plan.directives[1].tasks[0].deadline == date(2025, 9, 30)
    periodic, june = plan.directives[2].tasks
    assert (periodic.kind, periodic.period) == (Task.Kind.PERIODIC_REPORT, "quarter")
    assert june.deadline == date(2025, 6, 30)
    assert [a.code for a in june.cooperating_agencies] == ["STC"]
    assert not Directive.objects.exists()
    assert not Task.objects.exists()


def test_import_plays_each_task_history_on_its_real_dates(province, vp_chuyenvien):
    plan = _run(legacy_file(), vp_chuyenvien, write=True)

    assert plan.committed
    directive = Directive.objects.get(number="672/QĐ-UBND")
    assert directive.source == Directive.Source.IMPORT
    done = directive.tasks.get(content__startswith="Xây dựng kế hoạch")
    assert done.state == S.CONFIRMED_DONE
    assert done.completed_on == date(2025, 5, 15)
    assert done.confirmed_on == date(2025, 5, 15)
    assert done.handed_over_at.astimezone(TZ).date() == date(2025, 3, 10)
    assert list(done.events.values_list("action", flat=True)) == [
        "create",
        "hand_over",
        "accept",
        "report",
        "confirm",
        "comment",
    ]
    accepted = done.events.get(action="accept")
    assert accepted.actor.username == "stc.chuyenvien"
    assert "Công văn 45/STC" in done.events.get(action="comment").note
    assert [t.state for t in directive.tasks.order_by("id")] == [
        S.CONFIRMED_DONE,
        S.ACCEPTED,
        S.HANDED_OVER,
    ]
    # Every change wrote its history row, ranges without gap or overlap.
    assert history.check() == []
    # Nobody was told of tasks of the past.
    from chidao.notifications.models import Notification

    assert not Notification.objects.exists()


def test_reimporting_the_same_file_creates_nothing_new(province, vp_chuyenvien):
    _run(legacy_file(), vp_chuyenvien, write=True)
    events = TaskEvent.objects.count()

    plan = _run(legacy_file(), vp_chuyenvien, write=True)

    assert plan.counts()["directives"] == {"new": 0, "existing": 3}
    assert plan.counts()["tasks"] == {"new": 0, "skipped": 6}
    assert Task.objects.count() == 6
    assert TaskEvent.objects.count() == events


def test_new_tasks_of_a_known_directive_are_added_to_it(province, vp_chuyenvien):
    _run(legacy_file(), vp_chuyenvien, write=True)
    raw = workbook(
        {
            "Bổ sung": (
                ODD_HEADER,
                [
                    odd_row(
                        1,
                        "Xây dựng kế hoạch triển khai chuyển đổi số",
                        "Sở Tài chính",
                        "672/QĐ-UBND",
                        "10/03/2025",
                    ),
                    odd_row(
                        2,
                        "Đào tạo kỹ năng số cho công chức",
                        "Sở Nội vụ",
                        "672/QĐ-UBND",
                        "10/03/2025",
                        deadline="31/12/2025",
                    ),
                ],
            )
        }
    )

    plan = _run(raw, vp_chuyenvien, write=True)

    assert plan.counts()["directives"] == {"new": 0, "existing": 1}
    assert plan.counts()["tasks"] == {"new": 1, "skipped": 1}
    assert Directive.objects.get(number="672/QĐ-UBND").tasks.count() == 4


def test_every_refused_row_is_named_with_its_column_and_nothing_is_written(
    province, vp_chuyenvien
):
    raw = workbook(
        {
            "2025": (
                ODD_HEADER,
                [
                    odd_row(
                        1,
                        "Một nhiệm vụ đúng",
                        "Sở Tài chính",
                        "10/UBND-KT",
                        "02/01/2025",
                        "V/v một việc",
                        "31/03/2025",
                    ),
                    odd_row(
                        2,
                        "Cơ quan không có trong danh mục",
                        "Sở Xây dựng",
                        "10/UBND-KT",
                        "02/01/2025",
                    ),
                    odd_row(3, "Ngày sai", "Sở Tài chính", "11/UBND-KT", "31/02/2025"),
                    odd_row(
                        4,
                        "Hạn trước ngày ban hành",
                        "Sở Tài chính",
                        "10/UBND-KT",
                        "02/01/2025",
                        deadline="01/12/2024",
                    ),
                    odd_row(
                        5,
                        "Xong mà không có ngày",
                        "Sở Tài chính",
                        "10/UBND-KT",
                        "02/01/2025",
                        status="Đã hoàn thành",
                    ),
                    odd_row(
                        6,
                        "Xã chưa có tài khoản",
                        "UBND xã Mỹ Hòa",
                        "10/UBND-KT",
                        "02/01/2025",
                        status="Đang thực hiện",
                    ),
                    odd_row(7, "Số sai", "Sở Tài chính", "mười hai", "02/01/2025"),
                ],
            )
        }
    )

    plan = _run(raw, vp_chuyenvien, write=True)

    assert not plan.committed
    found = [(e.row, e.column) for e in plan.errors]
    assert found == [
        (7, "CO QUAN CHU TRI"),
        (8, "Ngay ban hanh"),
        (9, "Thoi han"),
        (10, "Ngay hoan thanh"),
        (11, "CO QUAN CHU TRI"),
        (12, "So, ky hieu van ban"),
    ]
    assert "Sở Xây dựng" in plan.errors[0].message
    assert not Directive.objects.exists()
    assert not Task.objects.exists()


def test_error_messages_are_in_vietnamese(province, vp_chuyenvien, settings):
    from django.utils import translation

    raw = csv_file(
        "Số ký hiệu,Ngày ban hành,Trích yếu,Nội dung nhiệm vụ,Cơ quan chủ trì\n"
        "5/UBND-KT,02/01/2025,V/v A,Việc A,Sở Xây dựng\n"
    )
    with translation.override("vi"):
        plan = _run(raw, vp_chuyenvien, name="a.csv")
    assert plan.errors[0].message == (
        "Không có cơ quan nào tên “Sở Xây dựng” trong danh mục cơ quan của ChiDao."
    )
