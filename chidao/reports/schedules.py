"""Scheduled reports (Art. 13): on its day, each schedule's report of the
period just ended is built and sent to its recipients as a notice that links
the DOCX and XLSX. Run once a day by the scheduler (`scheduling.schedule`);
a day run twice sends nothing twice (one build per schedule and period, one
notice per recipient and key)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from chidao.accounts.models import Role, User
from chidao.attachments.services import attach_file
from chidao.lib.periods import period_end, period_index
from chidao.notifications.services import deliver, written_for

from . import builds
from .exports import download_name
from .filed_documents import RENDERERS
from .models import ReportBuild, ReportSchedule
from .periods import Period


def due_period(schedule: ReportSchedule, today: date) -> Period | None:
    """The period whose report `schedule` sends today, if it sends one.

    It sends on its day of the month that follows the end of a period; the
    status is taken as of the day before, so late reports are counted.
    """
    if today.day != schedule.day:
        return None
    last = today.replace(day=1) - timedelta(days=1)
    kind = schedule.frequency
    if period_end(kind, last) != last:
        return None
    return Period.of(
        kind, last.year, period_index(kind, last), as_of=today - timedelta(days=1)
    )


def recipients_of(schedule: ReportSchedule) -> list[User]:
    users = set(schedule.recipients.filter(is_active=True))
    if schedule.to_all_leaders:
        users |= set(User.objects.with_role(Role.LEADER).filter(is_active=True))
    return sorted(users, key=lambda u: u.pk)


def attach_files(build: ReportBuild) -> None:
    """The build's DOCX and XLSX as files of the build (scanned, guarded)."""
    for extension in ("docx", "xlsx"):
        content = bytes(getattr(build, extension))
        attach_file(
            build,
            SimpleUploadedFile(
                download_name(build.file_stem, extension),
                content,
                content_type=RENDERERS[extension][1],
            ),
            by=build.created_by,
        )


def send_due(today: date) -> list[ReportBuild]:
    """Build and send every report due today; returns the builds made."""
    made = []
    for schedule in ReportSchedule.objects.filter(active=True).select_related(
        "created_by"
    ):
        period = due_period(schedule, today)
        if period is None:
            continue
        if ReportBuild.objects.filter(
            schedule=schedule, period_start=period.start, period_end=period.end
        ).exists():
            continue
        users = recipients_of(schedule)
        if not users:
            continue
        build = builds.create(
            period, by=schedule.created_by, issued_on=today, schedule=schedule
        )
        build.recipients.set(users)
        builds.run(build)
        made.append(build)
        if build.status != ReportBuild.Status.READY:
            continue

        def render(period: Period = period) -> tuple[str, str]:
            return (
                _("Periodic report, %(label)s") % {"label": period.label},
                _(
                    "The report on the execution of the tasks assigned, "
                    "%(label)s (status as of %(as_of)s) is attached: DOCX and XLSX."
                )
                % {"label": period.label, "as_of": period.as_of.strftime("%d/%m/%Y")},
            )

        attach_files(build)
        deliver(
            written_for(
                users,
                render,
                url=build.get_absolute_url(),
                key=f"report-schedule:{schedule.pk}:{period.slug}",
            )
        )
    return made
