"""Task rules of the samples README on small documents."""

from datetime import date

import pytest

from chidao.reader.reader import Classified, read_directive

HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 100/UBND-TH\n"
    "Lào Cai, ngày 10 tháng 7 năm 2026\n"
    "V/v thực hiện nhiệm vụ\nKính gửi:\n- Sở Tài chính;\n- Sở Nội vụ;\n"
    "- UBND các xã, phường.\n"
    "Thực hiện chỉ đạo của Chủ tịch UBND tỉnh, UBND tỉnh có ý kiến như sau:\n"
)
TAIL = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\n"


def read(body: str):
    return read_directive(HEAD + body + TAIL)


def test_every_source_span_is_an_exact_substring_of_the_input():
    text = (
        HEAD
        + (
            "1. Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát kinh phí,\n"
            "báo cáo UBND tỉnh trước ngày 30/7/2026.\n"
            "2. UBND các xã, phường tăng cường kiểm tra.\n"
        )
        + TAIL
    )
    proposal = read_directive(text)
    assert len(proposal.tasks) == 2
    for task in proposal.tasks:
        assert text[task.span_start : task.span_end] == task.source_span
        assert task.source_span in text


def test_assignment_with_lead_cooperation_deadline_and_report():
    (task,) = read(
        "1. Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát kinh phí, "
        "báo cáo "
        "UBND tỉnh trước ngày 30/7/2026.\n"
    ).tasks
    assert [a.name for a in task.lead_agencies] == ["Sở Tài chính"]
    assert [a.name for a in task.cooperating_agencies] == ["Sở Nội vụ"]
    assert (task.deadline, task.must_report, task.kind) == (
        date(2026, 7, 30),
        True,
        "deadline_report",
    )


def test_approval_clause_is_no_task_but_the_assignment_after_it_is():
    (task,) = read(
        "1. Đồng ý chủ trương sắp xếp trụ sở; giao Sở Tài chính hướng dẫn thực hiện.\n"
    ).tasks
    assert task.source_span.startswith("giao Sở Tài chính")


@pytest.mark.parametrize(
    "body",
    [
        "1. Chấp thuận đề xuất của Sở Tài chính tại Tờ trình số 12/TTr-STC.\n",
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, "
        "kịp thời báo cáo UBND tỉnh.\n",
        "Yêu cầu Thủ trưởng các sở, ban, ngành nghiêm túc triển khai thực hiện./.\n",
        "Văn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\n",
        "1. Người dân, doanh nghiệp chấp hành nghiêm các quy định.\n",
        "1. Các doanh nghiệp hoạt động khoáng sản thực hiện đúng giấy phép.\n",
        "1. Sở Tài chính chịu trách nhiệm trước pháp luật về số liệu báo cáo.\n",
        "1. Sở Tài chính đã hoàn thành việc rà soát kinh phí năm 2025.\n",
    ],
)
def test_not_tasks(body):
    assert read(body).tasks == []


def test_item_split_where_the_deadline_changes():
    tasks = read(
        "1. Sở Tài chính tiếp tục rà soát các khoản chi; đồng thời tổng hợp, báo cáo "
        "UBND tỉnh trước ngày 20/7/2026.\n"
    ).tasks
    assert [(t.deadline, t.must_report) for t in tasks] == [
        (None, False),
        (date(2026, 7, 20), True),
    ]
    assert [a.name for a in tasks[1].lead_agencies] == ["Sở Tài chính"]


def test_item_split_where_the_lead_changes():
    tasks = read(
        "2. Giao Sở Tài chính hướng dẫn thủ tục; đồng thời UBND phường Âu Lâu đề xuất "
        "mở rộng cụm công nghiệp.\n"
    ).tasks
    assert [[a.name for a in t.lead_agencies] for t in tasks] == [
        ["Sở Tài chính"],
        ["UBND phường Âu Lâu"],
    ]


def test_agency_heading_leads_the_items_under_it():
    tasks = read(
        "1. Sở Nội vụ\na) Rà soát biên chế.\nb) Định kỳ hằng quý báo cáo UBND tỉnh.\n"
    ).tasks
    assert [[a.name for a in t.lead_agencies] for t in tasks] == [
        ["Sở Nội vụ"],
        ["Sở Nội vụ"],
    ]
    assert (tasks[1].period, tasks[1].kind, tasks[1].must_report) == (
        "quarter",
        "periodic_report",
        True,
    )


def test_items_without_a_subject_take_the_addressees_of_a_letter():
    (task,) = read("1. Rà soát, báo cáo số liệu trước ngày 25/7/2026.\n").tasks
    assert [a.name for a in task.lead_agencies] == [
        "Sở Tài chính",
        "Sở Nội vụ",
        "UBND các xã, phường",
    ]


