"""Building the filed periodic report in a background job, with its progress.

The page asks (`start`), the job builds (`run`), the page polls `progress_of`
every second while the job works. The progress lives in the "progress" cache
that the worker and the web process share (as `imports.runs` does).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.cache import caches
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from . import filed_documents, filing
from .filters import list_filters
from .models import ReportBuild, ReportSchedule
from .periods import Period

if TYPE_CHECKING:
    from chidao.accounts.models import User

B = ReportBuild.Status


def _key(build: ReportBuild) -> str:
    return f"reports:build:{build.pk}"


def set_progress(build: ReportBuild, done: int, total: int) -> None:
    caches["progress"].set(_key(build), [done, total], timeout=24 * 3600)


def progress_of(build: ReportBuild) -> tuple[int, int]:
    value = caches["progress"].get(_key(build))
    if value:
        return int(value[0]), int(value[1])
    total = filing.STEPS + 2
    return (total, total) if not build.is_busy else (0, total)


def period_of(build: ReportBuild) -> Period:
    return Period(
        build.period_start,
        build.period_end,
        build.as_of,
        build.period_kind,
        build.period_year,
        build.period_n,
    )


def create(
    period: Period,
    *,
    by: User,
    filters: dict[str, list[str]] | None = None,
    office_proposals: str = "",
    issued_on: date | None = None,
    schedule: ReportSchedule | None = None,
) -> ReportBuild:
    """Record a build to make (`run` makes it)."""
    build = ReportBuild.objects.create(
        period_start=period.start,
        period_end=period.end,
        as_of=period.as_of,
        period_kind=period.kind,
        period_year=period.year,
        period_n=period.n,
        filters=filters or {},
        office_proposals=office_proposals.strip(),
        issued_on=issued_on or timezone.localdate(),
        created_by=by,
        schedule=schedule,
    )
    set_progress(build, 0, filing.STEPS + 2)
    return build


def start(
    period: Period,
    *,
    by: User,
    filters: dict[str, list[str]] | None = None,
    office_proposals: str = "",
    issued_on: date | None = None,
) -> ReportBuild:
    """Record what is asked and queue the job; the page then shows progress.

    `filters`: the task-list filters of the page's URL, name → values."""
    build = create(
        period,
        by=by,
        filters=filters,
        office_proposals=office_proposals,
        issued_on=issued_on,
    )
    from . import jobs

    transaction.on_commit(lambda: jobs.build_periodic_report.enqueue(build.pk))
    return build


def _filters(build: ReportBuild) -> dict:
    """The list filters as the page had them, cleaned again now."""
    query = QueryDict(mutable=True)
    for name, values in build.filters.items():
        query.setlist(name, [str(v) for v in values])
    return list_filters(query)[0]


def run(build: ReportBuild) -> ReportBuild:
    """Build both files of `build` (in the job); a failure is kept on it."""
    build.status = B.BUILDING
    build.save(update_fields=["status"])
    total = filing.STEPS + 2
    try:
        report = filing.build(
            build.created_by,
            period_of(build),
            issued_on=build.issued_on,
            filters=_filters(build),
            office_proposals=build.office_proposals,
            progress=lambda done, _steps: set_progress(build, done, total),
        )
        build.docx = filed_documents.to_docx(report)
        set_progress(build, filing.STEPS + 1, total)
        build.xlsx = filed_documents.to_xlsx(report)
        build.file_stem = report.filename
    except Exception as exc:  # noqa: BLE001 - kept on the build, shown on its page
        build.status, build.error = B.FAILED, f"{type(exc).__name__}: {exc}"
    else:
        build.status = B.READY
    build.finished_at = timezone.now()
    build.save()
    set_progress(build, total, total)
    return build
