"""One small province for the security sweep: every role, one object of each kind.

STC leads the task everything hangs on (`world.task`, accepted), with a report
and a comment by its officer, a clean file, and a draft the Office has not
handed over yet. SNV (the outsider's agency) leads a task of another directive.
Today is 20/11/2026, 10:00 in Hà Nội.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import translation

from chidao.accounts.models import User
from chidao.accounts.permissions import has_admin_rights
from chidao.accounts.tests.factories import PASSWORD, verify_mfa
from chidao.agencies.models import Agency
from chidao.attachments.models import Attachment
from chidao.attachments.tests.factories import AttachmentFactory
from chidao.directives.models import Directive
from chidao.notifications.models import Notification
from chidao.notifications.tests.factories import NotificationFactory
from chidao.tasks.models import Comment, ProgressReport, Sector, Task
from chidao.tasks.tests.factories import (
    CommentFactory,
    DirectiveFactory,
    ProgressReportFactory,
    SectorFactory,
    TaskFactory,
)
from chidao.workdays.models import DayKind, DayOverride

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 11, 20)
S = Task.State

# Every role of accounts.Role, plus an agency user with no part in the seeded
# task (SECURITY.md 1) and nobody signed in.
ROLES = (
    "anonymous",
    "admin",
    "office_lead",
    "tracking_officer",
    "agency_lead",
    "agency_officer",
    "leader",
    "outsider",
)


@dataclass
class World:
    users: dict[str, User | None]
    agencies: dict[str, Agency]
    directive: Directive
    task: Task
    draft: Task
    other_directive: Directive
    other_task: Task
    report: ProgressReport
    comment: Comment
    attachment: Attachment
    notification: Notification
    sector: Sector
    day: date
    extra: dict[str, object] = field(default_factory=dict)

    def client(self, role: str, **kwargs: object) -> Client:
        """A test client signed in as `role` (none for "anonymous")."""
        client = Client(**kwargs)
        user = self.users[role]
        if user is not None:
            client.force_login(user)
            if has_admin_rights(user):
                verify_mfa(client, user)  # SECURITY.md 18
        return client


def counts() -> dict[str, int]:
    """Rows of every table the app writes to, to prove a refusal changed nothing."""
    from django.apps import apps

    # Sign-in bookkeeping, including the admin's second factor (World.client).
    skip = {
        "sessions.session",
        "axes.accesslog",
        "axes.accessattempt",
        "otp_totp.totpdevice",
        # Derived counts a reader builds or moves to the day (tasks.rollup,
        # issue 12), like a cache: no record changes; `rollup.check` guards them.
        "tasks.standingcount",
        "tasks.standingrollup",
    }
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in skip and not model._meta.proxy
    }


def fingerprint(world: World) -> dict[str, object]:
    """Row counts plus the fields of the seeded task a write could touch."""
    task = Task.objects.values(
        "state", "version", "content", "deadline", "lead_agency", "updated_at"
    ).get(pk=world.task.pk)
    directive = Directive.objects.values("number", "summary", "updated_at").get(
        pk=world.directive.pk
    )
    return {"counts": counts(), "task": task, "directive": directive}


@pytest.fixture(autouse=True)
def security_media(settings, tmp_path: Path) -> Path:  # noqa: ANN001
    """Files go to a per-test directory; no ClamAV daemon is consulted."""
    root = tmp_path / "media"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    settings.CLAMAV_SOCKET = ""
    settings.CLAMAV_TCP = ""
    cache.clear()
    return root


@pytest.fixture
def frozen(db: None) -> Iterator[date]:
    with time_machine.travel(datetime.combine(TODAY, time(10), tzinfo=TZ), tick=False):
        yield TODAY


@pytest.fixture
def vietnamese() -> Iterator[None]:
    with translation.override("vi"):
        yield


@pytest.fixture
def world(
    frozen: date,
    ubnd: Agency,
    vp: Agency,
    stc: Agency,
    stc_unit: Agency,
    snv: Agency,
    admin_user: User,
    vp_lanhdao: User,
    vp_chuyenvien: User,
    stc_lanhdao: User,
    stc_chuyenvien: User,
    chutich: User,
    snv_chuyenvien: User,
) -> World:
    sector = SectorFactory(code="tai-chinh", name="Tài chính")
    handed = datetime(2026, 11, 4, 9, tzinfo=TZ)
    directive = DirectiveFactory(
        number="101/UBND-KT",
        summary="Về quản lý ngân sách năm 2027",
        issued_on=date(2026, 11, 2),
        directing_leader=chutich,
    )
    task = TaskFactory(
        directive=directive,
        lead_agency=stc,
        state=S.ACCEPTED,
        handed_over_at=handed,
        tracking_officer=vp_chuyenvien,
        sector=sector,
        deadline=date(2026, 12, 15),
        content="Lập dự toán ngân sách năm 2027",
    )
    draft = TaskFactory(
        directive=directive,
        lead_agency=stc,
        state=S.DRAFT,
        tracking_officer=vp_chuyenvien,
        content="Rà soát tài sản công",
    )
    other_directive = DirectiveFactory(
        number="202/UBND-VX",
        summary="Về tinh giản biên chế",
        issued_on=date(2026, 11, 2),
    )
    other_task = TaskFactory(
        directive=other_directive,
        lead_agency=snv,
        state=S.ACCEPTED,
        handed_over_at=handed,
        tracking_officer=vp_chuyenvien,
        content="Sắp xếp tổ chức bộ máy cấp xã",
    )
    report = ProgressReportFactory(task=task, by=stc_chuyenvien)
    comment = CommentFactory(task=task, by=stc_chuyenvien)
    attachment = AttachmentFactory(parent=task, uploaded_by=stc_chuyenvien)
    notification = NotificationFactory(
        recipient=stc_chuyenvien, url=task.get_absolute_url()
    )
    day = date(2026, 12, 26)
    DayOverride.objects.create(
        day=day, kind=DayKind.WORKING_DAY, reason="Làm bù", created_by=admin_user
    )
    return World(
        users={
            "anonymous": None,
            "admin": admin_user,
            "office_lead": vp_lanhdao,
            "tracking_officer": vp_chuyenvien,
            "agency_lead": stc_lanhdao,
            "agency_officer": stc_chuyenvien,
            "leader": chutich,
            "outsider": snv_chuyenvien,
        },
        agencies={"ubnd": ubnd, "vp": vp, "stc": stc, "stc_unit": stc_unit, "snv": snv},
        directive=directive,
        task=task,
        draft=draft,
        other_directive=other_directive,
        other_task=other_task,
        report=report,
        comment=comment,
        attachment=attachment,
        notification=notification,
        sector=sector,
        day=day,
        extra={
            "password": PASSWORD,
            **_imports(vp_chuyenvien, directive),
            **_reports(vp_lanhdao, chutich),
        },
    )


def _reports(office_lead: User, leader: User) -> dict[str, object]:
    """A periodic report built by the office lead and sent to the leader, and
    the schedule that sends it (issue 15)."""
    from chidao.reports.models import ReportBuild, ReportSchedule

    schedule = ReportSchedule.objects.create(
        frequency="quarter", day=5, created_by=office_lead
    )
    schedule.recipients.set([leader])
    build = ReportBuild.objects.create(
        period_start=date(2026, 10, 1),
        period_end=date(2026, 12, 31),
        as_of=date(2026, 11, 20),
        period_kind="quarter",
        period_year=2026,
        period_n=4,
        issued_on=date(2026, 11, 20),
        status=ReportBuild.Status.READY,
        docx=b"PK docx",
        xlsx=b"PK xlsx",
        file_stem="Bao cao",
        created_by=office_lead,
        schedule=schedule,
    )
    build.recipients.set([leader])
    return {"build": build, "schedule": schedule}


def _imports(officer: User, directive: Directive) -> dict[str, object]:
    """A checked task list and two documents from the document system waiting
    for review: a new one (numbered like `directive`) and a change to it."""
    from chidao.imports.models import ImportRun, InboundDocument

    content = (
        "Số ký hiệu,Ngày ban hành,Trích yếu,Nội dung nhiệm vụ,Cơ quan chủ trì\n"
        "303/UBND-KT,02/11/2026,V/v kiểm tra,Kiểm tra quyết toán,Sở Tài chính\n"
    ).encode()
    run = ImportRun.objects.create(
        file_name="theo-doi.csv",
        content=content,
        sha256="0" * 64,
        size=len(content),
        rows=1,
        status=ImportRun.Status.CHECKED,
        created_by=officer,
    )
    received = datetime(2026, 11, 19, 8, tzinfo=TZ)
    header = {
        "number": directive.number,
        "issued_on": directive.issued_on.isoformat(),
        "subject": "Về quản lý ngân sách năm 2027 (bản điện tử)",
    }
    common = {
        "sender_code": "000.00.00.H41",
        "origin": InboundDocument.Origin.API,
        "file_name": "101.edxml",
        "header": header,
        "received_by": officer,
        "received_at": received,
    }
    inbound = InboundDocument.objects.create(
        document_id="000.00.00.H41,2026/11/02,101/UBND-KT",
        sha256="1" * 64,
        source_text="Giao Sở Tài chính lập dự toán ngân sách năm 2027.",
        **common,
    )
    change = InboundDocument.objects.create(
        document_id="000.00.00.H41,2026/11/02,101/UBND-KT,v2",
        sha256="2" * 64,
        business=InboundDocument.Business.UPDATE,
        directive=directive,
        **common,
    )
    return {"run": run, "inbound": inbound, "inbound_change": change}


def is_postgres() -> bool:
    return connection.vendor == "postgresql"
