"""Rules for Công điện, Kế hoạch, Thông báo kết luận and converted copies (issue 17).

Each rule is checked on a text written for it, not on a corpus document: a
rule must read a general pattern of the annotation rules.
"""

from datetime import date

import pytest

from chidao.reader.agencies import parse_agency_text
from chidao.reader.deadlines import Reference, find_deadline, find_period
from chidao.reader.header import parse_header
from chidao.reader.reader import read_directive
from chidao.reader.text import segment

REF = Reference(date(2024, 9, 10))

TELEGRAM = """**ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI**

Số: 12/CĐ-UBND

*Quảng Ngãi, ngày 10 tháng 9 năm 2024*

# CÔNG ĐIỆN

## Về việc chủ động ứng phó với bão

**CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:**

- Giám đốc các Sở: Công Thương, Xây dựng;
- Chủ tịch UBND các huyện, thị xã, thành phố.

Để chủ động ứng phó với bão[^1], Chủ tịch UBND tỉnh yêu cầu:

**1. Chủ tịch UBND các huyện, thị xã, thành phố:**

*a)* Hướng dẫn tàu thuyền vào nơi tránh trú an toàn, hoàn thành trước 16 giờ
ngày 11/9/2024.

b) Rà soát, sơ tán người dân ra khỏi khu vực nguy hiểm; báo cáo kết quả ngay
trong ngày về Sở Công Thương.

**2. Sở Công Thương** chủ trì, phối hợp với Sở Xây dựng bảo đảm an toàn hệ thống điện.

[^1]: Bão số 3.
"""


def tasks(text: str) -> list[dict]:
    return read_directive(text, refuse_classified=False).to_json()["tasks"]


def test_markdown_copy_of_a_telegram_is_read_like_the_document():
    proposal = read_directive(TELEGRAM)
    d = proposal.directive
    assert (d.kind, d.number, d.issued_on) == (
        "cong_dien",
        "12/CĐ-UBND",
        date(2024, 9, 10),
    )
    assert d.summary == "Về việc chủ động ứng phó với bão"
    assert d.addressees[1] == "Chủ tịch UBND các huyện, thị xã, thành phố"
    found = proposal.to_json()["tasks"]
    assert [t["lead_agencies"] for t in found] == [
        ["UBND các huyện, thị xã, thành phố"],
        ["UBND các huyện, thị xã, thành phố"],
        ["Sở Công Thương"],
    ]
    assert found[0]["deadline"] == "2024-09-11"  # "trước 16 giờ ngày 11/9/2024"
    assert found[1]["deadline"] == "2024-09-10"  # "ngay trong ngày": the issue date
    assert found[2]["cooperating_agencies"] == ["Sở Xây dựng"]
    for t, task in zip(found, proposal.tasks, strict=True):
        assert TELEGRAM[task.span_start : task.span_end] == t["source_span"]
    assert "Bão số 3" not in found[-1]["source_span"]  # the footnote is no text


def test_recipients_of_a_telegram_on_one_line_and_its_sender_without_a_header():
    h = parse_header(
        "Thủ tướng Chính phủ điện: Bộ trưởng các Bộ; Chủ tịch Ủy ban nhân dân "
        "các tỉnh, thành phố trực thuộc Trung ương.\n"
        "Để chủ động ứng phó với bão, Thủ tướng Chính phủ yêu cầu:\n"
    )
    assert h.kind == "cong_dien"
    assert h.issuing_body == "Thủ tướng Chính phủ"
    assert h.addressees_text == [
        "Bộ trưởng các Bộ",
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
    ]


def test_party_secretary_and_chairman_are_joint_leads():
    body = (
        "THỦ TƯỚNG CHÍNH PHỦ\nSố: 70/CĐ-TTg\nHà Nội, ngày 21 tháng 7 năm 2024\n"
        "CÔNG ĐIỆN\nVề việc ứng phó bão\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n"
        "- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: Quảng Ninh, Hải Phòng;\n"
        "- Bộ trưởng các Bộ: Quốc phòng, Công an.\n"
        "Thủ tướng Chính phủ yêu cầu:\n"
        "1. Đồng chí Bí thư Tỉnh ủy, Thành ủy, Chủ tịch Ủy ban nhân dân các tỉnh, "
        "thành phố nêu trên dự, chỉ đạo công tác ứng phó tại địa bàn.\n"
    )
    assert tasks(body)[0]["lead_agencies"] == [
        "Tỉnh ủy",
        "Thành ủy",
        "Ủy ban nhân dân các tỉnh, thành phố nêu trên",
    ]


