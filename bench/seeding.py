"""Seed N tasks into PostgreSQL with COPY: the 1M-task benchmark's data.

The mix follows `bench.dashboard` (states, kinds, deadlines, extensions,
cooperating agencies, sub-tasks of units) at a province's scale: ~60
agencies, six years of directives, every task with the TaskEvent rows of its
steps and the TaskHistory rows `chidao.tasks.history` would have written (one
row per day the standing changed, the open row equal to the task), so
`manage.py check_history --sample N` passes and reports as of any day read
real rows. The small tables (agencies, people, directives) go through the
ORM; tasks, history, events and cooperations through `cursor.copy`, with the
foreign-key triggers off for the load (ids are assigned here, consistently).
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

AGENCIES = 60
UNITS = 30
LEADERS = 10
OFFICERS = 20
SECTORS = 15
YEARS = 6
TASKS_PER_DIRECTIVE = 30
SUBTASK_SHARE = 0.06  # of the tasks of agencies that have a unit
CHUNK = 20_000

STATES = [
    ("draft", 3),
    ("handed_over", 7),
    ("accepted", 44),
    ("returned", 1),
    ("reported_done", 6),
    ("confirmed_done", 37),
    ("cancelled", 2),
]
KINDS = ["deadline_report"] * 14 + ["deadline_only"] * 2 + ["periodic_report"] * 3
KINDS += ["no_report"]
DEADLINE_KINDS = {"deadline_report", "deadline_only"}

TASK_COLUMNS = (
    "id content kind original_deadline deadline period state handed_over_at "
    "accepted_at completed_on confirmed_on cancelled_at report_due version "
    "search_text created_at updated_at created_by_id directive_id lead_agency_id "
    "parent_id sector_id tracking_officer_id"
).split()
HISTORY_COLUMNS = (
    "task_id valid_from valid_to state kind period deadline original_deadline "
    "report_due handed_over_on completed_on confirmed_on lead_agency_id sector_id "
    "tracking_officer_id"
).split()
EVENT_COLUMNS = "task_id at action from_state to_state note data actor_id".split()
# The event of each step of a seeded task's plan.
ACTIONS = {
    "handed_over": "hand_over",
    "accepted": "accept",
    "returned": "return",
    "reported_done": "report",
    "confirmed_done": "confirm",
    "cancelled": "cancel",
}


# The planner settings of deploy/postgresql/chidao.conf that a database can
# carry (its memory ones need the server's own configuration): the bench and
# `make load` plan their queries as a deployment would, not with this
# machine's defaults (random_page_cost 4, two parallel workers per query).
DEPLOYED_CONF = Path(__file__).resolve().parent.parent / "deploy/postgresql/chidao.conf"
PLANNER_SETTINGS = (
    "random_page_cost",
    "effective_io_concurrency",
    "effective_cache_size",
    "work_mem",
    "max_parallel_workers_per_gather",
    "jit",
)
SETTING = re.compile(r"^\s*(\w+)\s*=\s*('[^']*'|[\w.]+)")


def deployed_planner() -> dict[str, str]:
    """`PLANNER_SETTINGS` as deploy/postgresql/chidao.conf sets them."""
    found = {}
    for line in DEPLOYED_CONF.read_text().splitlines():
        match = SETTING.match(line)
        if match and match.group(1) in PLANNER_SETTINGS:
            found[match.group(1)] = match.group(2)
    return found


def plan_as_deployed() -> None:
    """Set `deployed_planner()` on the bench database (PostgreSQL) and on
    this connection."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        for setting, value in deployed_planner().items():
            # Names from PLANNER_SETTINGS, values from our own file.
            cursor.execute(f"ALTER DATABASE {name} SET {setting} = {value}")
            cursor.execute(f"SET {setting} = {value}")


