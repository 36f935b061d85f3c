"""Agencies and accounts of the import tests, on top of the named cast."""

from __future__ import annotations

import pytest

from chidao.accounts.models import Role, User
from chidao.accounts.tests.factories import UserFactory
from chidao.agencies.models import Agency
from chidao.agencies.tests.factories import AgencyFactory


@pytest.fixture
def province(
    ubnd: Agency,
    vp: Agency,
    stc: Agency,
    snv: Agency,
    vp_chuyenvien: User,
    vp_lanhdao: User,
    stc_chuyenvien: User,
    snv_chuyenvien: User,
) -> dict[str, Agency]:
    """STC and SNV with an officer each; a commune whose people have no account."""
    my_hoa = AgencyFactory(
        code="XMH", name="Ủy ban nhân dân xã Mỹ Hòa", kind=Agency.Kind.LOCALITY
    )
    return {"ubnd": ubnd, "vp": vp, "stc": stc, "snv": snv, "my_hoa": my_hoa}


@pytest.fixture
def my_hoa_officer(province: dict[str, Agency]) -> User:
    return UserFactory(
        username="xmh.chuyenvien",
        agency=province["my_hoa"],
        roles=[Role.AGENCY_OFFICER],
    )
