"""One row of a legacy task list, checked: the task it stands for, or why not.

Every cell is read the way the rest of ChiDao reads it: agencies with the
directive reader's matcher, deadlines with its rules, task fields with the
checks of `tasks.services`. A refusal names the row, the column as the
spreadsheet writes it, and a translated reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.accounts.models import AGENCY_ROLES, OFFICE_ROLES, Role, User
from chidao.agencies.models import Agency
from chidao.directives.models import Directive, search_key
from chidao.directives.validation import check_issued_on, clean_number
from chidao.lib.text import fold
from chidao.tasks import services as task_services
from chidao.tasks.models import Sector, Task

from . import reading
from .legacy import FIELDS, BadDate, Row, date_of, text_of

if TYPE_CHECKING:
    from chidao.reader.agencies import Gazetteer

S = Task.State
K = Task.Kind
# Steps of one task on one day, minutes apart, in office hours.
MORNING = time(8)
AFTERNOON = time(16)

# Status words of a tracking list → the state the task has reached. Read in
# this order: "chưa hoàn thành" is not done, "hoàn thành quá hạn" is.
STATUS_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (S.CANCELLED, ("da huy", "huy bo", "huy", "dung thuc hien", "khong thuc hien")),
    (S.HANDED_OVER, ("chua thuc hien", "chua trien khai", "chua bat dau")),
    (
        S.ACCEPTED,
        ("chua hoan thanh", "dang thuc hien", "dang trien khai", "dang xu ly"),
    ),
    (S.REPORTED_DONE, ("cho xac nhan", "da bao cao hoan thanh")),
    (S.CONFIRMED_DONE, ("hoan thanh", "da xong", "xong", "da thuc hien")),
    (S.ACCEPTED, ("qua han", "cham", "tre han", "dang")),
]
KIND_WORDS: list[tuple[str, str]] = [
    ("quyet dinh", Directive.Kind.QUYET_DINH),
    ("chi thi", Directive.Kind.CHI_THI),
    ("cong dien", Directive.Kind.CONG_DIEN),
    ("thong bao", Directive.Kind.THONG_BAO),
    ("cong van", Directive.Kind.CONG_VAN),
]
# The symbol's first part names the kind (Decree 30/2020, Appendix III).
SYMBOL_KINDS = {
    "QD": Directive.Kind.QUYET_DINH,
    "CT": Directive.Kind.CHI_THI,
    "CD": Directive.Kind.CONG_DIEN,
    "TB": Directive.Kind.THONG_BAO,
}
PERIODS = frozenset({"quarter", "half_year", "year"})
_NUMBER_IN_TEXT = re.compile(
    r"\d+[A-Za-z]?(?:/\d{4})?/[A-Za-zĐđ0-9&.]+(?:-[A-Za-zĐđ0-9&.]+)*"
)
_DATE_IN_TEXT = re.compile(
    r"ngày\s+(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4})", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")


@dataclass
class Refusal:
    sheet: str
    row: int
    column: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "sheet": self.sheet,
        }


@dataclass
class PlannedTask:
    sheet: str
    row: int
    content: str
    lead_agency: Agency
    cooperating_agencies: list[Agency]
    kind: str
    deadline: date | None
    period: str
    state: str
    handed_over_on: date
    completed_on: date | None
    status_text: str
    note: str
    tracking_officer: User | None
    sector: Sector | None

    @property
    def key(self) -> tuple[str, int]:
        return search_key(self.content), self.lead_agency.pk

    def create_values(self, issued_on: date) -> dict[str, Any]:
        """`create_task` arguments; created on its directive's issue date."""
        return {
            "content": self.content,
            "lead_agency": self.lead_agency,
            "cooperating_agencies": self.cooperating_agencies,
            "tracking_officer": self.tracking_officer,
            "kind": self.kind,
            "deadline": self.deadline,
            "period": self.period,
            "sector": self.sector,
            "at": moment(min(issued_on, self.handed_over_on), MORNING, 0),
        }


@dataclass
class PlannedDirective:
    number: str
    issued_on: date
    summary: str
    signer: str
    kind: str
    sheet: str
    row: int
    existing: Directive | None = None
    tasks: list[PlannedTask] = field(default_factory=list)
    skipped: int = 0
    headers: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "issued_on": self.issued_on.isoformat(),
            "summary": self.summary,
            "existing": self.existing.pk if self.existing else None,
            "tasks_new": len(self.tasks),
            "tasks_skipped": self.skipped,
            "sheet": self.sheet,
            "row": self.row,
        }