def seed(tasks: int, today: date, *, log: Callable[[str], None] = print) -> None:
    """Fill an empty, migrated PostgreSQL database with `tasks` tasks."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic():
        world = _small_tables(today, tasks)
        log(f"agencies, people, {len(world['directives']):,} directives")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL synchronous_commit = off")
            counts = _copy_tasks(cursor.cursor, world, tasks, today, log)
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('tasks_task', 'id'), "
                "(SELECT max(id) FROM tasks_task))"
            )
    log(
        f"seeded {counts['tasks']:,} tasks ({counts['subtasks']:,} sub-tasks), "
        f"{counts['history']:,} history rows, {counts['events']:,} events, "
        f"{counts['cooperations']:,} cooperations in "
        f"{time.perf_counter() - started:.0f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # The rows were written past `history.record`: the standing counts the
    # dashboard reads and who sees each task are computed from them once, as
    # the nightly check would.
    from chidao.tasks import reach, rollup

    started = time.perf_counter()
    with transaction.atomic():
        rollup.rebuild(today)
    log(f"standing counts built in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    with transaction.atomic():
        reach.rebuild()
    with connection.cursor() as cursor:
        # Index-only scans need the visibility map a VACUUM sets: what
        # autovacuum does after a bulk load on a server (and a PostgreSQL
        # run with autovacuum off, as this machine's, never does), so every
        # table the COPY wrote is vacuumed, not only the reach rows.
        cursor.execute("VACUUM ANALYZE")
    log(f"task reach built in {time.perf_counter() - started:.0f} s")


def _small_tables(today: date, tasks: int) -> dict[str, Any]:
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from chidao.accounts.models import Role, User
    from chidao.agencies.models import Agency
    from chidao.directives.models import Directive, search_key
    from chidao.lib.text import fold
    from chidao.tasks.models import Sector
    from chidao.workdays.calendar import WorkCalendar, add_working_days

    rng = random.Random(1030)  # noqa: S311 - reproducible data, not security
    calendar = WorkCalendar.load()
    cache: dict[tuple[date, int], date] = {}

    def working(day: date, n: int) -> date:
        if (day, n) not in cache:
            cache[(day, n)] = add_working_days(day, n, calendar)
        return cache[(day, n)]

    ubnd = Agency.objects.create(
        code="UBND", name="Ủy ban nhân dân tỉnh An Giang", kind=Agency.Kind.COMMITTEE
    )
    vp = Agency.objects.create(
        code="VP",
        name="Văn phòng Ủy ban nhân dân tỉnh",
        kind=Agency.Kind.OFFICE,
        parent=ubnd,
    )
    agencies = Agency.objects.bulk_create(
        Agency(
            code=f"CQ{n:03d}",
            name=f"Sở Ngành {n:03d}" if n < 35 else f"Xã Phường {n:03d}",
            kind=Agency.Kind.DEPARTMENT if n < 35 else Agency.Kind.LOCALITY,
            parent=ubnd,
            search_name=fold(f"So Nganh {n:03d}" if n < 35 else f"Xa Phuong {n:03d}"),
        )
        for n in range(AGENCIES)
    )
    units = Agency.objects.bulk_create(
        Agency(
            code=f"CQ{n:03d}-P1",
            name=f"Phòng chuyên môn {n:03d}",
            kind=Agency.Kind.UNIT,
            parent=agencies[n],
            search_name=fold(f"Phong chuyen mon {n:03d}"),
        )
        for n in range(UNITS)
    )
    groups = {r: Group.objects.get_or_create(name=r)[0] for r in Role.values}
    people = [(f"lanhdao{n}", f"Lãnh đạo {n}", ubnd, Role.LEADER) for n in range(10)]
    people += [
        (f"vp.cv{n}", f"Chuyên viên {n}", vp, Role.TRACKING_OFFICER)
        for n in range(OFFICERS)
    ]
    people.append(("vp.lanhdao", "Lãnh đạo Văn phòng", vp, Role.OFFICE_LEAD))
    people += [
        (f"{a.code.lower()}.cv", a.name, a, Role.AGENCY_OFFICER)
        for a in [*agencies, *units]
    ]
    users = User.objects.bulk_create(
        User(
            username=u,
            full_name=f,
            agency=a,
            password="!",  # noqa: S106
            monitoring_notice_acknowledged_at=timezone.now(),
        )
        for u, f, a, _r in people
    )
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=groups[r].pk)
        for u, (_u, _f, _a, r) in zip(users, people, strict=True)
    )
    leaders = users[:LEADERS]
    sectors = Sector.objects.bulk_create(
        Sector(code=f"lv-{n}", name=f"Lĩnh vực {n:02d}") for n in range(SECTORS)
    )
    span = 365 * YEARS
    first_day = today - timedelta(days=span)
    count = max(1, tasks // TASKS_PER_DIRECTIVE)
    directives = []
    for n in range(count):
        issued = first_day + timedelta(days=rng.randrange(span + 1))
        summary = f"Về việc triển khai nhiệm vụ trọng tâm số {n}"
        number = f"{n + 1}/UBND-KT"
        directives.append(
            Directive(
                kind=rng.choice(Directive.Kind.values),
                number=number,
                summary=summary,
                issued_on=issued,
                issued_year=issued.year,
                signer="Nguyễn Thanh Bình",
                directing_leader=rng.choice(leaders),
                handover_due_on=working(issued, 10 if rng.random() < 0.5 else 5),
                search_text=search_key(f"{number} {summary} Nguyễn Thanh Bình"),
            )
        )
    directives = Directive.objects.bulk_create(directives, batch_size=2000)
    return {
        "agencies": [a.pk for a in agencies],
        "unit_of": {a.pk: u.pk for a, u in zip(agencies, units, strict=False)},
        "officers": [u.pk for u in users[LEADERS : LEADERS + OFFICERS]],
        "agency_user": {u.agency_id: u.pk for u in users[LEADERS + OFFICERS + 1 :]},
        "sectors": [s.pk for s in sectors],
        "directives": sorted(
            (d.issued_on, d.pk, d.number, d.summary) for d in directives
        ),
        "working": working,
    }


def _copy_tasks(raw, world, tasks, today, log):  # noqa: ANN001, ANN202
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    rng = random.Random(672)  # noqa: S311 - reproducible data, not security
    now = timezone.now()
    made = {"tasks": 0, "subtasks": 0, "history": 0, "events": 0, "cooperations": 0}
    agencies = world["agencies"]
    weights = [1 + (i % 7) for i in range(len(agencies))]
    directives = world["directives"]
    # A directive's tasks are entered together, in the order directives are
    # issued: rows of one directive sit side by side, as in real use.
    # Sub-tasks come out of the count, so the last directives get their tasks.
    budget = int(tasks * SUBTASK_SHARE * 0.45)
    owners = sorted(rng.randrange(len(directives)) for _n in range(tasks - budget))
    # What the sub-tasks leave of their share: top-level tasks, anywhere.
    owners += [rng.randrange(len(directives)) for _n in range(budget)]
    next_id = 1
    buffers: dict[str, list] = {"t": [], "h": [], "e": [], "c": []}

    def flush() -> None:
        for key, table, columns in (
            ("t", "tasks_task", TASK_COLUMNS),
            ("h", "tasks_taskhistory", HISTORY_COLUMNS),
            ("e", "tasks_taskevent", EVENT_COLUMNS),
            ("c", "tasks_task_cooperating_agencies", ["task_id", "agency_id"]),
        ):
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in buffers[key]:
                    copy.write_row(row)
            buffers[key] = []

    def add(directive, lead: int, parent: int | None) -> int:  # noqa: ANN001
        nonlocal next_id
        pk, next_id = next_id, next_id + 1
        for kind, rows in _task(
            pk, directive, lead, parent, rng, world, today, tz, now
        ):
            buffers[kind].append(rows)
        return pk

    cursor_time = time.perf_counter()
    for index in owners:
        directive = directives[index]
        lead = rng.choices(agencies, weights)[0]
        pk = add(directive, lead, None)
        if rng.random() < 0.3:
            for agency in set(rng.sample(agencies, rng.choice([1, 1, 2, 3]))):
                if agency != lead:
                    buffers["c"].append((pk, agency))
        unit = world["unit_of"].get(lead)
        if unit is not None and made["subtasks"] < budget:
            if rng.random() < SUBTASK_SHARE:
                add(directive, unit, pk)
                made["subtasks"] += 1
        if len(buffers["t"]) >= CHUNK:
            _count(made, buffers)
            flush()
            if next_id // CHUNK % 10 == 0:
                rate = next_id / (time.perf_counter() - cursor_time)
                log(f"  {next_id:,} tasks ({rate:,.0f}/s)")
        if next_id > tasks:
            break
    _count(made, buffers)
    flush()
    return made


def _count(made: dict[str, int], buffers: dict[str, list]) -> None:
    made["tasks"] += len(buffers["t"])
    made["history"] += len(buffers["h"])
    made["events"] += len(buffers["e"])
    made["cooperations"] += len(buffers["c"])


def _task(pk, directive, lead, parent, rng, world, today, tz, now) -> Iterator:  # noqa: ANN001, PLR0913
    """("t", task row), ("h", history row)..., ("e", event row)... of one task."""
    working = world["working"]
    issued, directive_id, number, summary = directive
    state = rng.choice(_STATE_POOL)
    kind = rng.choice(KINDS)
    deadline = None
    period = ""
    if kind in DEADLINE_KINDS:
        deadline = issued + timedelta(days=rng.randrange(15, 150))
    elif kind == "periodic_report":
        period = rng.choice(["quarter", "half_year", "year"])
    created = datetime.combine(issued, datetime.min.time(), tz) + timedelta(hours=8)
    handed = None
    if state != "draft":
        handed_on = working(issued, rng.choice([1, 2, 3, 4, 5, 6, 8, 12]))
        handed = datetime.combine(
            min(handed_on, today), datetime.min.time(), tz
        ) + timedelta(hours=rng.randrange(9, 17))
    completed = confirmed = None
    if state in ("reported_done", "confirmed_done"):
        base = deadline or issued + timedelta(days=60)
        completed = max(
            min(base + timedelta(days=rng.randrange(-30, 20)), today), issued
        )
        if state == "confirmed_done":
            confirmed = min(completed + timedelta(days=rng.randrange(0, 6)), today)
    original = deadline
    extended_on = None
    if deadline and rng.random() < 0.1:
        # Art. 10.4: an extension approved a few days before the first deadline.
        original = deadline - timedelta(days=rng.choice([15, 30, 45]))
        extended_on = min(max(issued, original - timedelta(days=5)), today)
    officer = rng.choice(world["officers"]) if rng.random() < 0.95 else None
    sector = rng.choice(world["sectors"]) if rng.random() < 0.9 else None
    report_due = working(deadline, 5) if deadline else None
    content = f"Xây dựng kế hoạch thực hiện nội dung {pk} của văn bản"
    steps = _steps(rng, state, issued, handed, completed, confirmed, today, tz)
    last_at = datetime.combine(steps[-1][0], datetime.min.time(), tz) + timedelta(
        hours=17
    )
    yield (
        "t",
        (
            pk,
            content,
            kind,
            original,
            deadline,
            period,
            state,
            handed,
            handed if state not in ("draft", "handed_over") else None,
            completed,
            confirmed,
            last_at if state == "cancelled" else None,
            report_due,
            len(steps),
            _fold(f"{content} {number} {summary}"),
            created,
            max(last_at, created),
            officer,
            directive_id,
            lead,
            parent,
            sector,
            officer,
        ),
    )
    agency_user = world["agency_user"].get(lead)
    previous = ""
    for day, step_state in steps:
        at = datetime.combine(day, datetime.min.time(), tz) + timedelta(hours=10)
        action = ACTIONS.get(step_state, "create")
        by_agency = action in ("accept", "return", "report")
        data = {}
        if action == "report":
            data = {"completed_on": completed.isoformat() if completed else None}
        yield (
            "e",
            (
                pk,
                at,
                action,
                previous,
                step_state,
                "",
                json.dumps(data),
                agency_user if by_agency else officer,
            ),
        )
        previous = step_state
    if extended_on is not None:
        at = datetime.combine(extended_on, datetime.min.time(), tz) + timedelta(
            hours=11
        )
        data = json.dumps({"old": original.isoformat(), "new": deadline.isoformat()})
        yield ("e", (pk, at, "approve_extension", "", "", "", data, officer))
    yield from _history_rows(
        pk,
        steps,
        extended_on,
        kind,
        period,
        original,
        deadline,
        completed,
        confirmed,
        lead,
        sector,
        officer,
        working,
    )


_STATE_POOL = [s for s, w in STATES for _n in range(w)]


def _steps(rng, state, issued, handed, completed, confirmed, today, tz):  # noqa: ANN001, ANN202, PLR0913
    """[(day, state)] of the task's life; days only go forward, never past today."""
    steps = [(issued, "draft")]
    if handed is not None:
        handed_on = handed.astimezone(tz).date()
        steps.append((handed_on, "handed_over"))
        if state == "returned":
            steps.append((handed_on + timedelta(days=2), "returned"))
        elif state == "cancelled":
            steps.append(
                (handed_on + timedelta(days=rng.randrange(3, 40)), "cancelled")
            )
        elif state != "handed_over":
            steps.append((handed_on + timedelta(days=rng.randrange(1, 4)), "accepted"))
            if completed is not None:
                steps.append(
                    (completed + timedelta(days=rng.randrange(0, 3)), "reported_done")
                )
            if confirmed is not None:
                steps.append((confirmed, "confirmed_done"))
    days, last = [], issued
    for day, step_state in steps:
        last = min(max(day, last), today)
        days.append((last, step_state))
    return days


