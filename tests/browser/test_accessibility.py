"""axe-core finds no serious or critical violation on the main pages of every
role, in Vietnamese and in English (issue 16)."""

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Page

from chidao.accounts.tests.factories import PASSWORD
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import ExtensionRequestFactory, TaskFactory

from .axe import severe_violations
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = Task.State


@pytest.fixture(params=["vi", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    yield request.param


def test_main_pages_of_every_role_have_no_serious_violation(
    page: Page,
    language: str,
    live_server: object,
    vp_chuyenvien: object,
    vp_lanhdao: object,
    stc_chuyenvien: object,
    chutich: object,
    stc: object,
) -> None:
    draft = TaskFactory(lead_agency=stc, tracking_officer=vp_chuyenvien)
    new = TaskFactory(lead_agency=stc, state=S.HANDED_OVER, deadline=date(2099, 1, 1))
    waiting = TaskFactory(lead_agency=stc, state=S.ACCEPTED, deadline=date(2099, 1, 1))
    ExtensionRequestFactory(
        task=waiting, requested_by=stc_chuyenvien, new_deadline=date(2099, 2, 1)
    )
    pages = {
        "vp.chuyenvien": [
            "/nhiem-vu/viec-cua-toi/",
            "/van-ban/tao/",
            "/van-ban/",
            "/nhiem-vu/",
            draft.get_absolute_url(),
            f"/nhiem-vu/{draft.pk}/sua/",
        ],
        "vp.lanhdao": ["/nhiem-vu/viec-cua-toi/", waiting.get_absolute_url()],
        "stc.chuyenvien": ["/nhiem-vu/duoc-giao/", new.get_absolute_url()],
        "chutich": ["/bao-cao/"],
    }
    found = []
    for username, urls in pages.items():
        page.context.clear_cookies()
        sign_in(page, username, PASSWORD)
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for url in urls:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            found += [f"{username} {url}: {v}" for v in severe_violations(page)]
    assert found == []
