"""Leaders' dashboard and summary report over 100,000 tasks, as of today and
as of a past day (read from the tasks' history).

Targets: the dashboard answers in under 300 ms at that size, no query count
grows with the number of agencies or tasks, and a report as of a past day is
no slower than 1.5 times the same report as of today (issue 10). The data
lives in its own database, never the development one: an SQLite file
(bench/out/bench.sqlite3, built once and reused; `--reseed` rebuilds it), or
the PostgreSQL database named by `BENCH_DATABASE_URL` (or `DATABASE_URL`).
Every task has the history it would have had (draft, handed over, accepted,
reported, confirmed, an extension for some), so as-of reports read real rows.

    python -m bench dashboard          # or: make bench
    python -m bench.dashboard --reseed --runs 40
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python -m bench dashboard
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DB = OUT / "bench.sqlite3"

TASKS = 100_000
SUBTASKS = 3_000
AGENCIES = 100
UNITS = 50
DIRECTIVES = 3_000
LEADERS = 10
OFFICERS = 20
SECTORS = 15
TARGET_MS = 300.0
# A report as of a past day may cost at most this much more than as of today.
AS_OF_RATIO = 1.5


def child_env() -> dict[str, str]:
    """The environment of a benchmark's child process: its own database."""
    OUT.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chidao.settings.test",
        "DATABASE_URL": url or f"sqlite:///{DB}",
    }


def main() -> int:
    """Run the benchmark in a child process bound to the benchmark database."""
    env = child_env()
    known, _rest = _parser().parse_known_args(sys.argv[1:])
    args = ["--runs", str(known.runs), *(["--reseed"] if known.reseed else [])]
    command = [sys.executable, "-m", "bench.dashboard", "--child", *args]
    return subprocess.run(command, env=env, cwd=ROOT, check=False).returncode  # noqa: S603


# -- seeding -------------------------------------------------------------------


