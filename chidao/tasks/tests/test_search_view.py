"""The header search: tasks and directives without accents, only visible ones."""

from django.urls import reverse

from chidao.tasks.models import Task
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory


def test_search_finds_tasks_and_directives_without_accents(
    client: object, vp_chuyenvien: object, stc: object
) -> None:
    directive = DirectiveFactory(summary="Về phòng, chống sạt lở bờ sông")
    TaskFactory(
        directive=directive, lead_agency=stc, content="Di dời hộ dân vùng sạt lở"
    )
    client.force_login(vp_chuyenvien)
    response = client.get(reverse("search"), {"q": "sat lo"})
    body = response.content.decode()
    assert "Di dời hộ dân vùng sạt lở" in body
    assert directive.number in body
    assert [s["count"] for s in response.context["sections"]] == [1, 1]


def test_search_never_shows_other_agencies_work(
    client: object, snv_chuyenvien: object, stc: object
) -> None:
    TaskFactory(
        lead_agency=stc,
        state=Task.State.ACCEPTED,
        content="Quyết toán vốn đầu tư dự án cầu Cái Sắn",
    )
    client.force_login(snv_chuyenvien)
    response = client.get(reverse("search"), {"q": "cai san"})
    assert response.context["sections"] == []
    assert "Cái Sắn" not in response.content.decode()
    assert "Không tìm thấy" in response.content.decode()
