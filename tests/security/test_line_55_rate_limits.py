"""Expensive functions are rate-limited per user (SECURITY.md 55)."""

from django.core.cache import cache

from .conftest import World
from .test_line_45_refusals_logged import api_as


def test_line_55_the_31st_export_in_a_minute_is_429(world: World, frozen) -> None:  # noqa: ANN001
    cache.clear()
    client = world.client("office_lead")
    for _ in range(30):
        assert client.get("/bao-cao/nhiem-vu.xlsx").status_code == 200
    refused = client.get("/bao-cao/nhiem-vu.xlsx")
    assert refused.status_code == 429
    assert (
        "Chờ một phút" in refused.content.decode()
        or "minute" in refused.content.decode()
    )
    # Another user is not held back by the first one's exports.
    assert (
        world.client("tracking_officer").get("/bao-cao/nhiem-vu.xlsx").status_code
        == 200
    )


def test_line_55_the_api_report_file_is_limited_with_json_429(
    world: World, frozen, settings
) -> None:  # noqa: ANN001
    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": (2, 60)}
    api = api_as(world, "office_lead")
    for _ in range(2):
        ok = api.get("/api/v1/reports/summary", {"format": "xlsx"})
        assert ok.status_code == 200
    refused = api.get("/api/v1/reports/summary", {"format": "xlsx"})
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    # JSON summaries are cheap and not counted.
    assert api.get("/api/v1/reports/summary").status_code == 200


def test_line_55_downloads_are_limited_too(world: World, settings) -> None:
    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "download": (3, 60)}
    client = world.client("agency_officer")
    url = f"/tep/{world.attachment.pk}/"
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