def test_a_title_before_a_title_is_still_a_title():
    assert [m.name for m in parse_agency_text("Đồng chí Bí thư Tỉnh ủy Bến Tre")] == [
        "Tỉnh ủy Bến Tre"
    ]


def test_a_steering_board_keeps_its_whole_name_before_the_action():
    text = (
        "Ban Chỉ đạo Trung ương về các vấn đề cấp bách trong bảo vệ và phòng "
        "cháy chữa cháy rừng khẩn trương tổ chức đoàn công tác."
    )
    body = "Số: 1/CĐ-TTg\nHà Nội, ngày 5 tháng 3 năm 2024\nThủ tướng yêu cầu:\n" + text
    found = tasks(body)
    assert found[0]["lead_agencies"] == [
        "Ban Chỉ đạo Trung ương về các vấn đề cấp bách trong bảo vệ và phòng "
        "cháy chữa cháy rừng"
    ]


def test_the_aims_of_a_plan_are_not_tasks_and_the_issuer_presenting_it_is_no_lead():
    body = (
        "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nSố: 15/KH-UBND\n"
        "Lai Châu, ngày 25 tháng 4 năm 2024\nKẾ HOẠCH\nThực hiện Chương trình OCOP\n"
        "Ủy ban nhân tỉnh Lai Châu ban hành Kế hoạch với những nội dung sau:\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Tăng cường công tác tuyên truyền.\n"
        "2. Yêu cầu\n- Đào tạo, nâng cao trình độ cán bộ.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Sở Nông nghiệp và Môi trường\n"
        "- Chủ trì hướng dẫn các xã đánh giá sản phẩm, hoàn thành trong quý III/2024.\n"
    )
    proposal = read_directive(body)
    assert (proposal.directive.kind, proposal.directive.kind_label) == (
        "ke_hoach",
        "Kế hoạch",
    )
    found = proposal.to_json()["tasks"]
    assert [t["lead_agencies"] for t in found] == [["Sở Nông nghiệp và Môi trường"]]
    assert found[0]["deadline"] == "2024-09-30"


@pytest.mark.parametrize(
    ("text", "on", "period"),
    [
        ("báo cáo trước 16 giờ ngày 12/9/2024", date(2024, 9, 12), None),
        ("trước 16h00 ngày 11/9", date(2024, 9, 11), None),
        ("chậm nhất 10 giờ 30 phút ngày 13/9", date(2024, 9, 13), None),
        ("báo cáo ngay trong ngày", date(2024, 9, 10), None),
        ("báo cáo ngay trong ngày 12/9/2024", date(2024, 9, 12), None),
        ("báo cáo trước ngày 15 của tháng cuối quý", None, "quarter"),
        ("trước ngày 25 hằng tháng gửi báo cáo", None, "month"),
    ],
)
def test_urgent_and_periodic_deadlines(text, on, period):
    found = find_deadline(text, REF)
    assert found is not None and found.on == on
    assert (find_period(text) and find_period(text).period) == period


def test_a_daily_report_recurs_without_a_frequency_chidao_tracks():
    found = find_period("Báo cáo tình hình thiệt hại trước 15 giờ hằng ngày.")
    assert found is not None and (found.period, found.recurring) == (None, True)


def test_place_and_date_line_wrapped_in_a_copy():
    h = parse_header(
        "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSố: 503/QĐ-UBND\n|\nKon\nTum, ngày 17 "
        "tháng 5 năm 2019\n|\nQUYẾT ĐỊNH\n"
    )
    assert (h.place, h.issued_on) == ("Kon Tum", date(2019, 5, 17))
    h = parse_header(
        "Số: 1556/KH-UBND\n|\nLai Châu, ngày 25\ntháng 4 năm 2024\n|\nKẾ HOẠCH\n"
    )
    assert (h.issued_on, h.kind) == (date(2024, 4, 25), "ke_hoach")


def test_bold_item_markers_and_headings_are_items():
    text = "# Tiêu đề\n**1. Sở Y tế:**\n*a)* Kiểm tra.\n> - Sở Xây dựng;\n"
    kinds = [(b.kind, b.text) for b in segment(text, 0, len(text))]
    assert kinds == [
        ("", "Tiêu đề"),
        ("num", "Sở Y tế:"),
        ("letter", "Kiểm tra."),
        ("dash", "Sở Xây dựng;"),
    ]