def _seed(today: date) -> None:
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from chidao.accounts.models import Role, User
    from chidao.agencies.models import Agency
    from chidao.directives.models import Directive
    from chidao.lib.text import fold
    from chidao.tasks.models import Sector, Task, TaskHistory
    from chidao.workdays.calendar import WorkCalendar, add_working_days

    rng = random.Random(672)  # noqa: S311 - reproducible data, not security
    calendar = WorkCalendar.load()
    plus_days: dict[tuple[date, int], date] = {}

    def working(day: date, n: int) -> date:
        key = (day, n)
        if key not in plus_days:
            plus_days[key] = add_working_days(day, n, calendar)
        return plus_days[key]

    tz = timezone.get_current_timezone()
    started = time.perf_counter()
    with transaction.atomic():
        ubnd = Agency.objects.create(
            code="UBND",
            name="Ủy ban nhân dân tỉnh An Giang",
            kind=Agency.Kind.COMMITTEE,
        )
        vp = Agency.objects.create(
            code="VP",
            name="Văn phòng Ủy ban nhân dân tỉnh",
            kind=Agency.Kind.OFFICE,
            parent=ubnd,
        )
        agencies = []
        for n in range(AGENCIES):
            kind = Agency.Kind.DEPARTMENT if n < 40 else Agency.Kind.LOCALITY
            name = f"Sở Ngành {n:03d}" if n < 40 else f"Xã Phường {n:03d}"
            agencies.append(
                Agency(
                    code=f"CQ{n:03d}",
                    name=name,
                    kind=kind,
                    parent=ubnd,
                    search_name=fold(name),
                )
            )
        agencies = Agency.objects.bulk_create(agencies)
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
        people = []
        for n in range(LEADERS):
            people.append((f"lanhdao{n}", f"Lãnh đạo {n}", ubnd, Role.LEADER))
        for n in range(OFFICERS):
            people.append((f"vp.cv{n}", f"Chuyên viên {n}", vp, Role.TRACKING_OFFICER))
        people.append(("vp.lanhdao", "Lãnh đạo Văn phòng", vp, Role.OFFICE_LEAD))
        for agency in agencies:
            people.append(
                (f"{agency.code.lower()}.cv", agency.name, agency, Role.AGENCY_OFFICER)
            )
        users = User.objects.bulk_create(
            User(username=u, full_name=f, agency=a, password="!")  # noqa: S106
            for u, f, a, _r in people
        )
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=u.pk, group_id=groups[r].pk)
            for u, (_u, _f, _a, r) in zip(users, people, strict=True)
        )
        leaders = users[:LEADERS]
        officers = users[LEADERS : LEADERS + OFFICERS]
        sectors = Sector.objects.bulk_create(
            Sector(code=f"lv-{n}", name=f"Lĩnh vực {n:02d}") for n in range(SECTORS)
        )

        directives = []
        first_day = today - timedelta(days=700)
        for n in range(DIRECTIVES):
            issued = first_day + timedelta(days=rng.randrange(700))
            summary = f"Về việc triển khai nhiệm vụ trọng tâm số {n}"
            number = f"{n + 1}/UBND-KT"
            large = rng.random() < 0.5
            directives.append(
                Directive(
                    kind=rng.choice(Directive.Kind.values),
                    number=number,
                    summary=summary,
                    issued_on=issued,
                    issued_year=issued.year,
                    signer="Nguyễn Thanh Bình",
                    directing_leader=rng.choice(leaders),
                    handover_due_on=working(issued, 10 if large else 5),
                    search_text=fold(f"{number} {summary}"),
                )
            )
        directives = Directive.objects.bulk_create(directives, batch_size=1000)

        S, K = Task.State, Task.Kind
        states = [
            (S.DRAFT, 3),
            (S.HANDED_OVER, 7),
            (S.ACCEPTED, 44),
            (S.RETURNED, 1),
            (S.REPORTED_DONE, 6),
            (S.CONFIRMED_DONE, 37),
            (S.CANCELLED, 2),
        ]
        state_pool = [s for s, w in states for _ in range(w)]
        kind_pool = (
            [K.DEADLINE_REPORT] * 14
            + [K.DEADLINE_ONLY] * 2
            + [K.PERIODIC_REPORT] * 3
            + [K.NO_REPORT]
        )
        weights = [1 + (i % 7) for i in range(AGENCIES)]
        now = timezone.now()

        def make_task(
            n: int, directive: Directive, lead: Agency, parent_id=None
        ) -> Task:  # noqa: ANN001
            state = rng.choice(state_pool)
            kind = rng.choice(kind_pool)
            issued = directive.issued_on
            deadline = period = None
            if kind in Task.DEADLINE_KINDS:
                deadline = issued + timedelta(days=rng.randrange(15, 150))
            elif kind == K.PERIODIC_REPORT:
                period = rng.choice(["quarter", "half_year", "year"])
            handed = None
            if state != S.DRAFT:
                handed_on = working(issued, rng.choice([1, 2, 3, 4, 5, 6, 8, 12]))
                handed = datetime.combine(
                    min(handed_on, today), datetime.min.time(), tz
                ) + timedelta(hours=rng.randrange(8, 17))
            completed = confirmed = None
            if state in (S.REPORTED_DONE, S.CONFIRMED_DONE):
                base = deadline or issued + timedelta(days=60)
                completed = min(base + timedelta(days=rng.randrange(-30, 20)), today)
                completed = max(completed, issued)
                if state == S.CONFIRMED_DONE:
                    confirmed = min(
                        completed + timedelta(days=rng.randrange(0, 6)), today
                    )
            original = deadline
            extended_on = None
            if deadline and rng.random() < 0.1:
                # Art. 10.4: an extension approved a few days before the first one.
                original = deadline - timedelta(days=rng.choice([15, 30, 45]))
                extended_on = max(issued, original - timedelta(days=5))
            content = f"Xây dựng kế hoạch thực hiện nội dung {n} của văn bản"
            task = Task(
                directive_id=directive.pk,
                content=content,
                lead_agency_id=lead.pk,
                tracking_officer_id=rng.choice(officers).pk
                if rng.random() < 0.95
                else None,
                sector_id=rng.choice(sectors).pk if rng.random() < 0.9 else None,
                kind=kind,
                original_deadline=original,
                deadline=deadline,
                period=period or "",
                state=state,
                parent_id=parent_id,
                handed_over_at=handed,
                accepted_at=handed if state not in (S.DRAFT, S.HANDED_OVER) else None,
                completed_on=completed,
                confirmed_on=confirmed,
                cancelled_at=now if state == S.CANCELLED else None,
                report_due=working(deadline, 5) if deadline else None,
                search_text=fold(f"{content} {directive.number} {directive.summary}"),
                created_at=handed or now,
            )
            task.plan = _plan(
                rng, task, issued, handed, completed, confirmed, extended_on, today, tz
            )
            return task

        batch: list[Task] = []
        top: list[Task] = []
        # As in real use, a directive's tasks are entered together, in the
        # order the directives are issued: rows of one directive sit side by side.
        owners = sorted(rng.randrange(DIRECTIVES) for _n in range(TASKS))
        by_issue = sorted(directives, key=lambda d: (d.issued_on, d.pk))
        for n, index in enumerate(owners):
            directive = by_issue[index]
            lead = rng.choices(agencies, weights)[0]
            batch.append(make_task(n, directive, lead))
            if len(batch) == 5000:
                top.extend(Task.objects.bulk_create(batch))
                batch = []
        top.extend(Task.objects.bulk_create(batch))

        helping = []
        for task in top:
            if rng.random() < 0.3:
                for agency in rng.sample(agencies, rng.choice([1, 1, 2, 3])):
                    if agency.pk != task.lead_agency_id:
                        helping.append(
                            Task.cooperating_agencies.through(
                                task_id=task.pk, agency_id=agency.pk
                            )
                        )
        Task.cooperating_agencies.through.objects.bulk_create(helping, batch_size=5000)

        parents = [
            t for t in top if t.lead_agency_id in {a.pk for a in agencies[:UNITS]}
        ]
        unit_of = {u.parent_id: u for u in units}
        directive_of = {d.pk: d for d in directives}
        subtasks = []
        for n in range(SUBTASKS):
            parent = rng.choice(parents)
            subtasks.append(
                make_task(
                    TASKS + n,
                    directive_of[parent.directive_id],
                    unit_of[parent.lead_agency_id],
                    parent_id=parent.pk,
                )
            )
        subtasks = Task.objects.bulk_create(subtasks, batch_size=5000)
        rows = []
        for task in [*top, *subtasks]:
            rows.extend(_history(task, working))
            if len(rows) >= 20_000:
                TaskHistory.objects.bulk_create(rows, batch_size=5000)
                rows = []
        TaskHistory.objects.bulk_create(rows, batch_size=5000)
    seconds = time.perf_counter() - started
    print(
        f"seeded {TASKS:,} tasks + {SUBTASKS:,} sub-tasks, {len(helping):,} "
        f"cooperations, {DIRECTIVES:,} directives, {AGENCIES} agencies "
        f"in {seconds:.1f} s",
        flush=True,
    )


