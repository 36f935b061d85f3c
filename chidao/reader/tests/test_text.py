"""The normalised view: glued words split, offsets exact, blocks and sentences."""

from hypothesis import given
from hypothesis import strategies as st

from chidao.reader.text import clean, make_view, repair_name, segment, sentence_bounds


def test_glued_syllables_are_split_into_words():
    assert clean("Côngvăn số 12 về việc thựchiện") == "Công văn số 12 về việc thực hiện"
    assert clean("Ngành thương binh và xãhộicó trách nhiệm") == (
        "Ngành thương binh và xã hội có trách nhiệm"
    )
    assert clean("Điều 2. Giaocho Sở Xây dựng") == "Điều 2. Giao cho Sở Xây dựng"
    assert clean("VỀVIỆC BAN HÀNH") == "VỀ VIỆC BAN HÀNH"
    assert clean("năm2009của Thủ tướng") == "năm 2009 của Thủ tướng"


def test_acronyms_and_foreign_words_stay_whole():
    assert clean("VLNCN, TCTN, ASEAN, COVID-19, Samsung") == (
        "VLNCN, TCTN, ASEAN, COVID-19, Samsung"
    )


def test_view_maps_every_character_back_to_the_source():
    source = "Số: 1551 /UBND-VX\n*V/v xây dựng*\n  Uỷban nhân dân  thành phố"
    view = make_view(source)
    assert view.text == "Số: 1551 /UBND-VX V/v xây dựng Uỷ ban nhân dân thành phố"
    start = view.text.index("Uỷ ban")
    a, b = view.span(start, len(view.text))
    assert source[a:b] == "Uỷban nhân dân  thành phố"


@given(st.text(alphabet="abc đươ Ủy\n\t *.,;:-", max_size=80))
def test_spans_of_any_text_are_substrings_of_it(source):
    view = make_view(source)
    for i in range(len(view.text)):
        for j in range(i + 1, min(len(view.text), i + 6) + 1):
            a, b = view.span(i, j)
            assert 0 <= a <= b <= len(source)
            assert source[a:b].strip() == source[a:b]


def test_decomposed_accents_are_composed_in_the_view():
    source = "Ủy ban"  # NFD: U + hook + horn... composed in the view
    import unicodedata

    nfd = unicodedata.normalize("NFD", source)
    view = make_view(nfd)
    assert view.text == "Ủy ban"
    assert nfd[slice(*view.span(0, len(view.text)))] == nfd


def test_names_are_written_with_repaired_dashes():
    assert repair_name("các Sở -ngành liên quan") == "các Sở - ngành liên quan"
    assert repair_name("Nghị định số 06/2022/NĐ-CP") == "Nghị định số 06/2022/NĐ-CP"


def test_items_and_paragraphs_become_blocks_and_page_numbers_vanish():
    source = (
        "1. Sở Công Thương\n"
        "a) Rà soát các quy định hiện hành về quản lý VLNCN, TCTN và đề xuất,\n"
        "kiến nghị sửa đổi.\n"
        "2\n"
        "b) Tăng cường công tác kiểm tra, giám sát chuyên ngành các doanh\n"
        "nghiệp trên địa bàn.\n"
        "Đề nghị các cơ quan thực hiện.\n"
    )
    blocks = segment(source, 0, len(source))
    assert [b.kind for b in blocks] == ["num", "letter", "letter", ""]
    assert blocks[1].text.endswith("kiến nghị sửa đổi.")
    assert source[blocks[2].start : blocks[2].end].startswith("b) Tăng cường")


def test_a_wrapped_line_starting_with_a_dash_and_a_number_is_no_bullet():
    source = "giai đoạn 2016\n- 2020; tình hình thực hiện.\n"
    assert len(segment(source, 0, len(source))) == 1


def test_sentences_split_at_stops_and_glued_stops_but_not_abbreviations():
    text = "Bộ Tài chính hoàn thiện kèm theo.Thủ tướng phê duyệt. Tại TP. Hồ Chí Minh."
    parts = [text[a:b] for a, b in sentence_bounds(text)]
    assert parts == [
        "Bộ Tài chính hoàn thiện kèm theo.",
        "Thủ tướng phê duyệt.",
        "Tại TP. Hồ Chí Minh.",
    ]
