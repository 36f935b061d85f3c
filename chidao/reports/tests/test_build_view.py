"""The filed periodic report built in a job, with progress and its files."""

from __future__ import annotations

import io

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from chidao.reports import builds
from chidao.reports.models import ReportBuild
from chidao.reports.periods import Period

from .conftest import TODAY

QUERY = "period=q4&year=2026&as_of=2026-11-28"


def _post(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("reports:periodic_build"), data)


def test_office_builds_the_report_with_its_proposals(
    client, province, vp_lanhdao, django_capture_on_commit_callbacks
):
    client.force_login(vp_lanhdao)
    page = client.get(reverse("reports:periodic") + "?" + QUERY)
    assert "Lập báo cáo để trình" in page.content.decode()
    response = _post(
        client,
        django_capture_on_commit_callbacks,
        query=QUERY,
        office_proposals="Kiến nghị UBND tỉnh chỉ đạo các sở đẩy nhanh tiến độ.",
    )
    build = ReportBuild.objects.get()
    assert response.status_code == 302
    assert response["Location"] == build.get_absolute_url()
    assert build.status == ReportBuild.Status.READY
    assert (build.period_start.isoformat(), build.period_end.isoformat()) == (
        "2026-10-01",
        "2026-12-31",
    )
    detail = client.get(build.get_absolute_url()).content.decode()
    assert reverse("reports:build_download", args=[build.pk, "docx"]) in detail
    docx = client.get(reverse("reports:build_download", args=[build.pk, "docx"]))
    assert docx["Content-Disposition"].startswith("attachment;")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Kiến nghị UBND tỉnh chỉ đạo các sở đẩy nhanh tiến độ." in text
    xlsx = client.get(reverse("reports:build_download", args=[build.pk, "xlsx"]))
    assert len(load_workbook(io.BytesIO(xlsx.content)).sheetnames) == 6


def test_progress_is_polled_while_the_job_works_then_the_page_opens(
    client, today, vp_lanhdao
):
    client.force_login(vp_lanhdao)
    build = builds.start(Period.of("quarter", 2026, 4, as_of=TODAY), by=vp_lanhdao)
    url = reverse("reports:build_progress", args=[build.pk])
    busy = client.get(url)
    assert busy.status_code == 200
    assert 'hx-trigger="every 1s"' in busy.content.decode()
    page = client.get(build.get_absolute_url()).content.decode()
    assert "<progress" in page
    builds.run(build)
    done = client.get(url)
    assert done.status_code == 204
    assert done["HX-Redirect"] == build.get_absolute_url()


def test_a_leader_does_not_see_the_offices_builds_and_agencies_are_refused(
    client, today, vp_lanhdao, chutich, stc_lanhdao
):
    build = builds.start(Period.of("quarter", 2026, 4, as_of=TODAY), by=vp_lanhdao)
    builds.run(build)
    client.force_login(chutich)
    assert client.get(build.get_absolute_url()).status_code == 404
    # Section V is the Office's: a leader downloads the report as it stands.
    build_url = reverse("reports:periodic_build")
    assert client.post(build_url, {"query": QUERY}).status_code == 403
    page = client.get(reverse("reports:periodic") + "?" + QUERY).content.decode()
    assert reverse("reports:periodic_download", args=["docx"]) in page
    assert build_url not in page
    download = reverse("reports:build_download", args=[build.pk, "docx"])
    assert client.get(download).status_code == 404
    client.force_login(stc_lanhdao)
    assert client.get(build.get_absolute_url()).status_code == 403
    assert (
        client.post(reverse("reports:periodic_build"), {"query": QUERY}).status_code
        == 403
    )


def test_bad_period_is_422_and_nothing_is_queued(client, today, vp_lanhdao):
    client.force_login(vp_lanhdao)
    response = client.post(
        reverse("reports:periodic_build"), {"query": "period=range&from=x"}
    )
    assert response.status_code == 422
    assert not ReportBuild.objects.exists()


def test_a_failed_build_says_so(client, today, vp_lanhdao, monkeypatch):
    build = builds.start(Period.of("quarter", 2026, 4, as_of=TODAY), by=vp_lanhdao)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("chidao.reports.filing.build", broken)
    builds.run(build)
    assert build.status == ReportBuild.Status.FAILED
    client.force_login(vp_lanhdao)
    page = client.get(build.get_absolute_url()).content.decode()
    assert 'role="alert"' in page