def _plan(rng, task, issued, handed, completed, confirmed, extended_on, today, tz):  # noqa: ANN001, ANN202, PLR0913
    """The days the task's state changed: [(day, state)], and the extension day."""
    from chidao.tasks.models import Task

    S = Task.State
    steps = [(issued, S.DRAFT)]
    if handed is not None:
        handed_on = handed.astimezone(tz).date()
        steps.append((handed_on, S.HANDED_OVER))
        if task.state == S.RETURNED:
            steps.append((handed_on + timedelta(days=2), S.RETURNED))
        elif task.state == S.CANCELLED:
            steps.append(
                (handed_on + timedelta(days=rng.randrange(3, 40)), S.CANCELLED)
            )
        elif task.state != S.HANDED_OVER:
            steps.append((handed_on + timedelta(days=rng.randrange(1, 4)), S.ACCEPTED))
            if completed is not None:
                steps.append(
                    (completed + timedelta(days=rng.randrange(0, 3)), S.REPORTED_DONE)
                )
            if confirmed is not None:
                steps.append((confirmed, S.CONFIRMED_DONE))
    # Days only go forward and never past today.
    days, last = [], issued
    for day, state in steps:
        last = min(max(day, last), today)
        days.append((last, state))
    return {"steps": days, "extended_on": extended_on}