def test_alternative_report_is_not_a_required_report():
    (task,) = read(
        "1. Sở Nội vụ kịp thời xử lý hoặc báo cáo cấp có thẩm quyền xử lý vi phạm.\n"
    ).tasks
    assert task.must_report is False


def test_classified_document_is_refused():
    with pytest.raises(Classified) as exc:
        read_directive("ỦY BAN NHÂN DÂN\nMẬT\nSố: 1/UBND\nGiao Sở Tài chính rà soát.\n")
    assert exc.value.code == "classified"
    proposal = read_directive("MẬT\nSố: 1/UBND\n", refuse_classified=False)
    assert proposal.directive.classified and proposal.tasks == []


def test_json_has_the_command_shape():
    data = read("1. Giao Sở Tài chính rà soát kinh phí trong quý III/2026.\n").to_json()
    assert set(data) == {"directive", "tasks"}
    assert {"kind", "number", "issued_on", "signer", "summary", "classified"} <= set(
        data["directive"]
    )
    assert set(data["tasks"][0]) == {
        "content",
        "lead_agencies",
        "cooperating_agencies",
        "deadline",
        "period",
        "must_report",
        "source_span",
    }
    assert data["tasks"][0]["deadline"] == "2026-09-30"


@pytest.mark.parametrize(
    "body",
    [
        "2. Yêu cầu tạm dừng việc bổ sung quy hoạch cụm công nghiệp "
        "cho đến khi có chỉ đạo.\n",
        "Đề nghị các sở, ngành nêu cao tinh thần trách nhiệm, chủ động phối hợp, kịp "
        "thời báo cáo, đề xuất các vấn đề vượt thẩm quyền.\n",
        "1. Ủy quyền cho Giám đốc Sở Tài chính ký các văn bản "
        "trong thời gian vắng mặt.\n",
    ],
)
def test_general_stops_exhortations_and_delegations_are_no_tasks(body):
    assert read(body).tasks == []


def test_a_guidance_letter_to_enterprises_is_no_report():
    (task,) = read(
        "1. Sở Tài chính có văn bản gửi các doanh nghiệp hướng dẫn thủ tục hoàn thuế.\n"
    ).tasks
    assert task.must_report is False


def test_a_letter_to_an_agency_is_a_report():
    (task,) = read(
        "1. Sở Nội vụ khẩn trương có văn bản gửi Sở Tài chính về biên chế.\n"
    ).tasks
    assert task.must_report is True


def test_forest_owners_and_public_units_named_as_addressees_lead_tasks():
    tasks = read(
        "1. Vườn quốc gia Hoàng Liên tăng cường tuần tra bảo vệ rừng.\n"
        "2. Các Công ty Lâm nghiệp rà soát diện tích rừng được giao.\n"
    ).tasks
    assert [[a.name for a in t.lead_agencies] for t in tasks] == [
        ["Vườn quốc gia Hoàng Liên"],
        ["Các Công ty Lâm nghiệp"],
    ]


def test_responsibility_with_an_action_is_a_task():
    (task,) = read("1. Sở Y tế chịu trách nhiệm hướng dẫn, kiểm tra các cơ sở.\n").tasks
    assert task.content == "Hướng dẫn, kiểm tra các cơ sở"
    assert read("1. Sở Y tế chịu trách nhiệm trước pháp luật về số liệu.\n").tasks == []


def test_inherited_addressees_leave_out_councils_party_and_enterprises():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 100/UBND-TH\n"
        "Lào Cai, ngày 10 tháng 7 năm 2026\nV/v bảo vệ rừng\nKính gửi:\n"
        "- Thường trực HĐND tỉnh;\n- Sở Nông nghiệp và Môi trường;\n"
        "- Các doanh nghiệp hoạt động lâm nghiệp.\n"
        "UBND tỉnh có ý kiến như sau:\n1. Tăng cường tuần tra, kiểm tra rừng.\n" + TAIL
    )
    (task,) = read_directive(text).tasks
    assert [a.name for a in task.lead_agencies] == ["Sở Nông nghiệp và Môi trường"]


def test_a_short_list_after_a_colon_is_the_subject():
    (task,) = read(
        "2. Các Sở: Tài chính, Nội vụ hướng dẫn thủ tục tinh giản biên chế.\n"
    ).tasks
    assert [a.name for a in task.lead_agencies] == ["Sở Tài chính", "Sở Nội vụ"]
    assert task.content == "Hướng dẫn thủ tục tinh giản biên chế"


def test_agencies_introduced_by_doi_voi_lead_what_follows():
    tasks = read(
        "1. Đối với Sở Nội vụ: rà soát biên chế.\n"
        "2. Đối với UBND các xã, phường\na) Tăng cường kiểm tra.\n"
    ).tasks
    assert [[a.name for a in t.lead_agencies] for t in tasks] == [
        ["Sở Nội vụ"],
        ["UBND các xã, phường"],
    ]
