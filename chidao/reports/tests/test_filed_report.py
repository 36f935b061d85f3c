"""The periodic report the Office files as is (issue 15): figures, sections,
layout; through LibreOffice to PDF when `soffice` is installed."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook

from chidao.reports import filing
from chidao.reports.filed_documents import to_docx, to_xlsx
from chidao.reports.periods import Period
from chidao.reports.queries import report_tasks, summary
from chidao.tasks import workflow
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import noon

from .conftest import TODAY

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
Q4 = Period.of("quarter", 2026, 4, as_of=TODAY)


@pytest.fixture
def report(province, chutich, settings) -> filing.FiledReport:
    settings.REPORT_SIGNER_NAME = "Nguyễn Văn An"
    settings.REPORT_SIGNER_TITLE = "Chánh Văn phòng"
    task = province.tasks["on_track"]
    workflow.perform(
        task,
        "report",
        by=task.lead_agency.users.first(),
        data={
            "text": "Đang khảo sát",
            "difficulties": "Thiếu kinh phí khảo sát",
            "proposals": "Đề nghị bổ sung dự toán",
        },
    )
    return filing.build(
        chutich,
        Q4,
        issued_on=TODAY,
        office_proposals="Giao Sở Tài chính tham mưu bố trí kinh phí.",
    )


def test_figures_come_from_the_report_queries(report, province, chutich):
    expected = summary(
        report_tasks(chutich, {"issued_from": Q4.start, "issued_to": Q4.end},
                     as_of=TODAY),
        as_of=TODAY,
        group_by="agency",
    )  # fmt: skip
    results = report.sections[0].tables[0]
    assert results.rows[0]["now"] == str(expected.totals.total)
    agencies = report.sections[1].tables[0]
    assert [r["name"] for r in agencies.rows] == [r.name for r in expected.rows]
    assert agencies.totals["overdue_open"] == expected.totals.overdue_open
    annex = report.annex.tables[0].rows
    assert len(annex) == expected.totals.overdue_open
    assert all(r["days_late"] > 0 for r in annex)
    assert annex == sorted(annex, key=lambda r: -r["days_late"])


def test_sections_carry_difficulties_and_the_offices_proposals(report, province):
    headings = [s.heading for s in report.sections]
    assert headings[0].startswith("I.") and headings[4].startswith("V.")
    (agency, items) = report.sections[3].entries[0]
    assert agency == province.stc.name
    assert [t for _label, t in items] == [
        "Thiếu kinh phí khảo sát",
        "Đề nghị bổ sung dự toán",
    ]
    assert report.sections[4].lines == ["Giao Sở Tài chính tham mưu bố trí kinh phí."]
    assert report.signer_name == "Nguyễn Văn An"


def test_previous_period_of_a_quarter_is_the_quarter_before():
    before = filing.previous_period(Q4)
    assert (before.start.isoformat(), before.end.isoformat()) == (
        "2026-07-01",
        "2026-09-30",
    )
    assert before.as_of.isoformat() == "2026-08-28"
    first = filing.previous_period(Period.of("quarter", 2026, 1, as_of=TODAY))
    assert (first.year, first.n) == (2025, 4)


def test_comparison_reads_the_previous_quarter_at_the_same_point(province, chutich):
    # conftest: one STC task of a directive of 15/09/2026 (quarter III). On
    # 28/08, the same day of quarter III as 28/11 is of quarter IV, it did
    # not exist; read as of 30/11 against the quarter ending 30/09, it does.
    report = filing.build(chutich, Q4, issued_on=TODAY)
    assert report.sections[0].tables[0].rows[0]["before"] == "0"
    late = Period.of("quarter", 2026, 4, as_of=TODAY.replace(day=30))
    report = filing.build(chutich, late, issued_on=TODAY)
    assert filing.previous_period(late).as_of.isoformat() == "2026-08-30"


def test_docx_is_portrait_and_every_table_fits_the_text_width(report):
    document = Document(io.BytesIO(to_docx(report)))
    assert len(document.sections) == 2  # the report, then its annex
    widths = set()
    for section in document.sections:
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert round(section.page_width.mm) == 210
        widths.add(section.page_width - section.left_margin - section.right_margin)
    text_width = min(widths) // 635  # EMU → twips
    for table in document.tables:
        total = sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid)
        assert total <= text_width
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    body = "\n".join(p.text for p in document.paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "\n".join(
        c.text for c in document.tables[0].rows[0].cells
    )
    assert "Quý IV năm 2026" in body
    assert "Nguyễn Văn An" in document.tables[-2].rows[0].cells[1].text
    assert "Nơi nhận" in document.tables[-2].rows[0].cells[0].text


def test_xlsx_has_a_sheet_per_section_with_the_agency_header(report):
    book = load_workbook(io.BytesIO(to_xlsx(report)))
    assert len(book.sheetnames) == 6
    for sheet in book.worksheets:
        assert sheet["B1"].value is None
        assert sheet["A2"].value == report.office.upper()
        assert report.office.startswith("Văn phòng Ủy ban")
        assert "Quý IV năm 2026" in sheet["A3"].value
    annex = book.worksheets[-1]
    values = [row for row in annex.iter_rows(values_only=True) if row and row[0]]
    numbered = [r for r in values if isinstance(r[0], int)]
    assert len(numbered) == len(report.annex.tables[0].rows)


def _pdf_pages(pdf: Path) -> list[dict]:
    """Page sizes and the right edge of the text on each page (pdftotext -bbox)."""
    html = subprocess.run(  # noqa: S603
        ["pdftotext", "-bbox", str(pdf), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = []
    for page in re.findall(r"<page (.*?)>(.*?)</page>", html, re.S):
        attrs, body = page
        width = float(re.search(r'width="([\d.]+)"', attrs).group(1))
        height = float(re.search(r'height="([\d.]+)"', attrs).group(1))
        right = [float(x) for x in re.findall(r'xMax="([\d.]+)"', body)]
        pages.append({"width": width, "height": height, "right": max(right or [0])})
    return pages


@pytest.mark.skipif(
    not shutil.which("soffice") or not shutil.which("pdftotext"),
    reason="LibreOffice (soffice) or poppler-utils (pdftotext) is not installed: "
    "apt-get install libreoffice-writer-nogui poppler-utils",
)
def test_libreoffice_opens_it_as_a_portrait_a4_document(report, tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(to_docx(report))
    subprocess.run(  # noqa: S603
        [  # noqa: S607
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    pages = _pdf_pages(tmp_path / "report.pdf")
    # The report fits on a few pages, the annex starts on a page of its own;
    # no blank page at the end.
    assert 2 <= len(pages) <= 5
    mm = 72 / 25.4
    for page in pages:
        assert page["width"] < page["height"]  # portrait
        assert round(page["width"] / mm) == 210
        # Nothing is drawn past the right margin (15 mm) — a table wider
        # than the text would be.
        assert page["right"] <= page["width"] - 15 * mm + 2
    assert all(page["right"] > 0 for page in pages)
    if os.environ.get("CHIDAO_SCREENSHOTS") and shutil.which("pdftoppm"):
        # docs/screenshots/periodic-docx-1.png, -2.png, ... for the README.
        for old in SCREENSHOTS.glob("periodic-docx-*.png"):
            old.unlink()
        subprocess.run(  # noqa: S603
            ["pdftoppm", "-png", "-r", "60", str(tmp_path / "report.pdf"),  # noqa: S607
             str(SCREENSHOTS / "periodic-docx")],
            check=True,
        )  # fmt: skip


def test_cancelled_tasks_stay_out_of_the_annex(report, province):
    cancelled = Task.objects.filter(state=Task.State.CANCELLED).values_list(
        "content", flat=True
    )
    contents = {r["content"] for r in report.annex.tables[0].rows}
    assert not contents & set(cancelled)


def test_a_long_annex_lists_the_longest_overdue_and_says_so(
    province, chutich, monkeypatch
):
    monkeypatch.setattr(filing, "XLSX_ANNEX_LIMIT", 1)
    monkeypatch.setattr("chidao.reports.filed_documents.ANNEX_LIMIT", 1)
    report = filing.build(chutich, Q4, issued_on=TODAY)
    assert report.annex.total == 2
    assert len(report.annex.tables[0].rows) == 1
    document = Document(io.BytesIO(to_docx(report)))
    assert len(document.tables[-1].rows) == 2  # header and the longest overdue
    said = "\n".join(p.text for p in document.paragraphs)
    assert "nhiệm vụ quá hạn lâu nhất" in said
    annex = load_workbook(io.BytesIO(to_xlsx(report))).worksheets[-1]
    assert any(
        "nhiệm vụ quá hạn lâu nhất" in str(r[0])
        for r in annex.iter_rows(values_only=True)
        if r
    )


def test_a_task_done_wrongly_is_counted_with_the_reopenings(
    province, chutich, vp_lanhdao
):
    task = province.tasks["on_time"]
    workflow.perform(
        task,
        "reopen",
        by=vp_lanhdao,
        data={"reason": "Chưa đúng yêu cầu", "done_wrongly": True},
    )
    rows = filing.build(chutich, Q4, issued_on=TODAY).sections[0].tables[0].rows
    by_name = {r["name"]: r["now"] for r in rows}
    assert by_name["Mở lại sau khi báo cáo hoàn thành"] == "1"
    assert by_name["trong đó do thực hiện không đúng (Điều 10.4)"] == "1"


def test_the_leaders_directions_of_the_period_are_in_section_iv(
    province, chutich
) -> None:
    task = province.tasks["on_track"]
    workflow.perform(
        task,
        "direct",
        by=chutich,
        at=noon(TODAY),
        data={"text": "Hoàn thành trước Tết Nguyên đán."},
    )
    report = filing.build(chutich, Q4, issued_on=TODAY)
    groups = dict(report.sections[3].entries)
    ((who, text),) = groups["Ý kiến chỉ đạo của lãnh đạo"]
    assert text == "Hoàn thành trước Tết Nguyên đán."
    assert chutich.get_full_name() in who
    assert task.directive.number in who
