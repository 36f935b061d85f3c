"""Each pass of the reader on its own: header lines, items, clauses, groups."""

from datetime import date

from chidao.reader.assignments import Outline, heading_agencies
from chidao.reader.clauses import ClauseContext, analyse_clause, clause_pieces
from chidao.reader.grouping import group_clauses
from chidao.reader.header import (
    CLASSIFIERS,
    NEXT,
    STOP,
    TAKEN,
    Header,
    HeaderScan,
    _header_line,
)
from chidao.reader.reporting import must_report
from chidao.reader.text import make_view, segment, split_lines

PROVINCE = ClauseContext.of(
    Header(
        issued_on=date(2024, 5, 2),
        issuing_body="Ủy ban nhân dân tỉnh Lào Cai",
        level="province",
    )
)


def classify(text: str, scan: HeaderScan | None = None) -> tuple[str, str]:
    """(name of the classifier that took the line, its verdict)."""
    lines = split_lines(text)
    scan = scan or HeaderScan(Header(), lines)
    ln = _header_line(0, lines[0])
    for classifier in CLASSIFIERS:
        step = classifier(scan, ln)
        if step != NEXT:
            return classifier.__name__, step
    return "", NEXT


def test_header_lines_go_to_their_classifier():
    assert classify("Số: 12/UBND-TH") == ("_number_or_date", TAKEN)
    assert classify("Lào Cai, ngày 1 tháng 2 năm 2024") == ("_number_or_date", TAKEN)
    assert classify("Kính gửi: Sở Tài chính") == ("_addressee_opening", TAKEN)
    assert classify("THỦ TƯỚNG CHÍNH PHỦ điện:") == ("_addressee_opening", TAKEN)
    assert classify("HỎA TỐC") == ("_stamp", TAKEN)
    assert classify("CÔNG ĐIỆN") == ("_kind_line", TAKEN)
    words = " ".join(["Thực hiện chỉ đạo của Thủ tướng Chính phủ về việc"] * 2)
    assert classify(words) == ("_pasted_body", STOP)


def test_an_addressee_list_ends_at_the_body():
    lines = split_lines("x")
    scan = HeaderScan(Header(), lines, state="addressees", addressees=["Sở Y tế;"])
    assert classify("- Sở Xây dựng.", scan) == ("_addressee_item", TAKEN)
    assert scan.addressees == ["Sở Y tế;", "Sở Xây dựng."]
    assert classify("Thực hiện Chỉ thị số 13/CT-TTg, ...", scan)[1] == STOP


def test_clause_pieces_keep_a_subject_list_with_semicolons_whole():
    text = "Các sở, ban, ngành; UBND các xã, phường thực hiện A; báo cáo B."
    pieces = clause_pieces(text, 0, len(text))
    assert [text[a:b] for a, b in pieces] == [
        "Các sở, ban, ngành; UBND các xã, phường thực hiện A;",
        "báo cáo B.",
    ]


def test_analyse_clause_reads_subject_cooperation_and_deadline():
    view = make_view(
        "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát, "
        "trước ngày 30/6/2024."
    )
    c = analyse_clause(view, 0, len(view.text), PROVINCE)
    assert [m.name for m in c.subject] == ["Sở Tài chính"]
    assert [m.name for m in c.cooperating] == ["Sở Xây dựng"]
    assert c.deadline.on == date(2024, 6, 30) and c.strong and not c.excluded


def test_analyse_clause_excludes_what_the_rules_exclude():
    for text, reason in [
        ("Trường hợp có khó khăn, vướng mắc, báo cáo UBND tỉnh.", "conditional"),
        ("Đồng ý chủ trương đầu tư dự án.", "approval"),
        ("Chủ tịch UBND tỉnh yêu cầu tạm dừng.", "issuer"),
        ("Người dân chủ động phòng tránh.", "public"),
    ]:
        view = make_view(text)
        assert analyse_clause(view, 0, len(view.text), PROVINCE).excluded == reason


def test_grouping_splits_where_the_lead_changes():
    text = "Sở Y tế kiểm tra A; Sở Xây dựng rà soát B; báo cáo trước ngày 5/6/2024."
    view = make_view(text)
    clauses = [
        analyse_clause(view, a, b, PROVINCE)
        for a, b in clause_pieces(view.text, 0, len(view.text))
    ]
    groups = group_clauses(view.text, clauses)
    assert [[m.name for m in g[0].subject] for g in groups] == [
        ["Sở Y tế"],
        ["Sở Xây dựng"],
    ]
    assert len(groups[1]) == 2  # the report goes with the lead before it


def test_must_report_tells_a_report_from_a_cited_one():
    def reported(text: str) -> bool:
        view = make_view(text)
        clauses = [
            analyse_clause(view, a, b, PROVINCE)
            for a, b in clause_pieces(view.text, 0, len(view.text))
        ]
        return must_report(view, clauses)

    assert reported("Sở Y tế kiểm tra, báo cáo UBND tỉnh.")
    assert not reported("Sở Y tế thực hiện theo Báo cáo số 12/BC-SYT.")
    assert not reported("Sở Y tế xử lý hoặc kiến nghị xử lý vi phạm.")


def test_outline_places_items_and_passes_the_heading_lead_down():
    text = "1. Sở Công Thương\na) Kiểm tra.\nb) Rà soát.\n2. Sở Y tế\na) Khám.\n"
    outline = Outline()
    leads = []
    for block in segment(text, 0, len(text)):
        frame = outline.place(block)
        if block.kind == "num":
            frame.lead = heading_agencies(block.text)
        else:
            leads.append(outline.heading_lead(frame)[0])
    assert [[m.name for m in lead] for lead in leads] == [
        ["Sở Công Thương"],
        ["Sở Công Thương"],
        ["Sở Y tế"],
    ]


def test_heading_agencies_read_responsibility_headings():
    assert [m.name for m in heading_agencies("Trách nhiệm của UBND các xã")] == [
        "UBND các xã"
    ]
    assert heading_agencies("Tổ chức tuyên truyền rộng rãi") is None
