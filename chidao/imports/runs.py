"""One uploaded task list from upload to import: its run, mapping and progress.

A small file is checked (and imported) while the officer waits; a file of more
than `IMPORT_BACKGROUND_ROWS` rows goes to a background job, and the page
shows its progress. The progress lives in the "progress" cache, which the
worker and the web process share: the import itself runs in one transaction,
whose rows nobody else can see until it ends.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.lib.errors import NotAllowed, Refused

from .legacy import FIELDS, TableError, Workbook, read_workbook
from .models import ColumnAlias, ImportRun
from .services import Plan, check, commit

if TYPE_CHECKING:
    from chidao.accounts.models import User

R = ImportRun.Status


def _cache():  # noqa: ANN202 - a Django cache
    return caches["progress"]


def _progress_key(run: ImportRun) -> str:
    return f"imports:run:{run.pk}"


def set_progress(run: ImportRun, done: int, total: int) -> None:
    _cache().set(_progress_key(run), [done, total], timeout=24 * 3600)


def progress_of(run: ImportRun) -> tuple[int, int]:
    """Rows (or tasks) done and in all, as the worker last said."""
    value = _cache().get(_progress_key(run))
    if value:
        return int(value[0]), int(value[1])
    return (run.rows, run.rows) if not run.is_busy else (0, run.rows)


def remembered() -> dict[str, str]:
    """Every header an officer has mapped, folded → field ("" for not used)."""
    return dict(ColumnAlias.objects.values_list("header", "field"))


def start_run(upload: BinaryIO, *, name: str, by: User) -> ImportRun:
    """Keep the uploaded list for its dry run and import; refuse what cannot be one."""
    if not by.is_office:
        raise NotAllowed(_("Only the Office imports tasks."))
    if not name.lower().endswith((".xlsx", ".csv")):
        raise Refused(_("Only XLSX and CSV files can be imported."), code="invalid")
    raw = upload.read(settings.IMPORT_MAX_BYTES + 1)
    if len(raw) > settings.IMPORT_MAX_BYTES:
        raise Refused(
            _("The file is larger than the limit of %(limit)s.")
            % {"limit": filesizeformat(settings.IMPORT_MAX_BYTES)},
            code="too_large",
        )
    if not raw:
        raise Refused(_("The file is empty."), code="invalid")
    return ImportRun.objects.create(
        file_name=name[:255],
        content=raw,
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        created_by=by,
    )


def workbook_of(run: ImportRun) -> Workbook:
    """The run's file read with the remembered mapping and this run's choices."""
    return read_workbook(bytes(run.content), run.file_name, remembered() | run.mapping)


def _fail(run: ImportRun, message: str) -> Plan:
    plan = Plan(rows=0)
    run.status = R.FAILED
    run.report = {**plan.to_json(), "message": message}
    run.save(update_fields=["status", "report"])
    return plan


def check_run(run: ImportRun, *, today: date) -> Plan:
    """The dry run of `run`: its report is kept on it; nothing else is written."""
    run.status = R.CHECKING
    run.save(update_fields=["status"])
    try:
        book = workbook_of(run)
    except TableError as exc:
        return _fail(run, str(exc))
    run.rows = book.row_count
    plan = check(
        book,
        by=run.created_by,
        today=today,
        progress=lambda done, total: set_progress(run, done, total),
    )
    run.status = R.CHECKED
    run.report = plan.to_json()
    run.save(update_fields=["status", "rows", "report"])
    return plan


def commit_run(run: ImportRun, *, today: date, now: datetime) -> Plan:
    """Check `run` again (ChiDao may have changed since) and import it whole."""
    plan = check_run(run, today=today)
    if run.status == R.FAILED or not plan.ok:
        return plan
    run.status = R.COMMITTING
    run.save(update_fields=["status"])
    plan = commit(
        plan,
        by=run.created_by,
        today=today,
        now=now,
        file_name=run.file_name,
        progress=lambda done, total: set_progress(run, done, total),
    )
    run.report = plan.to_json()
    if plan.committed:
        run.status, run.committed_at = R.COMMITTED, now
    else:
        run.status = R.CHECKED
    run.save(update_fields=["status", "report", "committed_at"])
    return plan


def in_background(run: ImportRun) -> bool:
    """Whether the run is large enough for a job (read the rows first)."""
    if run.rows == 0:
        try:
            run.rows = workbook_of(run).row_count
        except TableError:
            return False
        run.save(update_fields=["rows"])
    return run.rows > settings.IMPORT_BACKGROUND_ROWS


def process(
    run: ImportRun, *, import_now: bool, today: date | None = None
) -> Plan | None:
    """Check (and with `import_now` import) the run: now, or in a job for a
    large file, in which case None is returned and the page shows progress."""
    today = today or timezone.localdate()
    if in_background(run):
        from . import jobs

        run.status = R.QUEUED
        run.commit_when_checked = import_now
        run.save(update_fields=["status", "commit_when_checked"])
        set_progress(run, 0, run.rows)
        transaction.on_commit(
            lambda: jobs.process_import.enqueue(run.pk, today.isoformat())
        )
        return None
    if import_now:
        return commit_run(run, today=today, now=timezone.now())
    return check_run(run, today=today)


def save_mapping(run: ImportRun, choices: dict[str, str], *, by: User) -> ImportRun:
    """Use the officer's column choices for this run and remember them."""
    unknown = {f for f in choices.values() if f and f not in FIELDS}
    if unknown:
        raise Refused(_("Choose a field from the list."), code="invalid")
    current = {key: field for key, _header, field in workbook_of(run).headers()}
    for key, field in choices.items():
        if current.get(key) == (field or None):
            continue
        ColumnAlias.objects.update_or_create(
            header=key[:200], defaults={"field": field, "by": by}
        )
    run.mapping = {**run.mapping, **choices}
    run.save(update_fields=["mapping"])
    return run


def report_of(run: ImportRun) -> dict[str, Any]:
    """The run's last report, with its status and progress (API and page)."""
    done, total = progress_of(run)
    return {
        "id": run.pk,
        "status": run.status,
        "file_name": run.file_name,
        "progress": {"done": done, "total": total},
        **{k: v for k, v in run.report.items() if k != "directive_list"},
    }
