"""Header and signature: kind, number, date, summary, signer, stamps, addressees."""

from datetime import date
from pathlib import Path

import pytest

from chidao.reader.header import find_classification, parse_header

SAMPLES = Path(__file__).parent / "samples"


def header(name: str):
    return parse_header((SAMPLES / f"{name}.txt").read_text(encoding="utf-8"))


def test_two_column_pdf_layout():
    h = header("laocai-cv-7103-2026")
    assert (h.kind, h.number, h.issued_on) == (
        "cong_van",
        "7103/UBND-TH",
        date(2026, 7, 10),
    )
    assert (
        h.summary == "triển khai thực hiện Nghị định số 178/2026/NĐ-CP ngày 20/5/2026 "
        "của Chính phủ"
    )
    assert (h.signer, h.signer_title) == (
        "Ngô Hạnh Phúc",
        "KT. CHỦ TỊCH - PHÓ CHỦ TỊCH",
    )
    assert h.issuing_body == "Ủy ban nhân dân tỉnh Lào Cai"
    assert len(h.addressees_text) == 4


def test_markdown_table_copy():
    h = header("vpcp-cv-3479-2021")
    assert (h.number, h.issued_on) == ("3479/VPCP-NN", date(2021, 5, 26))
    assert h.summary == "xây dựng Đề án thí điểm kinh doanh tín chỉ các - bon rừng"
    assert h.signer == "Nguyễn Cao Lục"
    assert [m.name for m in h.addressees] == [
        "Bộ Nông nghiệp và Phát triển nông thôn",
        "Ủy ban nhân dân tỉnh Quảng Nam",
    ]


def test_blank_number_and_day_of_an_unnumbered_version():
    h = header("laocai-cv-damhong-2026")
    assert (h.number, h.symbol) == (None, "/UBND-KT")
    assert (h.issued_on, h.issued_year, h.issued_month) == (None, 2026, 6)


def test_title_of_a_decision_with_glued_words_repaired():
    h = header("longan-qd-14-2014")
    assert h.kind == "quyet_dinh"
    assert h.summary == (
        "VỀ VIỆC BAN HÀNH QUY ĐỊNH TRÁCH NHIỆM QUẢN LÝ NHÀ NƯỚC VỀ CHẤT LƯỢNG CÔNG "
        "TRÌNH XÂY DỰNG TRÊN ĐỊA BÀN TỈNH LONG AN"
    )


def test_meeting_conclusion_notice():
    h = header("vpcp-tb-467-2024")
    assert (h.kind, h.kind_label) == ("thong_bao", "Thông báo kết luận")


@pytest.mark.parametrize(
    ("name", "kind", "number", "issued", "signer"),
    [
        ("bacgiang-cv-722-2013", "cong_van", "722/UBND-MT", date(2013, 3, 28), None),
        (
            "hcm-cv-1025-2009",
            "cong_van",
            "1025/UBND-ĐT",
            date(2009, 3, 14),
            "Nguyễn Trung Tín",
        ),
        (
            "hcm-cv-1551-2016",
            "cong_van",
            "1551/UBND-VX",
            date(2016, 4, 7),
            "Nguyễn Thị Thu",
        ),
        ("hcm-tb-131-1978", "thong_bao", "131/TB-UB", date(1978, 9, 4), None),
        ("thanhhoa-ct-15-2019", "chi_thi", "15/CT-UBND", date(2019, 10, 10), None),
        ("ttg-ct-13-2024", "chi_thi", "13/CT-TTg", date(2024, 5, 2), "Phạm Minh Chính"),
    ],
)
def test_fields_of_the_samples(name, kind, number, issued, signer):
    h = header(name)
    assert (h.kind, h.number, h.issued_on, h.signer) == (kind, number, issued, signer)


@pytest.mark.parametrize(
    ("stamp", "code"),
    [
        ("MẬT", "mat"),
        ("TỐI MẬT", "toi_mat"),
        ("TUYỆT MẬT", "tuyet_mat"),
        ("Độ mật: MẬT", "thuong"),
    ],
)
def test_secrecy_stamp_on_a_line_of_its_own(stamp, code):
    text = f"ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\n{stamp}\nSố: 12/UBND-TH\n"
    assert find_classification(text) == code


def test_secrecy_stamp_in_a_layout_column():
    text = "ỦY BAN NHÂN DÂN                    TỐI MẬT\nSố: 12/UBND-TH\n"
    assert find_classification(text) == "toi_mat"


def test_words_about_secrets_in_the_body_are_no_stamp():
    text = (
        "Số: 12/UBND-TH\nĐề nghị đổi mật khẩu định kỳ, bảo vệ bí mật nhà nước.\n"
        "Thông tin mật được bảo quản theo quy định.\nbí\nmật nhà nước\n"
    )
    assert find_classification(text) == "thuong"


def test_urgency_stamp_is_read():
    h = parse_header(
        "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nHỎA TỐC\nSố: 12/UBND-TH\n"
        "Lào Cai, ngày 1 tháng 2 năm 2024\n"
    )
    assert h.urgency == "HỎA TỐC"
