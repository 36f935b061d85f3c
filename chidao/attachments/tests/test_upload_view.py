"""POST /tep/tai-len/<kind>/<pk>/: the HTML upload, redirecting back."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from chidao.attachments.models import Attachment
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import DirectiveFactory, TaskFactory

from . import samples
from .conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(stc, snv):  # noqa: ANN001, ANN201
    return TaskFactory(
        lead_agency=stc, state=Task.State.ACCEPTED, cooperating_agencies=[snv]
    )


def post(client, task, data=None, **extra):  # noqa: ANN001, ANN201
    url = reverse("attachments:upload", args=["task", task.pk])
    payload = (
        data
        if data is not None
        else {"file": samples.upload("Báo cáo.pdf", samples.pdf_bytes())}
    )
    return client.post(url, payload, **extra)


def messages_of(response) -> list[str]:  # noqa: ANN001
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_lead_agency_uploads_and_returns_to_the_task(client, stc_chuyenvien, task):
    client.force_login(stc_chuyenvien)
    response = post(client, task)
    assert response.status_code == 302
    assert response["Location"] == task.get_absolute_url()
    assert Attachment.objects.of(task).get().status == Attachment.Status.NOT_SCANNED
    assert "attached without a virus scan" in messages_of(response)[0]


def test_next_on_this_site_is_followed_and_elsewhere_is_not(
    client, stc_chuyenvien, task
):
    client.force_login(stc_chuyenvien)
    file = samples.upload("a.pdf", samples.pdf_bytes())
    response = post(client, task, {"file": file, "next": "/nhiem-vu/?q=x"})
    assert response["Location"] == "/nhiem-vu/?q=x"
    file = samples.upload("a.pdf", samples.pdf_bytes())
    response = post(client, task, {"file": file, "next": "https://evil.example/"})
    assert response["Location"] == task.get_absolute_url()


def test_a_refused_file_comes_back_with_its_reason_and_nothing_saved(
    client, stc_chuyenvien, task, media
):
    client.force_login(stc_chuyenvien)
    response = post(client, task, {"file": samples.upload("x.html", samples.HTML)})
    assert response.status_code == 302
    # The refusal names the file (issue 16).
    assert messages_of(response)[0].startswith("“x.html” was refused")
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_an_infected_file_is_reported_blocked(client, stc_chuyenvien, task):
    client.force_login(stc_chuyenvien)
    response = post(client, task, {"file": samples.upload("a.pdf", samples.EICAR)})
    assert "was blocked" in messages_of(response)[0]
    assert Attachment.objects.get().status == Attachment.Status.INFECTED


def test_no_file_is_bad_input_and_nothing_is_saved(client, stc_chuyenvien, task):
    client.force_login(stc_chuyenvien)
    response = post(client, task, {})
    assert "Choose a file" in messages_of(response)[0]
    assert Attachment.objects.count() == 0


def test_another_agency_gets_404(client, snv_chuyenvien, stc):
    other = TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)
    client.force_login(snv_chuyenvien)
    assert post(client, other).status_code == 404
    assert Attachment.objects.count() == 0


def test_visible_but_not_allowed_is_403(client, chutich, snv_chuyenvien, task):
    # A read-only leader, and a cooperating agency, see the task but may not attach.
    for user in (chutich, snv_chuyenvien):
        client.force_login(user)
        assert post(client, task).status_code == 403
    assert Attachment.objects.count() == 0


def test_an_unknown_kind_is_404(client, stc_chuyenvien, task):
    client.force_login(stc_chuyenvien)
    url = reverse("attachments:upload", args=["agency", task.pk])
    assert client.post(url, {}).status_code == 404


def test_get_is_not_allowed(client, stc_chuyenvien, task):
    client.force_login(stc_chuyenvien)
    url = reverse("attachments:upload", args=["task", task.pk])
    assert client.get(url).status_code == 405


def test_csrf_is_enforced(stc_chuyenvien, task):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(stc_chuyenvien)
    assert post(client, task).status_code == 403


def test_htmx_gets_the_panel_back_with_the_message(client, stc_chuyenvien, task):
    client.force_login(stc_chuyenvien)
    response = post(client, task, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="attachments-panel"' in html
    assert "Báo cáo.pdf" in html


def test_office_attaches_to_a_directive(client, vp_chuyenvien):
    directive = DirectiveFactory()
    client.force_login(vp_chuyenvien)
    url = reverse("attachments:upload", args=["directive", directive.pk])
    file = samples.upload("Quyết định.docx", samples.docx_bytes())
    assert client.post(url, {"file": file}).status_code == 302
    assert Attachment.objects.of(directive).get().is_servable
