"""Who gets what from every URL name of the project (SECURITY.md 4, 6, 8, 9).

Two tables, one line per URL (a URL name may have several lines, one per
target). Columns are the roles of `conftest.ROLES`:

    AN anonymous         AD admin                OL office lead
    TO tracking officer  AL agency lead (STC)    AO agency officer (STC)
    LE leader (reads all; writes only directions, comments, urges: issue 15)
    OU outsider (SNV officer)

`GETS`: the status of a plain GET. 405 marks a URL that only changes things.

`WRITES`: the status of a request that would succeed for an allowed role: the
method, target and valid body of its case (`CASES`, `BODIES`), so a refusal
proves the permission check and not the form. Each request runs in a savepoint
that is rolled back, so every line starts from the same seeded world. A
refusal (4xx, or the sign-in redirect of the anonymous) must leave every table
unchanged.

The targets (`TARGETS`) name the seeded object a URL is built for: STC's task,
its directive, report, comment and file (outsiders get 404 for all of them),
the STC officer's notice, an entered calendar day.

Admin pages (`admin:*`) are Django's own, behind `is_staff` and the address
allow-list (SECURITY.md 26): `test_permission_matrix` checks their index only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from .conftest import ROLES, World

# url name                   target         AN  AD  OL  TO  AL  AO  LE  OU
GETS = """
home                         -              302 200 302 302 302 302 302 302
search                       -              302 200 200 200 200 200 200 200
health                       -              200 200 200 200 200 200 200 200
set_language                 -              302 302 302 302 302 302 302 302
admin_home                   -              302 302 302 302 302 302 302 302
accounts:login               -              200 302 302 302 302 302 302 302
accounts:logout              -              405 405 405 405 405 405 405 405
accounts:password_change     -              302 200 200 200 200 200 200 200
accounts:import              -              302 200 403 403 403 403 403 403
accounts:mfa                 -              302 200 302 302 302 302 302 302
accounts:monitoring_notice   -              302 200 200 200 200 200 200 200
audit:list                   -              302 403 403 403 403 403 403 403
notifications:list           -              302 200 200 200 200 200 200 200
notifications:open           notification   405 405 405 405 405 405 405 405
notifications:read           notification   405 405 405 405 405 405 405 405
notifications:read_all       -              405 405 405 405 405 405 405 405
workdays:year                -              302 200 200 200 200 200 200 200
workdays:override_set        -              405 405 405 405 405 405 405 405
workdays:override_remove     -              405 405 405 405 405 405 405 405
attachments:download         attachment     302 200 200 200 200 200 200 404
attachments:upload           task-file      405 405 405 405 405 405 405 405
directives:list              -              302 200 200 200 200 200 200 200
directives:create            -              302 403 200 200 403 403 403 403
directives:detail            directive      302 200 200 200 200 200 200 404
directives:edit              directive      302 403 200 200 403 403 403 403
directives:hand_over         directive      405 405 405 405 405 405 405 405
directives:task_row          row-3          302 403 200 200 403 403 403 403
directives:direct            directive      405 405 405 405 405 405 405 405
tasks:list                   -              302 200 200 200 200 200 200 200
tasks:my_work                -              302 403 200 200 403 403 403 403
tasks:inbox                  -              302 403 403 403 200 200 403 200
tasks:awaiting_direction     -              302 403 200 403 403 403 200 403
tasks:urge_many              -              405 405 405 405 405 405 405 405
tasks:create                 for-directive  302 403 200 200 403 403 403 403
tasks:bulk                   bulk-accept    302 405 405 405 405 405 405 405
tasks:detail                 task           302 200 200 200 200 200 200 404
tasks:detail                 draft          302 200 200 200 404 404 200 404
tasks:edit                   task           302 403 200 200 403 403 403 404
tasks:subtask_create         task           405 405 405 405 405 405 405 405
tasks:action                 task-cancel    405 405 405 405 405 405 405 405
reports:dashboard            -              302 200 200 200 403 403 200 403
reports:agency_dashboard     -              302 403 403 403 200 200 403 200
reports:periodic             -              302 200 200 200 403 403 200 403
reports:periodic_download    xlsx           302 200 200 200 403 403 200 403
reports:periodic_build       -              405 405 405 405 405 405 405 405
reports:build                build          302 404 200 200 403 403 200 403
reports:build_progress       build          302 404 204 204 403 403 204 403
reports:build_download       build-docx     302 404 200 200 403 403 200 403
reports:schedules            -              302 403 200 403 403 403 403 403
reports:schedule_toggle      schedule       405 405 405 405 405 405 405 405
reports:usage                -              302 200 200 200 403 403 200 403
reports:usage_download       xlsx           302 200 200 200 403 403 200 403
reports:task_list_xlsx       -              302 200 200 200 200 200 200 200
reader:start                 -              302 403 200 200 403 403 403 403
reader:review                -              405 405 405 405 405 405 405 405
api:schema                   -              401 200 200 200 200 200 200 200
api:docs                     -              401 200 200 200 200 200 200 200
api:auth-token               -              405 405 405 405 405 405 405 405
api:me                       -              401 200 200 200 200 200 200 200
api:users                    -              401 200 200 200 403 403 403 403
api:agencies                 -              401 200 200 200 200 200 200 200
api:agency                   stc            401 200 200 200 200 200 200 200
api:notifications            -              401 200 200 200 200 200 200 200
api:notification-read        notification   401 405 405 405 405 405 405 405
api:calendar-add             calendar-add   401 200 200 200 200 200 200 200
api:calendar-days            calendar-days  401 200 200 200 200 200 200 200
api:calendar-override-set    -              401 405 405 405 405 405 405 405
api:calendar-override-remove day            401 405 405 405 405 405 405 405
api:attachment_download      attachment     401 200 200 200 200 200 200 404
api:task_attachments         task           401 200 200 200 200 200 200 404
api:directive_attachments    directive      401 200 200 200 200 200 200 404
api:report_attachments       report         401 200 200 200 200 200 200 404
api:comment_attachments      comment        401 200 200 200 200 200 200 404
api:directives               -              401 200 200 200 200 200 200 200
api:directive                directive      401 200 200 200 200 200 200 404
api:directive-hand-over      directive      401 405 405 405 405 405 405 405
api:tasks                    -              401 200 200 200 200 200 200 200
api:task                     task           401 200 200 200 200 200 200 404
api:task                     draft          401 200 200 200 404 404 200 404
api:task-events              task           401 200 200 200 200 200 200 404
api:task-action              task-cancel    401 405 405 405 405 405 405 405
api:task-subtasks            task           401 405 405 405 405 405 405 405
api:task-comments            task           401 200 200 200 200 200 200 404
api:task-reports             task           401 200 200 200 200 200 200 404
api:task-directions          task           401 200 200 200 200 200 200 404
api:sectors                  -              401 200 200 200 200 200 200 200
api:directive-read           -              401 403 405 405 403 403 403 403
api:reports-summary          -              401 200 200 200 200 200 200 200
imports:start                -              302 403 200 200 403 403 403 403
imports:template             -              302 403 200 200 403 403 403 403
imports:register             -              302 403 200 200 403 403 403 403
imports:run                  run            302 403 200 200 403 403 403 403
imports:progress             run            302 403 204 204 403 403 403 403
imports:mapping              run            405 405 405 405 405 405 405 405
imports:commit               run            405 405 405 405 405 405 405 405
imports:receive              -              302 403 200 200 403 403 403 403
imports:inbound              inbound        302 403 200 200 403 403 403 403
imports:inbound              inbound-change 302 403 200 200 403 403 403 403
imports:inbound_confirm      inbound        405 405 405 405 405 405 405 405
imports:inbound_apply        inbound-change 405 405 405 405 405 405 405 405
imports:inbound_dismiss      inbound        405 405 405 405 405 405 405 405
imports:inbound_link         inbound        405 405 405 405 405 405 405 405
api:import-tasks             -              401 403 405 405 403 403 403 403
api:import-run               run            401 403 200 200 403 403 403 403
api:directive-import         -              401 403 405 405 403 403 403 403
api:directive-register       -              401 403 200 200 403 403 403 403
api:directive-edxml-status   directive      401 403 200 200 403 403 403 403
"""

# url name                   case (CASES)   AN  AD  OL  TO  AL  AO  LE  OU
WRITES = """
directives:create            new-directive  302 403 302 302 403 403 403 403
directives:edit              edit-directive 302 403 302 302 403 403 403 403
directives:hand_over         hand-over      302 403 302 302 403 403 403 404
tasks:create                 new-task       302 403 302 302 403 403 403 403
tasks:edit                   edit-task      302 403 302 302 403 403 403 404
tasks:subtask_create         subtask        302 403 403 403 302 302 403 404
tasks:action                 cancel         302 403 302 403 403 403 403 404
tasks:bulk                   bulk-accept    302 403 403 403 302 302 403 404
tasks:bulk                   bulk-hand-over 302 403 302 302 403 403 403 403
tasks:action                 report         302 403 403 403 302 302 403 404
tasks:action                 comment        302 403 302 302 302 302 302 404
tasks:action                 direct         302 403 302 403 403 403 302 404
tasks:action                 urge           302 403 302 302 403 403 302 404
tasks:action                 ask-direction  302 403 302 302 403 403 403 404
tasks:urge_many              urge-many      302 403 302 302 403 403 302 403
directives:direct            direct-dir     302 403 302 403 403 403 302 404
attachments:upload           task-file      302 403 302 302 302 302 403 404
attachments:upload           directive-file 302 403 302 302 403 403 403 404
attachments:upload           report-file    302 403 403 403 403 302 403 404
notifications:open           notice         302 404 404 404 404 302 404 404
notifications:read           notice         302 404 404 404 404 302 404 404
notifications:read_all       empty          302 302 302 302 302 302 302 302
workdays:override_set        day            302 302 403 403 403 403 403 403
workdays:override_remove     day-remove     302 302 403 403 403 403 403 403
accounts:import              accounts-file  302 200 403 403 403 403 403 403
accounts:password_change     password       302 302 302 302 302 302 302 302
accounts:logout              empty          302 302 302 302 302 302 302 302
set_language                 language       302 302 302 302 302 302 302 302
reader:start                 read-text      302 403 200 200 403 403 403 403
reader:review                reviewed       302 403 302 302 403 403 403 403
api:auth-token               credentials    200 200 200 200 200 200 200 200
api:directives               api-directive  401 403 201 201 403 403 403 403
api:directive                api-summary    401 403 200 200 403 403 403 404
api:directive-hand-over      api-hand-over  401 403 200 200 403 403 403 404
api:tasks                    api-task       401 403 201 201 403 403 403 403
api:task                     api-task-edit  401 403 200 200 403 403 403 404
api:task-action              api-cancel     401 403 200 403 403 403 403 404
api:task-action              api-report     401 403 403 403 200 200 403 404
api:task-subtasks            api-subtask    401 403 403 403 201 201 403 404
api:task-comments            api-comment    401 403 201 201 201 201 201 404
api:task-directions          api-direction  401 403 201 403 403 403 201 404
api:task-action              api-urge       401 403 200 200 403 403 200 404
api:task-reports             api-new-report 401 403 403 403 201 201 403 404
api:task_attachments         api-task-file  401 403 201 201 201 201 403 404
api:directive_attachments    api-dir-file   401 403 201 201 403 403 403 404
api:report_attachments       api-rep-file   401 403 403 403 403 201 403 404
api:comment_attachments      api-com-file   401 403 403 403 403 201 403 404
api:notification-read        api-notice     401 404 404 404 404 200 404 404
api:directive-read           api-read-text  401 403 200 200 403 403 403 403
api:calendar-override-set    api-day        401 201 403 403 403 403 403 403
api:calendar-override-remove api-day-remove 401 204 403 403 403 403 403 403
imports:start                task-list      302 403 302 302 403 403 403 403
imports:mapping              mapping        302 403 302 302 403 403 403 403
imports:commit               import         302 403 302 302 403 403 403 403
reports:periodic_build       build-report   302 403 302 302 403 403 403 403
reports:schedules            schedule-new   302 403 302 403 403 403 403 403
reports:schedule_toggle      schedule-pause 302 403 302 403 403 403 403 403
imports:receive              edxml          302 403 302 302 403 403 403 403
imports:inbound_confirm      confirm-inb    302 403 302 302 403 403 403 403
imports:inbound_apply        apply-change   302 403 302 302 403 403 403 403
imports:inbound_dismiss      dismiss-inb    302 403 302 302 403 403 403 403
imports:inbound_link         link-inb       302 403 302 302 403 403 403 403
api:import-tasks             api-task-list  401 403 200 200 403 403 403 403
api:directive-import         api-edxml      401 403 201 201 403 403 403 403
"""

# Each case of WRITES: (method, target, body).
CASES: dict[str, tuple[str, str, str]] = {
    "new-directive": ("POST", "-", "directive"),
    "edit-directive": ("POST", "directive", "directive-edit"),
    "hand-over": ("POST", "directive", "-"),
    "new-task": ("POST", "for-directive", "task"),
    "edit-task": ("POST", "task", "task-edit"),
    "subtask": ("POST", "task", "subtask"),
    "cancel": ("POST", "task-cancel", "cancel"),
    "bulk-accept": ("POST", "bulk-accept", "bulk"),
    "bulk-hand-over": ("POST", "bulk-hand-over", "bulk-draft"),
    "report": ("POST", "task-report", "report"),
    "comment": ("POST", "task-comment", "comment"),
    "direct": ("POST", "task-direct", "direct"),
    "urge": ("POST", "task-urge", "urge"),
    "ask-direction": ("POST", "task-ask", "ask-direction"),
    "urge-many": ("POST", "-", "urge-many"),
    "direct-dir": ("POST", "directive", "direct"),
    "api-direction": ("POST", "task", "api-direction"),
    "api-urge": ("POST", "task-urge", "api-urge"),
    "task-file": ("POST", "task-file", "file"),
    "directive-file": ("POST", "directive-file", "file"),
    "report-file": ("POST", "report-file", "file"),
    "notice": ("POST", "notification", "-"),
    "empty": ("POST", "-", "-"),
    "day": ("POST", "-", "day"),
    "day-remove": ("POST", "-", "day-remove"),
    "accounts-file": ("POST", "-", "accounts-file"),
    "password": ("POST", "-", "password"),
    "language": ("POST", "-", "language"),
    "credentials": ("POST", "-", "credentials"),
    "read-text": ("POST", "-", "read-text"),
    "reviewed": ("POST", "-", "reviewed"),
    "api-read-text": ("POST", "-", "api-read-text"),
    "api-directive": ("POST", "-", "api-directive"),
    "api-summary": ("PATCH", "directive", "api-summary"),
    "api-hand-over": ("POST", "directive", "api-none"),
    "api-task": ("POST", "-", "api-task"),
    "api-task-edit": ("PATCH", "task", "api-task-edit"),
    "api-cancel": ("POST", "task-cancel", "api-reason"),
    "api-report": ("POST", "task-report", "api-report"),
    "api-new-report": ("POST", "task", "api-new-report"),
    "api-subtask": ("POST", "task", "api-subtask"),
    "api-comment": ("POST", "task", "api-comment"),
    "api-task-file": ("POST", "task", "file"),
    "api-dir-file": ("POST", "directive", "file"),
    "api-rep-file": ("POST", "report", "file"),
    "api-com-file": ("POST", "comment", "file"),
    "api-notice": ("POST", "notification", "api-none"),
    "api-day": ("POST", "-", "api-day"),
    "api-day-remove": ("DELETE", "day", "api-none"),
    "task-list": ("POST", "-", "task-list"),
    "mapping": ("POST", "run", "mapping"),
    "build-report": ("POST", "-", "build-report"),
    "schedule-new": ("POST", "-", "schedule"),
    "schedule-pause": ("POST", "schedule", "-"),
    "import": ("POST", "run", "-"),
    "edxml": ("POST", "-", "edxml"),
    "confirm-inb": ("POST", "inbound", "reviewed-inbound"),
    "apply-change": ("POST", "inbound-change", "-"),
    "dismiss-inb": ("POST", "inbound", "-"),
    "link-inb": ("POST", "inbound", "-"),
    "api-task-list": ("POST", "-", "task-list"),
    "api-edxml": ("POST", "-", "edxml"),
}

# Writes of the leaders' own (issue 15, Art. 9.1a, 9.1c): their directions,
# comments and urges. Every other write of the province is refused them.
LEADERS_OWN = frozenset(
    {
        "POST tasks:action [task-comment]",
        "POST tasks:action [task-direct]",
        "POST tasks:action [task-urge]",
        "POST tasks:urge_many [-]",
        "POST directives:direct [directive]",
        "POST api:task-comments [task]",
        "POST api:task-directions [task]",
        "POST api:task-action [task-urge]",
    }
)

# Writes that concern only the signed-in person (their notices, password,
# language, session), not the province's records: a leader may do these.
PERSONAL = frozenset(
    {
        "notifications:open",
        "notifications:read",
        "notifications:read_all",
        "accounts:password_change",
        "accounts:logout",
        "set_language",
        "api:auth-token",
        "api:notification-read",
    }
)


@dataclass(frozen=True)
class Line:
    name: str
    target: str
    expected: dict[str, int]
    method: str = "GET"
    body: str = "-"

    def __str__(self) -> str:
        return f"{self.method} {self.name} [{self.target}]"


def _parse(table: str, *, writes: bool) -> list[Line]:
    lines = []
    for raw in table.strip().splitlines():
        name, key, *codes = raw.split()
        expected = dict(zip(ROLES, (int(c) for c in codes), strict=True))
        if writes:
            method, target, body = CASES[key]
            lines.append(Line(name, target, expected, method, body))
        else:
            lines.append(Line(name, key, expected))
    return lines


GET_LINES = _parse(GETS, writes=False)
WRITE_LINES = _parse(WRITES, writes=True)


def _pk(attr: str) -> Callable[[World], tuple[dict, str]]:
    return lambda w: ({"pk": getattr(w, attr).pk}, "")


TARGETS: dict[str, Callable[[World], tuple[dict[str, Any], str]]] = {
    "-": lambda w: ({}, ""),
    "task": _pk("task"),
    "draft": _pk("draft"),
    "directive": _pk("directive"),
    "attachment": _pk("attachment"),
    "report": _pk("report"),
    "comment": _pk("comment"),
    "notification": _pk("notification"),
    "stc": lambda w: ({"pk": w.agencies["stc"].pk}, ""),
    "day": lambda w: ({"day": w.day}, ""),
    "xlsx": lambda w: ({"fmt": "xlsx"}, ""),
    "for-directive": lambda w: ({}, f"directive={w.directive.pk}"),
    "task-cancel": lambda w: ({"pk": w.task.pk, "action": "cancel"}, ""),
    "bulk-accept": lambda w: ({"action": "accept"}, ""),
    "bulk-hand-over": lambda w: ({"action": "hand_over"}, ""),
    "row-3": lambda w: ({}, "tasks-TOTAL_FORMS=3"),
    "task-report": lambda w: ({"pk": w.task.pk, "action": "report"}, ""),
    "task-comment": lambda w: ({"pk": w.task.pk, "action": "comment"}, ""),
    "task-direct": lambda w: ({"pk": w.task.pk, "action": "direct"}, ""),
    "task-urge": lambda w: ({"pk": w.task.pk, "action": "urge"}, ""),
    "task-ask": lambda w: ({"pk": w.task.pk, "action": "ask_direction"}, ""),
    "task-file": lambda w: ({"kind": "task", "pk": w.task.pk}, ""),
    "directive-file": lambda w: ({"kind": "directive", "pk": w.directive.pk}, ""),
    "report-file": lambda w: ({"kind": "report", "pk": w.report.pk}, ""),
    "calendar-add": lambda w: ({}, "date=2026-11-20&days=5"),
    "calendar-days": lambda w: ({}, "from=2026-11-01&to=2026-11-30"),
    "run": lambda w: ({"pk": w.extra["run"].pk}, ""),
    "build": lambda w: ({"pk": w.extra["build"].pk}, ""),
    "build-docx": lambda w: ({"pk": w.extra["build"].pk, "fmt": "docx"}, ""),
    "schedule": lambda w: ({"pk": w.extra["schedule"].pk}, ""),
    "inbound": lambda w: ({"pk": w.extra["inbound"].pk}, ""),
    "inbound-change": lambda w: ({"pk": w.extra["inbound_change"].pk}, ""),
}


def url_of(line: Line, world: World) -> str:
    from django.urls import reverse

    kwargs, query = TARGETS[line.target](world)
    url = reverse(line.name, kwargs=kwargs)
    return f"{url}?{query}" if query else url


@cache
def pdf() -> bytes:
    from chidao.attachments.tests.samples import pdf_bytes

    return pdf_bytes(("Báo cáo kết quả thực hiện nhiệm vụ",))


DIRECTIVE_TEXT = (
    "ỦY BAN NHÂN DÂN TỈNH AN GIANG\nSố: 779/UBND-KT\n"
    "V/v kiểm tra công tác quyết toán\n"
    "Giao Sở Tài chính báo cáo kết quả quyết toán trước ngày 30/12/2026.\n"
)


@cache
def _edxml() -> bytes:
    from chidao.imports.tests.messages import Message

    return Message(
        number="246", document_id="000.00.00.H41,2026/11/18,246/UBND-KT"
    ).build()


def _file(name: str = "bao-cao.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else pdf())


# Each body: (data, "form" | "json"). Forms may carry files (multipart).
BODIES: dict[str, Callable[[World], tuple[dict[str, Any], str]]] = {
    "-": lambda w: ({}, "form"),
    "api-none": lambda w: ({}, "json"),
    "directive": lambda w: (
        {
            "classification": "thuong",
            "kind": "cong_van",
            "number": "777/UBND-KT",
            "issued_on": "2026-11-18",
            "summary": "Về việc kiểm tra công tác quyết toán",
            "tasks-TOTAL_FORMS": "1",
            "tasks-INITIAL_FORMS": "0",
            "tasks-MIN_NUM_FORMS": "0",
            "tasks-MAX_NUM_FORMS": "60",
            "tasks-0-content": "Báo cáo kết quả quyết toán",
            "tasks-0-lead_agency": w.agencies["stc"].pk,
            "tasks-0-kind": "deadline_report",
            "tasks-0-deadline": "2026-12-30",
            "tasks-0-tracking_officer": w.users["tracking_officer"].pk,
        },
        "form",
    ),
    "directive-edit": lambda w: (
        {
            "classification": "thuong",
            "kind": w.directive.kind,
            "number": w.directive.number,
            "issued_on": w.directive.issued_on.isoformat(),
            "summary": "Về quản lý ngân sách năm 2027 (sửa)",
        },
        "form",
    ),
    "task": lambda w: (
        {
            "content": "Tổng hợp báo cáo quyết toán",
            "lead_agency": w.agencies["stc"].pk,
            "kind": "deadline_report",
            "deadline": "2026-12-30",
            "tracking_officer": w.users["tracking_officer"].pk,
        },
        "form",
    ),
    "task-edit": lambda w: (
        {
            "content": "Lập dự toán ngân sách năm 2027 (sửa)",
            "lead_agency": w.task.lead_agency_id,
            "kind": w.task.kind,
            "deadline": w.task.deadline.isoformat(),
            "tracking_officer": w.task.tracking_officer_id,
            "sector": w.task.sector_id,
            "version": w.task.version,
        },
        "form",
    ),
    "subtask": lambda w: (
        {
            "subtask-lead_agency": w.agencies["stc_unit"].pk,
            "subtask-content": "Tổng hợp số liệu các đơn vị",
            "subtask-deadline": "2026-12-10",
        },
        "form",
    ),
    "cancel": lambda w: ({"cancel-reason": "Không còn phù hợp."}, "form"),
    "bulk": lambda w: ({"task": [w.task.pk], "confirmed": "1"}, "form"),
    "bulk-draft": lambda w: ({"task": [w.draft.pk], "confirmed": "1"}, "form"),
    "report": lambda w: ({"report-text": "Đã hoàn thành 50% khối lượng."}, "form"),
    "comment": lambda w: ({"comment-text": "Đề nghị bổ sung số liệu."}, "form"),
    "direct": lambda w: ({"direct-text": "Khẩn trương hoàn thành."}, "form"),
    "urge": lambda w: ({"urge-message": "Đề nghị báo cáo ngay."}, "form"),
    "ask-direction": lambda w: (
        {"ask_direction-question": "Hai sở có ý kiến khác nhau."},
        "form",
    ),
    "urge-many": lambda w: (
        {"task": [w.task.pk], "message": "Đề nghị báo cáo.", "confirmed": "1"},
        "form",
    ),
    "api-direction": lambda w: ({"text": "Khẩn trương hoàn thành."}, "json"),
    "api-urge": lambda w: ({"message": "Đề nghị báo cáo ngay."}, "json"),
    "file": lambda w: ({"file": _file()}, "form"),
    "day": lambda w: (
        {"day": "2027-01-02", "kind": "working_day", "reason": "Thông báo 1/TB-BNV"},
        "form",
    ),
    "day-remove": lambda w: ({"day": w.day.isoformat()}, "form"),
    "accounts-file": lambda w: (
        {
            "file": _file(
                "tai-khoan.csv",
                "ten_dang_nhap,ho_va_ten,ma_co_quan,vai_tro\n"
                "stc.moi,Lê Văn Mới,STC,agency_officer\n".encode(),
            )
        },
        "form",
    ),
    "password": lambda w: (
        {
            "old_password": w.extra["password"],
            "new_password1": "Sông-Hậu-chảy-2026!",
            "new_password2": "Sông-Hậu-chảy-2026!",
        },
        "form",
    ),
    "language": lambda w: ({"language": "vi", "next": "/"}, "form"),
    "credentials": lambda w: (
        {"username": "stc.chuyenvien", "password": w.extra["password"]},
        "json",
    ),
    "read-text": lambda w: ({"text": DIRECTIVE_TEXT}, "form"),
    "reviewed": lambda w: (
        {
            "source_text": DIRECTIVE_TEXT,
            "directive-classification": "thuong",
            "directive-kind": "cong_van",
            "directive-number": "779/UBND-KT",
            "directive-issued_on": "2026-11-18",
            "directive-summary": "Về việc kiểm tra công tác quyết toán",
            "tasks-TOTAL_FORMS": "1",
            "tasks-INITIAL_FORMS": "0",
            "tasks-MIN_NUM_FORMS": "0",
            "tasks-MAX_NUM_FORMS": "80",
            "tasks-0-content": "Báo cáo kết quả quyết toán",
            "tasks-0-lead_agency": w.agencies["stc"].pk,
            "tasks-0-kind": "deadline_report",
            "tasks-0-deadline": "2026-12-30",
            "tasks-0-tracking_officer": w.users["tracking_officer"].pk,
        },
        "form",
    ),
    "api-read-text": lambda w: ({"text": DIRECTIVE_TEXT}, "json"),
    "task-list": lambda w: (
        {
            "file": _file(
                "theo-doi.csv",
                "Số ký hiệu,Ngày ban hành,Trích yếu,Nội dung nhiệm vụ,Cơ quan chủ trì\n"
                "304/UBND-KT,02/11/2026,V/v kiểm tra,Kiểm tra số liệu,Sở Tài chính\n"
                "".encode(),
            )
        },
        "form",
    ),
    "mapping": lambda w: ({"map-column_0": "number"}, "form"),
    "build-report": lambda w: (
        {"query": "period=q4&year=2026", "office_proposals": "Đề xuất"},
        "form",
    ),
    "schedule": lambda w: (
        {"frequency": "month", "to_all_leaders": "on", "day": "5"},
        "form",
    ),
    "edxml": lambda w: ({"file": _file("246.edxml", _edxml())}, "form"),
    "reviewed-inbound": lambda w: (
        {
            "source_text": "Giao Sở Tài chính lập dự toán ngân sách năm 2027.",
            "directive-classification": "thuong",
            "directive-kind": "cong_van",
            "directive-number": "780/UBND-KT",
            "directive-issued_on": "2026-11-18",
            "directive-summary": "Về quản lý ngân sách năm 2027",
            "tasks-TOTAL_FORMS": "0",
            "tasks-INITIAL_FORMS": "0",
            "tasks-MIN_NUM_FORMS": "0",
            "tasks-MAX_NUM_FORMS": "80",
        },
        "form",
    ),
    "api-directive": lambda w: (
        {
            "kind": "cong_van",
            "number": "778/UBND-KT",
            "summary": "Về việc kiểm tra công tác quyết toán",
            "issued_on": "2026-11-18",
        },
        "json",
    ),
    "api-summary": lambda w: ({"summary": "Tóm tắt đã sửa"}, "json"),
    "api-task": lambda w: (
        {
            "directive": w.directive.pk,
            "content": "Tổng hợp báo cáo quyết toán",
            "lead_agency": w.agencies["stc"].pk,
            "kind": "deadline_report",
            "deadline": "2026-12-30",
        },
        "json",
    ),
    "api-task-edit": lambda w: (
        {"version": w.task.version, "content": "Nội dung đã sửa"},
        "json",
    ),
    "api-reason": lambda w: ({"reason": "Không còn phù hợp."}, "json"),
    "api-report": lambda w: ({"text": "Đã hoàn thành 50% khối lượng."}, "json"),
    "api-new-report": lambda w: (
        {"text": "Đã hoàn thành 50%.", "difficulties": "Thiếu vốn"},
        "json",
    ),
    "api-comment": lambda w: ({"text": "Đề nghị bổ sung số liệu."}, "json"),
    "api-subtask": lambda w: (
        {
            "lead_agency": w.agencies["stc_unit"].pk,
            "content": "Tổng hợp số liệu các đơn vị",
            "deadline": "2026-12-10",
        },
        "json",
    ),
    "api-day": lambda w: (
        {"date": "2027-01-02", "kind": "working_day", "reason": "Thông báo 1/TB-BNV"},
        "json",
    ),
}


def send(
    client: Any, line: Line, world: World, *, csrf_token: str = "", **extra: Any
) -> Any:
    """Make the request of `line` with its body (and a CSRF token if given)."""
    url = url_of(line, world)
    if line.method == "GET":
        return client.get(url, **extra)
    data, kind = BODIES[line.body](world)
    if kind == "json":
        if csrf_token:
            extra["HTTP_X_CSRFTOKEN"] = csrf_token
        return client.generic(
            line.method,
            url,
            json.dumps(data),
            content_type="application/json",
            **extra,
        )
    if line.method != "POST":
        raise ValueError(f"{line}: form bodies go with POST only")
    if csrf_token:
        data["csrfmiddlewaretoken"] = csrf_token
    return client.post(url, data, **extra)
