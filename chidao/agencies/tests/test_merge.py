"""Dissolving an agency into its successor (the 2025 reform kind of change)."""

from datetime import date

import pytest

from chidao.agencies.models import AgencyMerge
from chidao.agencies.services import merge_agency
from chidao.agencies.tests.factories import AgencyFactory
from chidao.lib.errors import Refused


def test_merge_records_dissolution_and_moves_accounts_and_units(
    stc, snv, stc_unit, stc_chuyenvien, admin_user
):
    merge = merge_agency(stc, into=snv, effective_on=date(2025, 7, 1), by=admin_user)

    stc.refresh_from_db()
    stc_chuyenvien.refresh_from_db()
    stc_unit.refresh_from_db()
    assert stc.dissolved_on == date(2025, 7, 1)
    assert stc.successor == snv
    assert not stc.is_active
    assert stc_chuyenvien.agency == snv
    assert stc_unit.parent == snv
    assert AgencyMerge.objects.get() == merge
    assert merge.users_moved == 1
    assert merge.by == admin_user


@pytest.mark.parametrize("case", ["self", "own_unit", "dissolved"])
def test_impossible_merges_are_refused(case, stc, snv, stc_unit, admin_user):
    if case == "self":
        target = stc
    elif case == "own_unit":
        target = stc_unit
    else:
        target = AgencyFactory(code="OLD", dissolved_on=date(2020, 1, 1))
    with pytest.raises(Refused):
        merge_agency(stc, into=target, effective_on=date(2025, 7, 1), by=admin_user)
    stc.refresh_from_db()
    assert stc.dissolved_on is None
    assert not AgencyMerge.objects.exists()


def test_admin_merge_page_merges(client, admin_user, stc, snv):
    from chidao.accounts.tests.factories import verify_mfa

    verify_mfa(client, admin_user)
    url = f"/quan-tri/agencies/agency/{stc.pk}/sap-nhap/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"into": snv.pk, "effective_on": "2025-07-01"})
    assert response.status_code == 302
    stc.refresh_from_db()
    assert stc.successor == snv
