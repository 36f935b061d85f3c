"""Recording directives: classified refusal, numbers, dates, Art. 7.1 limit."""

from datetime import date

import pytest

from chidao.directives.models import Directive
from chidao.intake.services import record_directive, update_directive
from chidao.lib.errors import Duplicate, InvalidInput, NotAllowed, Refused
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory

TODAY = date(2026, 11, 28)


def _create(by: object, **overrides: object) -> Directive:
    values = {
        "kind": Directive.Kind.CHI_THI,
        "number": "15/CT-UBND",
        "summary": "Về tăng cường kỷ luật, kỷ cương hành chính",
        "issued_on": date(2026, 11, 2),
        "signer": "Nguyễn Thanh Bình",
        **overrides,
    }
    return record_directive(values, by=by, today=TODAY).directive


@pytest.mark.parametrize("classification", ["mat", "toi_mat", "tuyet_mat"])
def test_line_42_classified_directive_is_refused_and_nothing_is_stored(
    vp_chuyenvien: object, classification: str
) -> None:
    with pytest.raises(Refused) as refused:
        _create(vp_chuyenvien, classification=classification)
    assert refused.value.code == "classified"
    assert "Điều 5.2" in refused.value.message or "Art. 5.2" in refused.value.message
    assert not Directive.objects.exists()


def test_classified_is_refused_before_any_other_check(agency_user: object) -> None:
    with pytest.raises(Refused) as refused:
        _create(agency_user, classification="mat", number="bad")
    assert refused.value.code == "classified"


@pytest.fixture
def agency_user(stc_chuyenvien: object) -> object:
    return stc_chuyenvien


def test_office_records_a_directive_with_its_handover_limit(
    vp_chuyenvien: object,
) -> None:
    directive = _create(vp_chuyenvien, number=" 15/ct-ubnd ")
    assert directive.number == "15/CT-UBND"
    assert directive.issued_year == 2026
    assert directive.created_by == vp_chuyenvien
    # Art. 7.1: 5 working days after 02/11/2026.
    assert directive.handover_due_on == date(2026, 11, 9)
    assert "tang cuong ky luat" in directive.search_text


def test_needing_opinions_gives_ten_working_days(vp_chuyenvien: object) -> None:
    directive = _create(vp_chuyenvien, needs_opinions=True)
    assert directive.handover_due_on == date(2026, 11, 16)


def test_line_44_duplicate_number_in_the_same_year_is_refused(
    vp_chuyenvien: object,
) -> None:
    _create(vp_chuyenvien)
    with pytest.raises(Duplicate) as refused:
        _create(vp_chuyenvien, issued_on=date(2026, 3, 1))
    assert refused.value.status == 409
    assert Directive.objects.count() == 1


def test_same_number_in_another_year_is_a_different_directive(
    vp_chuyenvien: object,
) -> None:
    _create(vp_chuyenvien)
    _create(vp_chuyenvien, issued_on=date(2025, 6, 3))
    assert Directive.objects.count() == 2


@pytest.mark.parametrize("number", ["", "CT-UBND", "15-CT-UBND", "15/ct ubnd/x/y"])
def test_line_44_malformed_number_is_refused_with_an_example(
    vp_chuyenvien: object, number: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        _create(vp_chuyenvien, number=number)
    assert "number" in refused.value.errors


@pytest.mark.parametrize(
    "number",
    ["672/QĐ-UBND", "1234/UBND-KT", "15/2026/QĐ-UBND", "05A/TB-VP", "1/CĐ-UBND"],
)
def test_usual_numbers_are_accepted(vp_chuyenvien: object, number: str) -> None:
    assert _create(vp_chuyenvien, number=number).number == number


def test_line_44_issue_date_in_the_future_is_refused(vp_chuyenvien: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        _create(vp_chuyenvien, issued_on=date(2026, 11, 29))
    assert "issued_on" in refused.value.errors


def test_directing_leader_must_be_a_leader(
    vp_chuyenvien: object, chutich: object
) -> None:
    with pytest.raises(InvalidInput):
        _create(vp_chuyenvien, directing_leader=vp_chuyenvien)
    assert _create(vp_chuyenvien, directing_leader=chutich).directing_leader == chutich


def test_agency_users_cannot_record_directives(stc_chuyenvien: object) -> None:
    with pytest.raises(NotAllowed):
        _create(stc_chuyenvien)


def test_update_refuses_a_number_already_used_that_year(vp_chuyenvien: object) -> None:
    DirectiveFactory(number="20/CT-UBND", issued_on=date(2026, 5, 1))
    directive = _create(vp_chuyenvien)
    with pytest.raises(Duplicate):
        update_directive(directive, by=vp_chuyenvien, today=TODAY, number="20/ct-ubnd")


def test_update_refreshes_the_tasks_search_text(vp_chuyenvien: object) -> None:
    directive = _create(vp_chuyenvien)
    task = TaskFactory(directive=directive)
    update_directive(
        directive, by=vp_chuyenvien, today=TODAY, summary="Về phòng chống thiên tai"
    )
    task.refresh_from_db()
    assert "phong chong thien tai" in task.search_text


def test_many_agencies_give_the_office_ten_working_days(
    vp_chuyenvien: object, stc: object, snv: object
) -> None:
    directive = _create(vp_chuyenvien)
    from chidao.tasks.services import create_task

    create_task(
        directive=directive,
        content="Chủ trì rà soát thủ tục hành chính",
        lead_agency=stc,
        cooperating_agencies=[snv],
        kind="deadline_report",
        deadline=date(2026, 12, 31),
        by=vp_chuyenvien,
    )
    directive.refresh_from_db()
    assert directive.handover_due_on == date(2026, 11, 16)