def moment(day: date, at: time, minutes: int) -> datetime:
    tz = timezone.get_current_timezone()
    return datetime.combine(day, at, tzinfo=tz) + timedelta(minutes=minutes)


def status_of(text: str) -> str | None:
    """The state a status cell says the task reached; None for no status word."""
    padded = f" {re.sub(r'[^a-z0-9]+', ' ', fold(text))} "
    for state, phrases in STATUS_WORDS:
        if any(f" {p} " in padded for p in phrases):
            return state
    return None


def kind_of(text: str, number: str) -> str:
    """The kind of document from its column, else from the number's symbol."""
    folded = fold(text)
    for words, kind in KIND_WORDS:
        if words in folded:
            return kind
    symbol = number.split("/")[-1].split("-")[0]
    return SYMBOL_KINDS.get(fold(symbol).upper(), Directive.Kind.CONG_VAN)


def _roles_of_active_users() -> dict[int, tuple[User, set[str]]]:
    """Every active user with a role, and the roles, in two queries."""
    memberships = User.groups.through.objects.filter(
        user__is_active=True, group__name__in=Role.values
    ).values_list("user_id", "group__name")
    names: dict[int, set[str]] = {}
    for user_id, role in memberships:
        names.setdefault(user_id, set()).add(role)
    return {u.pk: (u, names[u.pk]) for u in User.objects.filter(pk__in=names)}


class Lookups:
    """Everything rows are matched against, read once per file."""

    def __init__(self, *, by: User) -> None:
        self.by = by
        self.gazetteer: Gazetteer = reading.registry()
        self.agencies = Agency.objects.in_bulk()
        self._named: dict[str, list[reading.Named]] = {}
        self._due: dict[tuple[str, date | None], reading.Due] = {}
        roles = _roles_of_active_users()
        office = [u for u, r in roles.values() if r & {*OFFICE_ROLES}]
        self.officers: dict[str, User] = {}
        for user in sorted(office, key=lambda u: u.username):
            self.officers.setdefault(fold(user.username), user)
            if user.full_name:
                self.officers.setdefault(fold(user.full_name), user)
        self.office_lead = by if by.has_role(Role.OFFICE_LEAD) else None
        if self.office_lead is None:
            self.office_lead = next(
                (
                    u
                    for u in sorted(office, key=lambda u: u.username)
                    if Role.OFFICE_LEAD in roles[u.pk][1]
                ),
                None,
            )
        self.sectors: dict[str, Sector] = {}
        for sector in Sector.objects.filter(active=True):
            self.sectors[fold(sector.name)] = sector
            self.sectors[fold(sector.code)] = sector
        # Agency steps of a task's past are taken by one of its people: an
        # officer when it has one, else its lead.
        self.agency_users: dict[int, User] = {}
        people = [
            (Role.AGENCY_OFFICER not in r, u.username, u)
            for u, r in roles.values()
            if u.agency_id and r & {*AGENCY_ROLES}
        ]
        for _lead_only, _name, user in sorted(people, key=lambda p: p[:2]):
            self.agency_users.setdefault(user.agency_id, user)

    def named(self, text: str) -> list[reading.Named]:
        if text not in self._named:
            self._named[text] = reading.agencies_in(text, self.gazetteer)
        return self._named[text]

    def due(self, text: str, issued_on: date | None) -> reading.Due:
        key = (text, issued_on)
        if key not in self._due:
            self._due[key] = reading.deadline_in(text, issued_on)
        return self._due[key]

    def default_officer(self) -> User | None:
        by = self.by
        return by if by.has_role(Role.TRACKING_OFFICER, Role.OFFICE_LEAD) else None