CONCLUSION = """VĂN PHÒNG CHÍNH PHỦ
Số: 350/TB-VPCP
Hà Nội, ngày 20 tháng 7 năm 2024
THÔNG BÁO
Kết luận của Thủ tướng Chính phủ tại buổi làm việc với lãnh đạo tỉnh Ninh Bình
Ngày 10 tháng 7 năm 2024, Thủ tướng Chính phủ đã làm việc với lãnh đạo tỉnh.
Thủ tướng Chính phủ kết luận như sau:
I. ĐÁNH GIÁ CHUNG
Tỉnh đã đạt được nhiều kết quả quan trọng.
II. NHIỆM VỤ THỜI GIAN TỚI
1. Tỉnh cần tập trung hoàn thiện quy hoạch tỉnh.
2. Giao Bộ Xây dựng chủ trì, phối hợp với tỉnh Ninh Bình hướng dẫn thủ tục đầu
tư tuyến đường, hoàn thành trong tháng 9 năm 2024.
3. Đề nghị Ủy ban nhân dân tỉnh Ninh Bình khẩn trương rà soát các dự án chậm
tiến độ, báo cáo Thủ tướng Chính phủ trước ngày 15 tháng 8 năm 2024.
Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.
"""


def test_tasks_inside_the_conclusions_of_a_meeting():
    found = tasks(CONCLUSION)
    assert [t["lead_agencies"] for t in found] == [
        ["Ủy ban nhân dân tỉnh Ninh Bình"],  # "Tỉnh cần ...": the province visited
        ["Bộ Xây dựng"],
        ["Ủy ban nhân dân tỉnh Ninh Bình"],
    ]
    assert found[1]["cooperating_agencies"] == ["tỉnh Ninh Bình"]
    assert [t["deadline"] for t in found] == [None, "2024-09-30", "2024-08-15"]
    assert [t["must_report"] for t in found] == [False, False, True]


PLAN_TABLE = """ỦY BAN NHÂN DÂN TỈNH NINH BÌNH
Số: 45/KH-UBND
Ninh Bình, ngày 02 tháng 3 năm 2025
KẾ HOẠCH
Chuyển đổi số năm 2025
II. PHÂN CÔNG NHIỆM VỤ
| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | SP |
|---|---|---|---|---|---|
| 1 | Xây dựng kho | Sở Khoa học và Công nghệ | Các sở, ngành | Quý II/2025 | Kho |
| 2 | Số hóa hồ sơ | **Sở Nội vụ** | Văn phòng UBND tỉnh | Tháng 9/2025 | Hồ sơ số |

2

| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | SP |
|---|---|---|---|---|---|
| 3 | Báo cáo kết quả | Sở Khoa học và Công nghệ | UBND các xã | Trước 15/12/2025 | |
"""

PLAN_LAYOUT = (
    "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH\nSố: 46/KH-UBND\n"
    "Ninh Bình, ngày 02 tháng 3 năm 2025\nKẾ HOẠCH\nChuyển đổi số\n"
    " STT   Nhiệm vụ               Cơ quan chủ trì          Cơ quan phối hợp"
    "       Thời gian hoàn thành\n"
    " 1     Xây dựng kho dữ liệu   Sở Khoa học và Công      Các sở, ngành"
    "          Quý II/2025\n"
    "                              nghệ\n"
    " 2     Số hóa hồ sơ           Sở Nội vụ                Văn phòng UBND tỉnh"
    "    Tháng 9/2025\n\n"
    "                                   2\n"
    " STT   Nhiệm vụ               Cơ quan chủ trì          Cơ quan phối hợp"
    "       Thời gian hoàn thành\n"
    " 3     Báo cáo kết quả        Sở Khoa học và Công      UBND các xã"
    "            Trước 15/12/2025\n"
    "                              nghệ\n"
)


@pytest.mark.parametrize("text", [PLAN_TABLE, PLAN_LAYOUT])
def test_a_plan_table_continues_across_pages_under_a_repeated_header(text):
    found = tasks(text)
    assert [(t["lead_agencies"], t["deadline"]) for t in found] == [
        (["Sở Khoa học và Công nghệ"], "2025-06-30"),
        (["Sở Nội vụ"], "2025-09-30"),
        (["Sở Khoa học và Công nghệ"], "2025-12-15"),
    ]
    assert found[1]["cooperating_agencies"] == ["Văn phòng UBND tỉnh"]
    assert found[2]["must_report"] is True


def test_a_kind_the_register_has_no_choice_for_leaves_the_choice_to_the_officer():
    from chidao.reader.services import directive_initial

    plan = read_directive("Số: 45/KH-UBND\nNinh Bình, ngày 02 tháng 3 năm 2025\n")
    assert plan.directive.kind == "ke_hoach"
    assert directive_initial(plan)["kind"] == ""