def _history(task, working):  # noqa: ANN001, ANN202
    """TaskHistory rows of a seeded task, one per day its standing changed."""
    from chidao.tasks.models import Task, TaskHistory

    S = Task.State
    changes: dict[date, dict] = {}
    handed_on = None
    for day, state in task.plan["steps"]:
        values = {"state": state}
        if state == S.HANDED_OVER:
            handed_on = day
        if state in (S.REPORTED_DONE, S.CONFIRMED_DONE):
            values["completed_on"] = task.completed_on
        if state == S.CONFIRMED_DONE:
            values["confirmed_on"] = task.confirmed_on
        changes.setdefault(day, {}).update(values, handed_over_on=handed_on)
    extended_on = task.plan["extended_on"]
    if extended_on is not None:
        changes.setdefault(extended_on, {})["deadline"] = task.deadline
    rows, current = (
        [],
        {
            "state": S.DRAFT,
            "deadline": task.original_deadline,
            "completed_on": None,
            "confirmed_on": None,
            "handed_over_on": None,
        },
    )
    for day in sorted(changes):
        current = {
            **current,
            **{
                k: v
                for k, v in changes[day].items()
                if v is not None or k != "handed_over_on"
            },
        }
        rows.append((day, dict(current)))
    built = []
    for index, (day, values) in enumerate(rows):
        until = rows[index + 1][0] if index + 1 < len(rows) else None
        deadline = values["deadline"]
        built.append(
            TaskHistory(
                task_id=task.pk,
                valid_from=day,
                valid_to=until,
                lead_agency_id=task.lead_agency_id,
                tracking_officer_id=task.tracking_officer_id,
                sector_id=task.sector_id,
                kind=task.kind,
                period=task.period,
                original_deadline=task.original_deadline,
                report_due=working(deadline, 5) if deadline else None,
                **values,
            )
        )
    return built


def _prepare(reseed: bool, today: date) -> None:
    from django.core.management import call_command
    from django.db import connection

    if reseed and connection.vendor == "sqlite" and DB.exists():
        DB.unlink()
    call_command("migrate", verbosity=0, interactive=False)
    from chidao.tasks.models import Task

    if reseed and connection.vendor != "sqlite":
        call_command("flush", verbosity=0, interactive=False)
    if Task.objects.count() != TASKS + SUBTASKS or not _has_history():
        if Task.objects.exists():
            raise SystemExit("bench database is incomplete: run with --reseed")
        _seed(today)
        call_command("migrate", verbosity=0, interactive=False)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _has_history() -> bool:
    from chidao.tasks.models import TaskHistory

    return TaskHistory.objects.exists()


# -- timing --------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _time(client, url: str, runs: int, **headers: str) -> tuple[float, float, int]:  # noqa: ANN001
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _n in range(3):  # warm: calendar, templates, SQLite page cache
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _n in range(runs):
        started = time.perf_counter()
        response = client.get(url, **headers)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    return statistics.median(timings), _percentile(timings, 0.95), len(queries)