def _history_rows(  # noqa: PLR0913
    pk,
    steps,
    extended_on,
    kind,
    period,
    original,
    deadline,
    completed,
    confirmed,  # noqa: ANN001
    lead,
    sector,
    officer,
    working,  # noqa: ANN001
) -> Iterator:
    """The rows `history.record` leaves: one per day the standing changed."""
    changes: dict[date, dict] = {}
    handed_on = None
    for day, state in steps:
        values: dict[str, object] = {"state": state}
        if state == "handed_over":
            handed_on = day
        if state in ("reported_done", "confirmed_done"):
            values["completed_on"] = completed
        if state == "confirmed_done":
            values["confirmed_on"] = confirmed
        values["handed_over_on"] = handed_on
        changes.setdefault(day, {}).update(values)
    if extended_on is not None:
        changes.setdefault(extended_on, {})["deadline"] = deadline
    current = {
        "state": "draft",
        "deadline": original,
        "completed_on": None,
        "confirmed_on": None,
        "handed_over_on": None,
    }
    days = sorted(changes)
    for index, day in enumerate(days):
        current.update(changes[day])
        until = days[index + 1] if index + 1 < len(days) else None
        moved = current["deadline"]
        yield (
            "h",
            (
                pk,
                day,
                until,
                current["state"],
                kind,
                period,
                moved,
                original,
                working(moved, 5) if moved else None,
                current["handed_over_on"],
                current["completed_on"],
                current["confirmed_on"],
                lead,
                sector,
                officer,
            ),
        )


def _fold(text: str) -> str:
    from chidao.directives.models import search_key

    return search_key(text)
