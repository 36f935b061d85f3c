"""Importing a 5,000-row legacy task list (issue 14): time and queries.

The spreadsheet is built here like an Office's tracking list: 1,000 directives
of five tasks each, over 40 departments that each have an officer, with two
title rows and a row of column numbers; 40 % of the tasks done (with a
completion date), 30 % in progress, 30 % not started. It is checked (the dry
run) and then imported, every task played through the state machine on its
dates, into a fresh SQLite file (bench/out/imports.sqlite3), never the
development database. The figures printed are seconds and SQL queries for
reading the file, the dry run and the import.

    python -m bench imports          # or: make bench
    python -m bench.imports --rows 1000
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DB = OUT / "imports.sqlite3"
DEPARTMENTS = 40
TASKS_PER_DIRECTIVE = 5
TODAY = date(2026, 11, 20)


def main() -> int:
    """Run the benchmark in a child process bound to its own database."""
    OUT.mkdir(parents=True, exist_ok=True)
    DB.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chidao.settings.test",
        "DATABASE_URL": f"sqlite:///{DB}",
    }
    known, _rest = _parser().parse_known_args(sys.argv[1:])
    command = [
        sys.executable,
        "-m",
        "bench.imports",
        "--child",
        "--rows",
        str(known.rows),
    ]
    return subprocess.run(command, env=env, cwd=ROOT, check=False).returncode  # noqa: S603


def _seed() -> object:
    from chidao.accounts.models import Role
    from chidao.accounts.services import set_roles
    from chidao.accounts.tests.factories import UserFactory
    from chidao.agencies.models import Agency

    ubnd = Agency.objects.create(
        code="UBND", name="Ủy ban nhân dân tỉnh An Giang", kind=Agency.Kind.COMMITTEE
    )
    vp = Agency.objects.create(
        code="VP", name="Văn phòng UBND tỉnh", kind=Agency.Kind.OFFICE, parent=ubnd
    )
    for n in range(DEPARTMENTS):
        agency = Agency.objects.create(
            code=f"S{n:02d}",
            name=f"Sở Ngành Số {n:02d}",
            kind=Agency.Kind.DEPARTMENT,
            parent=ubnd,
        )
        user = UserFactory(username=f"s{n:02d}.cv", agency=agency)
        set_roles(user, [Role.AGENCY_OFFICER])
    officer = UserFactory(username="vp.chuyenvien", agency=vp)
    set_roles(officer, [Role.TRACKING_OFFICER])
    return officer


def workbook(rows: int) -> bytes:
    """The tracking list: titles, header, column numbers, `rows` task rows."""
    from openpyxl import Workbook

    rng = random.Random(14)  # noqa: S311 - reproducible data, not security
    book = Workbook()
    sheet = book.active
    sheet.title = "Theo dõi"
    sheet.append(["ỦY BAN NHÂN DÂN TỈNH AN GIANG"])
    sheet.append(["DANH MỤC NHIỆM VỤ THEO DÕI"])
    sheet.append(
        [
            "STT",
            "Số, ký hiệu văn bản",
            "Ngày ban hành",
            "Trích yếu",
            "Nội dung nhiệm vụ",
            "Cơ quan chủ trì",
            "Thời hạn",
            "Tình hình thực hiện",
            "Ngày hoàn thành",
        ]
    )
    sheet.append([f"({i})" for i in range(1, 10)])
    first = TODAY - timedelta(days=600)
    for n in range(rows):
        d = n // TASKS_PER_DIRECTIVE
        issued = first + timedelta(days=(d * 7) % 480)
        deadline = issued + timedelta(days=rng.randrange(20, 120))
        roll = rng.random()
        status, done = "Chưa thực hiện", None
        if roll < 0.4:
            status = "Đã hoàn thành"
            done = min(issued + timedelta(days=rng.randrange(5, 110)), TODAY)
        elif roll < 0.7:
            status = "Đang thực hiện"
        sheet.append(
            [
                n + 1,
                f"{d + 1}/UBND-KT",
                datetime(issued.year, issued.month, issued.day),  # noqa: DTZ001
                f"Về việc triển khai nhiệm vụ trọng tâm số {d + 1}",
                f"Thực hiện nội dung {n % TASKS_PER_DIRECTIVE + 1} của văn bản {d + 1}",
                f"Sở Ngành Số {rng.randrange(DEPARTMENTS):02d}",
                deadline.strftime("%d/%m/%Y"),
                status,
                done.strftime("%d/%m/%Y") if done else "",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Counter:
    """Counts the SQL queries run inside it (execute_wrapper, no logging)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # noqa: ANN001, ANN204
        self.count += 1
        return execute(sql, params, many, context)


def _measure(step: object) -> tuple[object, float, int]:
    from django.db import connection

    counter = Counter()
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        result = step()
    return result, time.perf_counter() - start, counter.count


def child(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0, interactive=False)
    from chidao.imports.legacy import read_workbook
    from chidao.imports.services import check, commit
    from chidao.tasks.models import Task

    officer = _seed()
    raw = workbook(args.rows)
    now = datetime.combine(
        TODAY, datetime.min.time(), tzinfo=timezone.get_current_timezone()
    )
    book, read_s, read_q = _measure(lambda: read_workbook(raw, "theo-doi.xlsx"))
    plan, check_s, check_q = _measure(lambda: check(book, by=officer, today=TODAY))
    if plan.errors:
        print(f"refused rows: {plan.errors[:3]}")
        return 1
    plan, commit_s, commit_q = _measure(
        lambda: commit(plan, by=officer, today=TODAY, now=now, file_name="bench.xlsx")
    )
    counts = plan.counts()
    done = Task.objects.filter(state=Task.State.CONFIRMED_DONE).count()
    print(
        f"{args.rows} rows ({len(raw) // 1024} KB XLSX) → "
        f"{counts['directives']['new']} directives, {counts['tasks']['new']} tasks "
        f"({done} done), committed={plan.committed}"
    )
    print(f"read    {read_s:7.2f} s  {read_q:7d} queries")
    print(f"check   {check_s:7.2f} s  {check_q:7d} queries  (dry run)")
    print(
        f"import  {commit_s:7.2f} s  {commit_q:7d} queries  "
        f"({commit_q / max(1, counts['tasks']['new']):.1f} per task)"
    )
    print(f"total   {read_s + check_s + commit_s:7.2f} s")
    return 0 if plan.committed else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, default=5000)
    return parser


if __name__ == "__main__":
    parsed = _parser().parse_args()
    sys.exit(child(parsed) if parsed.child else main())
