"""Agency names in text, and matching them to the registry."""

import pytest

from chidao.reader.agencies import AgencyRecord, Gazetteer, parse_agency_text, tokenize
from chidao.reader.agencies import parse_agencies as parse
from chidao.reader.text import clean


def names(text: str) -> list[str]:
    toks = tokenize(clean(text))
    found = parse(toks, 0)
    return found.names if found else []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Kế hoạch và Đầu tư chủ trì", ["Sở Kế hoạch và Đầu tư"]),
        (
            "các Sở - ngành liên quan và Ủy ban nhân dân các quận - huyện tham mưu",
            ["các Sở - ngành liên quan", "Ủy ban nhân dân các quận - huyện"],
        ),
        ("Giám đốc Sở Y tế chủ trì", ["Sở Y tế"]),
        (
            "Chủ tịch Uỷ ban nhân dân tỉnh An Giang ra Quyết định",
            ["Uỷ ban nhân dân tỉnh An Giang"],
        ),
        ("Chánh Văn phòng UBND tỉnh có trách nhiệm", ["Văn phòng UBND tỉnh"]),
        (
            "Trung tâm Y tế huyện (Cơ quan Thường trực) chủ trì",
            ["Trung tâm Y tế huyện"],
        ),
        ("Ngành thương binh và xãhộicó trách nhiệm", ["Ngành thương binh và xã hội"]),
        (
            "Các Bộ: Công Thương, Giao thông vận tải, Lao động, Thương binh và Xã hội:",
            [
                "Bộ Công Thương",
                "Bộ Giao thông vận tải",
                "Bộ Lao động, Thương binh và Xã hội",
            ],
        ),
        (
            "UBND các phường: Yên Bái, Văn Phú tăng cường",
            ["UBND phường Yên Bái", "UBND phường Văn Phú"],
        ),
        (
            "Bộ Chỉ huy Quân sự tỉnh/Ban Chỉ huy Bộ đội Biên phòng tỉnh",
            ["Bộ Chỉ huy Quân sự tỉnh", "Ban Chỉ huy Bộ đội Biên phòng tỉnh"],
        ),
        (
            "Ủy ban nhân dân các tỉnh bị bão, lũ tiếp tục",
            ["Ủy ban nhân dân các tỉnh bị bão, lũ"],
        ),
        (
            "Các sở, ban, ngành; Ủy ban nhân dân các xã, phường; "
            "các cơ quan, đơn vị và doanh nghiệp,",
            [
                "Các sở, ban, ngành",
                "Ủy ban nhân dân các xã, phường",
                "các cơ quan, đơn vị và doanh nghiệp",
            ],
        ),
        (
            "các đơn vị chức năng thuộc Bộ Quốc phòng, Sở Công Thương, "
            "Công an tỉnh quản lý",
            [
                "các đơn vị chức năng thuộc Bộ Quốc phòng",
                "Sở Công Thương",
                "Công an tỉnh",
            ],
        ),
    ],
)
def test_names_end_where_the_action_begins(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text", ["Báo cáo 6 tháng", "Ban hành kèm theo", "Trường hợp có khó khăn"]
)
def test_ordinary_words_that_look_like_agency_heads(text):
    assert names(text) == []


def test_an_addressee_line_the_parser_cannot_finish_is_one_name():
    found = parse_agency_text("Các đơn vị sự nghiệp công lập thuộc tỉnh", whole=True)
    assert [m.name for m in found] == ["Các đơn vị sự nghiệp công lập thuộc tỉnh"]


REGISTRY = Gazetteer(
    [
        AgencyRecord(1, "Sở Tài chính", "Sở TC", "department"),
        AgencyRecord(2, "Sở Khoa học và Công nghệ", "", "department"),
        AgencyRecord(
            3, "Ủy ban nhân dân huyện Bảo Thắng", "UBND huyện Bảo Thắng", "locality"
        ),
        AgencyRecord(4, "Ủy ban nhân dân thành phố Lào Cai", "", "locality"),
        AgencyRecord(5, "Sở Nội vụ", "Sở NV", "department"),
        AgencyRecord(6, "Sở Cũ", "", "department", active=False),
    ]
)


@pytest.mark.parametrize(
    ("written", "agency_id"),
    [
        ("Sở Tài chính", 1),
        ("Sở TC", 1),
        ("sở tài chính", 1),
        ("So Tai chinh", 1),
        ("Sở KH&CN", 2),
        ("Sở Khoa học - Công nghệ", 2),
        ("UBND huyện Bảo Thắng", 3),
        ("Ủy ban nhân dân TP Lào Cai", 4),
        ("Sở Tài chính tỉnh Lào Cai", 1),
    ],
)
def test_registry_matching_ignores_accents_and_abbreviations(written, agency_id):
    found = REGISTRY.match(written)
    assert [(a.id, a.matched) for a in found] == [(agency_id, True)]


def test_group_phrases_expand_to_every_active_agency_of_that_kind():
    assert {a.id for a in REGISTRY.match("UBND các huyện, thành phố")} == {3, 4}
    assert {a.id for a in REGISTRY.match("các sở, ban, ngành")} == {1, 2, 5}
    assert {a.id for a in REGISTRY.match("Các sở, ban, ngành thuộc UBND tỉnh")} == {
        1,
        2,
        5,
    }


def test_unmatched_names_come_back_as_written():
    found = REGISTRY.match("các sở, ngành liên quan")
    assert [(a.name, a.id, a.matched) for a in found] == [
        ("các sở, ngành liên quan", None, False)
    ]
    assert REGISTRY.match("Sở Cũ")[0].matched is False


@pytest.mark.django_db
def test_the_registry_is_read_from_the_agency_table(stc, snv):
    gazetteer = Gazetteer.from_db()
    assert gazetteer.match("Sở TC")[0].id == stc.id
    assert gazetteer.match("So Noi vu")[0].id == snv.id
