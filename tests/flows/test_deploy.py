"""The deployments `syria-etl schedule` serves."""

from __future__ import annotations

from flows.deploy import ingest_deployment, reparse_deployment


def test_ingest_deployment_has_the_cron_and_parameters() -> None:
    deployment = ingest_deployment("aawsat", "*/30 * * * *", None, "/srv/syria/data")
    assert deployment.name == "aawsat-scheduled"
    assert deployment.parameters == {
        "source": "aawsat",
        "base_url": None,
        "data_dir": "/srv/syria/data",
    }
    [schedule] = deployment.schedules
    assert schedule.schedule.cron == "*/30 * * * *"
    assert deployment.concurrency_limit == 1


def test_reparse_deployment_is_on_demand() -> None:
    deployment = reparse_deployment("aawsat", "/srv/syria/data")
    assert deployment.name == "aawsat-reparse"
    assert not deployment.schedules
