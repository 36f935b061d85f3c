"""The named cast of API.md's demo accounts, as fixtures for every test."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation

from chidao.accounts.models import Role, User
from chidao.accounts.tests.factories import UserFactory
from chidao.agencies.models import Agency
from chidao.agencies.tests.factories import AgencyFactory


@pytest.fixture(autouse=True)
def _vietnamese_first() -> Iterator[None]:
    """Every test starts in the site's language: a page requested in English
    leaves English active in the thread, and a later test reading a
    translated text would depend on the order tests run in."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def ubnd(db: None) -> Agency:
    return AgencyFactory(
        code="UBND", name="Ủy ban nhân dân tỉnh An Giang", kind=Agency.Kind.COMMITTEE
    )


@pytest.fixture
def vp(ubnd: Agency) -> Agency:
    return AgencyFactory(
        code="VP",
        name="Văn phòng Ủy ban nhân dân tỉnh",
        kind=Agency.Kind.OFFICE,
        parent=ubnd,
    )


@pytest.fixture
def stc(ubnd: Agency) -> Agency:
    return AgencyFactory(
        code="STC",
        name="Sở Tài chính",
        short_name="Sở TC",
        kind=Agency.Kind.DEPARTMENT,
        parent=ubnd,
    )


@pytest.fixture
def stc_unit(stc: Agency) -> Agency:
    return AgencyFactory(
        code="STC-NS", name="Phòng Quản lý ngân sách", kind=Agency.Kind.UNIT, parent=stc
    )


@pytest.fixture
def snv(ubnd: Agency) -> Agency:
    return AgencyFactory(
        code="SNV",
        name="Sở Nội vụ",
        short_name="Sở NV",
        kind=Agency.Kind.DEPARTMENT,
        parent=ubnd,
    )


@pytest.fixture
def vp_chuyenvien(vp: Agency) -> User:
    return UserFactory(
        username="vp.chuyenvien",
        full_name="Phạm Minh Tuấn",
        agency=vp,
        roles=[Role.TRACKING_OFFICER],
    )


@pytest.fixture
def vp_lanhdao(vp: Agency) -> User:
    return UserFactory(
        username="vp.lanhdao",
        full_name="Trần Thị Thu Hà",
        agency=vp,
        roles=[Role.OFFICE_LEAD],
    )


@pytest.fixture
def stc_lanhdao(stc: Agency) -> User:
    return UserFactory(
        username="stc.lanhdao",
        full_name="Huỳnh Văn Sang",
        agency=stc,
        roles=[Role.AGENCY_LEAD],
    )


@pytest.fixture
def stc_chuyenvien(stc: Agency) -> User:
    return UserFactory(
        username="stc.chuyenvien",
        full_name="Đặng Thị Mai",
        agency=stc,
        roles=[Role.AGENCY_OFFICER],
    )


@pytest.fixture
def stc_unit_lead(stc_unit: Agency) -> User:
    return UserFactory(
        username="stc.ns",
        full_name="Bùi Quốc Khánh",
        agency=stc_unit,
        roles=[Role.AGENCY_LEAD],
    )


@pytest.fixture
def snv_chuyenvien(snv: Agency) -> User:
    return UserFactory(
        username="snv.chuyenvien",
        full_name="Ngô Văn Hải",
        agency=snv,
        roles=[Role.AGENCY_OFFICER],
    )


@pytest.fixture
def chutich(ubnd: Agency) -> User:
    return UserFactory(
        username="chutich",
        full_name="Nguyễn Thanh Bình",
        agency=ubnd,
        roles=[Role.LEADER],
    )


@pytest.fixture
def admin_user(vp: Agency) -> User:
    return UserFactory(
        username="quantri",
        full_name="Quản trị",
        agency=vp,
        roles=[Role.ADMIN],
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def api_client():  # noqa: ANN201
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def token_client(api_client):  # noqa: ANN001, ANN201
    """`token_client(user)` → an APIClient sending that user's Bearer token."""
    from knox.models import AuthToken

    def make(user: User):  # noqa: ANN202
        _instance, token = AuthToken.objects.create(user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return api_client

    return make


@pytest.fixture
def client():  # noqa: ANN201
    """Django's test client; `force_login` of an administrator also passes the
    second factor (SECURITY.md 18), as a real admin would after sign-in. Tests
    of the second factor itself use a plain `django.test.Client`."""
    from django.test import Client

    from chidao.accounts.permissions import has_admin_rights
    from chidao.accounts.tests.factories import verify_mfa

    class AdminVerifiedClient(Client):
        def force_login(self, user: User, backend: str | None = None) -> None:
            super().force_login(user, backend)
            if has_admin_rights(user):
                verify_mfa(self, user)

    return AdminVerifiedClient()