def child(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from knox.models import AuthToken

    from bench import client_environment
    from chidao.accounts.models import User
    from chidao.reports.periods import Period
    from chidao.tasks.models import Task

    client_environment()
    today = timezone.localdate()
    _prepare(args.reseed, today)
    leader = User.objects.get(username="lanhdao0")
    agency_user = User.objects.get(username="cq006.cv")
    client = Client()
    client.force_login(leader)
    token = AuthToken.objects.create(leader)[1]
    agency_token = AuthToken.objects.create(agency_user)[1]
    quarter = Period.this_quarter(today)
    first = today - timedelta(days=730)
    whole = {"period": "range", "from": first.isoformat(), "to": today.isoformat()}
    in_quarter = Task.objects.filter(
        directive__issued_on__range=(quarter.start, quarter.end)
    ).count()
    dashboard = reverse("reports:dashboard")
    api = reverse("api:reports-summary")

    year = {"period": "year", "year": str(today.year)}
    in_year = Task.objects.filter(directive__issued_on__year=today.year).count()
    cases = [
        # (label, url, headers, judged against the target)
        (f"dashboard, this quarter ({in_quarter:,} tasks)", dashboard, {}, True),
        (
            f"dashboard, this year ({in_year:,} tasks)",
            f"{dashboard}?{urlencode(year)}",
            {},
            False,
        ),
        (
            f"dashboard, whole range ({TASKS + SUBTASKS:,} tasks)",
            f"{dashboard}?{urlencode(whole)}",
            {},
            False,
        ),
        (
            "summary API, group_by=agency, whole range",
            f"{api}?from={first.isoformat()}&to={today.isoformat()}&group_by=agency",
            {"HTTP_AUTHORIZATION": f"Bearer {token}"},
            False,
        ),
        (
            "summary API, group_by=sector, whole range, agency user",
            f"{api}?from={first.isoformat()}&to={today.isoformat()}&group_by=sector",
            {"HTTP_AUTHORIZATION": f"Bearer {agency_token}"},
            False,
        ),
    ]
    past = today - timedelta(days=90)
    pairs = [
        # (label, url today, url as of a past day, headers): judged by AS_OF_RATIO
        (
            "dashboard, this year",
            f"{dashboard}?{urlencode(year)}",
            f"{dashboard}?{urlencode({**year, 'as_of': past.isoformat()})}",
            {},
        ),
        (
            "summary API, group_by=agency, whole range",
            f"{api}?from={first.isoformat()}&to={today.isoformat()}&group_by=agency",
            f"{api}?from={first.isoformat()}&to={today.isoformat()}&group_by=agency"
            f"&as_of={past.isoformat()}",
            {"HTTP_AUTHORIZATION": f"Bearer {token}"},
        ),
    ]
    from django.db import connection

    where = (
        f"SQLite {DB.relative_to(ROOT)}"
        if connection.vendor == "sqlite"
        else f"PostgreSQL {connection.settings_dict['NAME']}"
    )
    print(
        f"{where}; {args.runs} warm runs each; target "
        f"{TARGET_MS:.0f} ms for the dashboard as it opens (this quarter); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    missed = False
    for label, url, headers, judged in cases:
        median, p95, queries = _time(client, url, args.runs, **headers)
        verdict = ""
        if judged:
            ok = median < TARGET_MS
            missed = missed or not ok
            verdict = "  OK" if ok else "  MISSED"
        print(
            f"{label:<58} median {median:7.1f} ms  p95 {p95:7.1f} ms  "
            f"queries {queries:3d}{verdict}",
            flush=True,
        )
    for label, now_url, past_url, headers in pairs:
        now_median, _p95, now_queries = _time(client, now_url, args.runs, **headers)
        past_median, _p95, past_queries = _time(client, past_url, args.runs, **headers)
        ratio = past_median / now_median
        ok = ratio <= AS_OF_RATIO and past_queries == now_queries
        missed = missed or not ok
        print(
            f"{label}: as of today {now_median:.1f} ms ({now_queries} queries), "
            f"as of {past:%d/%m/%Y} {past_median:.1f} ms ({past_queries} queries), "
            f"ratio {ratio:.2f}  {'OK' if ok else 'MISSED'} (<= {AS_OF_RATIO})",
            flush=True,
        )
    return 1 if missed else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reseed", action="store_true", help="rebuild the data")
    parser.add_argument("--runs", type=int, default=25)
    return parser


if __name__ == "__main__":
    parsed = _parser().parse_args()
    sys.exit(child(parsed) if parsed.child else main())
