"""POST /api/v1/imports/tasks: dry run, import, refused rows, roles; and the
as-of report telling an imported task done on its real date."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.directives.models import Directive
from chidao.imports.models import ColumnAlias, ImportRun
from chidao.tasks.models import Task

from .spreadsheets import ODD_HEADER, csv_file, legacy_file, odd_row, workbook

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
URL = "/api/v1/imports/tasks"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def frozen(db):
    with time_machine.travel(datetime(2025, 12, 1, 9, tzinfo=TZ), tick=False):
        yield


def upload(raw: bytes = b"", name: str = "theo-doi.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, raw or legacy_file(), content_type=XLSX)


def test_dry_run_answers_the_counts_and_stores_nothing(
    token_client, province, vp_chuyenvien
):
    response = token_client(vp_chuyenvien).post(
        URL, {"file": upload(), "dry_run": "true"}, format="multipart"
    )

    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("rows", "directives", "tasks", "errors")} == {
        "rows": 6,
        "directives": {"new": 3, "existing": 0},
        "tasks": {"new": 6, "skipped": 0},
        "errors": [],
    }
    assert not Directive.objects.exists()


def test_import_is_201_then_the_same_file_again_adds_nothing(
    token_client, province, vp_chuyenvien
):
    client = token_client(vp_chuyenvien)
    first = client.post(URL, {"file": upload(), "dry_run": "false"}, format="multipart")
    again = client.post(URL, {"file": upload(), "dry_run": "false"}, format="multipart")

    assert first.status_code == 201
    assert first.json()["tasks"] == {"new": 6, "skipped": 0}
    assert again.status_code == 201
    assert again.json()["directives"] == {"new": 0, "existing": 3}
    assert again.json()["tasks"] == {"new": 0, "skipped": 6}
    assert Task.objects.count() == 6


def test_a_refused_row_is_422_with_the_same_body_and_nothing_imported(
    token_client, province, vp_chuyenvien
):
    raw = workbook(
        {
            "2025": (
                ODD_HEADER,
                [
                    odd_row(
                        1, "Việc A", "Sở Tài chính", "7/UBND-KT", "02/01/2025", "V/v A"
                    ),
                    odd_row(2, "Việc B", "Sở Du lịch", "7/UBND-KT", "02/01/2025"),
                ],
            )
        }
    )

    response = token_client(vp_chuyenvien).post(
        URL, {"file": upload(raw), "dry_run": "false"}, format="multipart"
    )

    assert response.status_code == 422
    body = response.json()
    assert body["tasks"] == {"new": 1, "skipped": 0}
    assert body["errors"] == [
        {
            "row": 7,
            "column": "CO QUAN CHU TRI",
            "message": body["errors"][0]["message"],
            "sheet": "2025",
        }
    ]
    assert "Sở Du lịch" in body["errors"][0]["message"]
    assert not Directive.objects.exists()


def test_a_mapping_given_with_the_file_is_used(token_client, province, vp_chuyenvien):
    raw = csv_file(
        "So ky hieu,Ngay ban hanh,Trich yeu,Viec can lam,Don vi\n"
        "5/UBND-KT,02/01/2025,V/v A,Kiểm tra số liệu,Sở Tài chính\n"
    )

    response = token_client(vp_chuyenvien).post(
        URL,
        {
            "file": upload(raw, "a.csv"),
            "mapping": '{"Viec can lam": "content", "Don vi": "lead_agency"}',
        },
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["tasks"]["new"] == 1


def test_a_large_file_runs_in_the_background_with_progress(
    token_client, province, vp_chuyenvien, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 3
    client = token_client(vp_chuyenvien)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, {"file": upload(), "dry_run": "false"}, format="multipart"
        )

    assert response.status_code == 202
    # Tests run jobs at once: the job ran when the request committed.
    run = client.get(response.json()["url"]).json()
    assert run["status"] == ImportRun.Status.COMMITTED
    assert run["progress"] == {"done": 6, "total": 6}
    assert run["tasks"] == {"new": 6, "skipped": 0}


def test_an_imported_done_task_counts_done_on_its_real_date(
    token_client, province, vp_chuyenvien, chutich
):
    token_client(vp_chuyenvien).post(
        URL, {"file": upload(), "dry_run": "false"}, format="multipart"
    )
    reports = token_client(chutich)

    def totals(as_of: str) -> dict:
        return reports.get(
            "/api/v1/reports/summary",
            {"from": "2025-03-01", "to": "2025-03-31", "as_of": as_of},
        ).json()["totals"]

    # 672/QĐ-UBND (10/03/2025): done 15/05 (deadline 31/05), one in progress
    # due 30/06, one not started due 31/12.
    before = totals("2025-05-14")
    on_the_day = totals("2025-05-15")
    assert before["done_on_time"] == 0
    assert on_the_day["done_on_time"] == 1
    assert on_the_day["total"] == 3
    assert totals("2025-07-01")["overdue"] == 1


@pytest.mark.parametrize("who", ["stc_chuyenvien", "chutich", "admin_user"])
def test_only_the_office_imports(who, request, token_client, province):
    user = request.getfixturevalue(who)
    response = token_client(user).post(URL, {"file": upload()}, format="multipart")
    assert response.status_code == 403
    assert not ImportRun.objects.exists()


def test_a_file_that_is_no_task_list_is_a_clear_422(
    token_client, province, vp_chuyenvien
):
    client = token_client(vp_chuyenvien)
    response = client.post(
        URL, {"file": upload(b"not xlsx", "a.xlsx")}, format="multipart"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"]
    response = client.post(URL, {"file": upload(b"x", "a.pdf")}, format="multipart")
    assert response.status_code == 422


def test_the_run_of_another_is_visible_to_the_office_only(
    token_client, province, vp_chuyenvien, stc_chuyenvien
):
    token_client(vp_chuyenvien).post(URL, {"file": upload()}, format="multipart")
    run = ImportRun.objects.get()
    assert token_client(stc_chuyenvien).get(f"{URL}/{run.pk}").status_code == 403
    assert not ColumnAlias.objects.exists()
