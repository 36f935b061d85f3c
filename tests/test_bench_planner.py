"""The 1M bench plans with the deployment's PostgreSQL planner settings."""

from bench.seeding import PLANNER_SETTINGS, deployed_planner


def test_every_planner_setting_is_read_from_the_deployed_conf() -> None:
    settings = deployed_planner()
    assert set(settings) == set(PLANNER_SETTINGS)
    assert settings["jit"] == "off"
    assert float(settings["random_page_cost"]) < 4
