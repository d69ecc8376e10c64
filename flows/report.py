"""The daily data-quality and report flow: the `data_quality` view and the checks that failed
in the last day as Prefect artifacts, and the HTML report of the last `days` written under
`<data dir>/reports/`. It only reads the warehouse (no writer lock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from flows.retry import retry_infrastructure
from flows.settings import Settings
from warehouse.catalog import connect
from warehouse.html_report import write_report


@flow(name="dq-report", log_prints=True)
@retry_infrastructure
def report_flow(data_dir: str | None = None, days: int = 30) -> dict[str, Any]:
    """Publish the data-quality summary and write the report of the last `days` days."""
    settings = Settings.from_env(data_dir=Path(data_dir) if data_dir else None)
    now = datetime.now(UTC)
    con = connect(settings.data_dir, read_only=True)
    try:
        quality = con.execute(
            "SELECT site, measure, value, share_of_articles FROM data_quality ORDER BY 1, 2"
        ).pl()
        failed = con.execute(
            "SELECT d.run_id, r.flow, r.source, d.table_name, d.check_name, d.detail "
            "FROM dq_results d JOIN runs r USING (run_id) "
            "WHERE d.status = 'fail' AND d.checked_at >= ? ORDER BY d.checked_at",
            [now - timedelta(days=1)],
        ).pl()
    finally:
        con.close()
    until = now.date()
    path = settings.data_dir / "reports" / f"report-{until.isoformat()}.html"
    write_report(settings.data_dir, path, until - timedelta(days=days - 1), until)
    create_table_artifact(
        key="dq-daily", table=quality.to_dicts(), description="The data_quality view, per site"
    )
    lines = [f"Report of {days} days to {until}: `{path}`", ""]
    if failed.height:
        lines += ["Failed checks in the last day:", "", "| run | flow | source | check |",
                  "|---|---|---|---|"]  # fmt: skip
        lines += [
            f"| {r['run_id']} | {r['flow']} | {r['source']} | {r['table_name']}.{r['check_name']} |"
            for r in failed.iter_rows(named=True)
        ]
    else:
        lines.append("No check failed in the last day.")
    create_markdown_artifact(key="daily-report", markdown="\n".join(lines))
    get_run_logger().info("report written to %s; %d failed checks in the last day",
                          path, failed.height)  # fmt: skip
    return {"report": str(path), "failed_checks": failed.height, "until": until.isoformat()}
