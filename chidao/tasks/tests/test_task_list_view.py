"""The task list: filters in the URL, sorting, 25 rows a page, visibility."""

from datetime import date

from django.urls import reverse

from chidao.directives.models import Directive
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import DirectiveFactory, SectorFactory, TaskFactory

S = Task.State


def _ids(response: object) -> list[int]:
    return [t.pk for t in response.context["page"].object_list]


def test_filters_combine_and_fold_accents(
    client: object, vp_chuyenvien: object, stc: object, snv: object, chutich: object
) -> None:
    sector = SectorFactory(name="Giáo dục", code="giao-duc")
    directive = DirectiveFactory(kind=Directive.Kind.CHI_THI, directing_leader=chutich)
    wanted = TaskFactory(
        directive=directive,
        lead_agency=stc,
        state=S.ACCEPTED,
        content="Kiểm tra cơ sở vật chất trường học",
        deadline=date(2026, 12, 10),
        sector=sector,
    )
    TaskFactory(lead_agency=snv, state=S.ACCEPTED, content="Kiểm tra trường học")
    TaskFactory(lead_agency=stc, state=S.DRAFT, content="Kiểm tra trường học")
    client.force_login(vp_chuyenvien)
    url = reverse("tasks:list")
    assert _ids(
        client.get(url, {"q": "truong hoc", "agency": stc.pk, "state": "accepted"})
    ) == [wanted.pk]
    assert _ids(client.get(url, {"kind": "chi_thi"})) == [wanted.pk]
    assert _ids(client.get(url, {"leader": chutich.pk})) == [wanted.pk]
    assert _ids(client.get(url, {"sector": sector.pk})) == [wanted.pk]
    assert _ids(
        client.get(url, {"deadline_from": "2026-12-09", "deadline_to": "2026-12-11"})
    ) == [wanted.pk]


def test_report_status_filter(client: object, chutich: object, stc: object) -> None:
    late = TaskFactory(lead_agency=stc, state=S.ACCEPTED, deadline=date(2020, 1, 2))
    TaskFactory(lead_agency=stc, state=S.ACCEPTED, deadline=date(2099, 1, 2))
    client.force_login(chutich)
    response = client.get(reverse("tasks:list"), {"report_status": "overdue"})
    assert _ids(response) == [late.pk]
    assert "Đang thực hiện quá hạn" in response.content.decode()


def test_agency_list_never_shows_other_agencies(
    client: object, stc_chuyenvien: object, stc: object, snv: object
) -> None:
    mine = TaskFactory(
        lead_agency=stc, state=S.ACCEPTED, content="Việc của Sở Tài chính"
    )
    TaskFactory(lead_agency=snv, state=S.ACCEPTED, content="Việc của Sở Nội vụ")
    client.force_login(stc_chuyenvien)
    response = client.get(reverse("tasks:list"), {"q": "viec cua so"})
    assert _ids(response) == [mine.pk]
    assert "Việc của Sở Nội vụ" not in response.content.decode()


def test_pages_of_25_keep_the_filters(
    client: object, vp_chuyenvien: object, stc: object
) -> None:
    TaskFactory.create_batch(27, lead_agency=stc, state=S.ACCEPTED)
    client.force_login(vp_chuyenvien)
    response = client.get(reverse("tasks:list"), {"agency": stc.pk, "sort": "deadline"})
    assert len(response.context["page"].object_list) == 25
    body = response.content.decode()
    assert f"agency={stc.pk}" in body and "page=2" in body and "sort=deadline" in body
    second = client.get(reverse("tasks:list"), {"agency": stc.pk, "page": 2})
    assert len(second.context["page"].object_list) == 2


def test_sorting_by_deadline(
    client: object, vp_chuyenvien: object, stc: object
) -> None:
    later = TaskFactory(lead_agency=stc, deadline=date(2026, 12, 30))
    sooner = TaskFactory(lead_agency=stc, deadline=date(2026, 12, 5))
    client.force_login(vp_chuyenvien)
    url = reverse("tasks:list")
    assert _ids(client.get(url, {"sort": "deadline"})) == [sooner.pk, later.pk]
    assert _ids(client.get(url, {"sort": "-deadline"})) == [later.pk, sooner.pk]


def test_anonymous_is_sent_to_sign_in(client: object, db: None) -> None:
    response = client.get(reverse("tasks:list"))
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]


def test_query_count_does_not_grow_with_the_rows(
    client: object, vp_chuyenvien: object, stc: object, snv: object
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(vp_chuyenvien)
    TaskFactory.create_batch(2, lead_agency=stc, cooperating_agencies=[snv])
    client.get(reverse("tasks:list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("tasks:list"))
    TaskFactory.create_batch(20, lead_agency=snv, cooperating_agencies=[stc])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("tasks:list"))
    assert len(many.captured_queries) == len(few.captured_queries)