class _RowCheck:
    """The refusals of one row, each said of the column it comes from."""

    def __init__(self, row: Row) -> None:
        self.row = row
        self.errors: list[Refusal] = []

    def column(self, name: str) -> str:
        return self.row.headers.get(name) or str(FIELDS.get(name, name))

    def add(self, name: str, message: str) -> None:
        self.errors.append(
            Refusal(self.row.sheet, self.row.number, self.column(name), message)
        )

    def errors_in(self, name: str) -> bool:
        column = self.column(name)
        return any(e.column == column for e in self.errors)

    def text(self, name: str) -> str:
        return text_of(self.row.cells.get(name))

    def date(self, name: str) -> date | None:
        try:
            return date_of(self.row.cells.get(name))
        except BadDate:
            self.add(
                name,
                _("“%(text)s” is not a date; write it as dd/mm/yyyy.")
                % {"text": self.text(name)},
            )
            return None


# Task fields refused by `task_field_errors` → the field whose column said it.
TASK_FIELD_COLUMN = {
    "kind": "deadline",
    "period": "deadline",
    "deadline": "deadline",
    "lead_agency": "lead_agency",
    "cooperating_agencies": "cooperating_agencies",
    "tracking_officer": "tracking_officer",
    "content": "content",
}


def _agencies(check: _RowCheck, name: str, look: Lookups) -> list[Agency]:
    found: list[Agency] = []
    for named in look.named(check.text(name)):
        if not named.ids:
            check.add(
                name,
                _("No agency named “%(name)s” is in ChiDao's list of agencies.")
                % {"name": named.written},
            )
            continue
        for pk in named.ids:
            agency = look.agencies.get(pk)
            if agency is not None and agency not in found:
                found.append(agency)
    return found


def _directive_of(check: _RowCheck, today: date) -> tuple[str, date | None]:
    """The row's directive number and issue date (both may share one cell)."""
    raw = check.text("number")
    if not raw:
        check.add("number", _("Enter the number and symbol of the directive."))
        return "", None
    token = _NUMBER_IN_TEXT.search(raw)
    number = ""
    try:
        number = clean_number(token.group() if token else raw)
    except ValidationError as exc:
        check.add("number", exc.messages[0])
    issued_on = check.date("issued_on")
    if issued_on is None and not check.text("issued_on"):
        written = _DATE_IN_TEXT.search(raw)
        try:
            issued_on = date_of(written.group(1)) if written else None
        except BadDate:
            issued_on = None
        if issued_on is None:
            check.add("issued_on", _("Enter the issue date (dd/mm/yyyy)."))
    if issued_on is not None:
        try:
            check_issued_on(issued_on, today)
        except ValidationError as exc:
            check.add("issued_on", exc.messages[0])
            issued_on = None
    return number, issued_on


def _deadline(
    check: _RowCheck, issued_on: date | None, look: Lookups
) -> tuple[str, date | None, str]:
    """Art. 4 kind, deadline and period of the row (the reader's rules)."""
    deadline = check.date("deadline")
    text = check.text("deadline")
    period = ""
    if deadline is None and text and not check.errors_in("deadline"):
        due = look.due(text, issued_on)
        if due.dated:
            deadline = due.on
        elif due.period in PERIODS:
            period = due.period
        elif _DIGIT.search(text):
            check.add(
                "deadline",
                _(
                    "The deadline “%(text)s” cannot be read: write a date "
                    "(dd/mm/yyyy), a month (tháng 6/2025) or a quarter "
                    "(Quý III/2025)."
                )
                % {"text": text},
            )
    if deadline is not None:
        return K.DEADLINE_REPORT, deadline, ""
    if period:
        return K.PERIODIC_REPORT, None, period
    return K.NO_REPORT, None, ""


def _state(
    check: _RowCheck,
    *,
    issued_on: date | None,
    today: date,
    leads: list[Agency],
    look: Lookups,
) -> tuple[str, date, date | None]:
    """The state reached, the hand-over day and the completion day."""
    status_text = check.text("status")
    completed_on = check.date("completed_on")
    state = status_of(status_text) if status_text else None
    if state is None:
        # No status word: a completion date says done; free text says under way.
        if completed_on is not None:
            state = S.CONFIRMED_DONE
        elif status_text:
            state = S.ACCEPTED
        else:
            state = S.HANDED_OVER
    handed_over_on = check.date("handed_over_on") or issued_on or today
    if issued_on is not None and handed_over_on < issued_on:
        check.add(
            "handed_over_on",
            _("The hand-over date cannot be before the directive's issue date."),
        )
    if handed_over_on > today:
        check.add("handed_over_on", _("The hand-over date cannot be in the future."))
    done = state in (S.REPORTED_DONE, S.CONFIRMED_DONE)
    if done and completed_on is None and not check.errors_in("completed_on"):
        where = "completed_on" if "completed_on" in check.row.headers else "status"
        check.add(
            where,
            _("The task is done: enter its completion date in the column “%(column)s”.")
            % {"column": check.column("completed_on")},
        )
    if completed_on is not None:
        if completed_on > today:
            check.add("completed_on", _("The completion date cannot be in the future."))
        elif completed_on < handed_over_on:
            check.add(
                "completed_on",
                _("The completion date cannot be before the task was handed over."),
            )
    if state in (S.ACCEPTED, S.REPORTED_DONE, S.CONFIRMED_DONE):
        for agency in leads:
            if agency.pk not in look.agency_users:
                check.add(
                    "lead_agency",
                    _(
                        "%(agency)s has no ChiDao account yet to record its "
                        "acceptance and reports of this task. Import the "
                        "agency's accounts first, or mark the task “Chưa thực "
                        "hiện”."
                    )
                    % {"agency": agency.name},
                )
    if state == S.CANCELLED and look.office_lead is None:
        check.add(
            "status",
            _("Only an office lead cancels tasks, and the Office has none yet."),
        )
    return state, handed_over_on, completed_on if done else None


def plan_row(
    row: Row, *, today: date, look: Lookups
) -> tuple[PlannedDirective | None, list[PlannedTask], list[Refusal]]:
    check = _RowCheck(row)
    number, issued_on = _directive_of(check, today)
    content = check.text("content")
    if not content:
        check.add("content", _("Enter what the agency must do."))
    leads = _agencies(check, "lead_agency", look)
    if not leads and check.text("lead_agency") == "":
        check.add("lead_agency", _("Enter the lead agency."))
    committee = [a for a in leads if a.kind == Agency.Kind.COMMITTEE]
    for agency in committee:
        check.add(
            "lead_agency",
            _("%(agency)s assigns tasks; it cannot lead one.") % {"agency": agency},
        )
    leads = [a for a in leads if a not in committee]
    cooperating = _agencies(check, "cooperating_agencies", look)
    kind, deadline, period = _deadline(check, issued_on, look)
    state, handed_over_on, completed_on = _state(
        check, issued_on=issued_on, today=today, leads=leads, look=look
    )
    officer = look.default_officer()
    if check.text("tracking_officer"):
        officer = look.officers.get(fold(check.text("tracking_officer")))
        if officer is None:
            check.add(
                "tracking_officer",
                _("No tracking officer of the Office is named “%(name)s”.")
                % {"name": check.text("tracking_officer")},
            )
    sector = None
    if check.text("sector"):
        sector = look.sectors.get(fold(check.text("sector")))
        if sector is None:
            check.add(
                "sector",
                _("No sector is named “%(name)s”.") % {"name": check.text("sector")},
            )
    tasks: list[PlannedTask] = []
    if issued_on is not None and content:
        probe = Directive(issued_on=issued_on)
        for lead in leads:
            coop = [a for a in cooperating if a.pk != lead.pk]
            errors = task_services.task_field_errors(
                directive=probe,
                kind=kind,
                deadline=deadline,
                period=period,
                lead_agency=lead,
                cooperating_agencies=coop,
                tracking_officer=officer,
                content=content,
            )
            for name, messages in errors.items():
                for message in messages:
                    check.add(TASK_FIELD_COLUMN.get(name, "content"), message)
            tasks.append(
                PlannedTask(
                    sheet=row.sheet,
                    row=row.number,
                    content=content,
                    lead_agency=lead,
                    cooperating_agencies=coop,
                    kind=kind,
                    deadline=deadline,
                    period=period,
                    state=state,
                    handed_over_on=handed_over_on,
                    completed_on=completed_on,
                    status_text=check.text("status"),
                    note=check.text("note"),
                    tracking_officer=officer,
                    sector=sector,
                )
            )
    if check.errors or issued_on is None or not number:
        return None, [], check.errors
    directive = PlannedDirective(
        number=number,
        issued_on=issued_on,
        summary=check.text("summary"),
        signer=check.text("signer"),
        kind=kind_of(check.text("kind"), number),
        sheet=row.sheet,
        row=row.number,
        headers=row.headers,
    )
    return directive, tasks, []
