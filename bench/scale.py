"""The 1M-task benchmark on PostgreSQL (issue 12): every case beside its floor.

    createdb -h 127.0.0.1 -U postgres bench1m
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench1m \\
        python -m bench scale --tasks 1000000 [--runs 20] [--reseed]

The data is seeded once with COPY (bench/seeding.py) into the database named
by BENCH_DATABASE_URL or DATABASE_URL and reused by every later run while its
task count is the one asked for (`--reseed` empties and refills it). Without
a PostgreSQL URL the benchmark says so and does nothing: SQLite is not what a
province runs. Each case prints one JSON line: ChiDao's p50/p95 over the warm
runs, the floor (hand-written SQL giving the same numbers, same run), the
goal, the query count, and whether that count is the same with one agency
and with every agency (it must not grow with N nor with the agencies).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")


def main() -> int:
    url = _url()
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench.scale: skipped, needs DATABASE_URL=postgres://…/bench1m")
        return 0
    known, _rest = _parser().parse_known_args(sys.argv[1:])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chidao.settings.test",
        "DATABASE_URL": url,
    }
    args = ["--tasks", str(known.tasks), "--runs", str(known.runs)]
    args += ["--reseed"] * known.reseed + ["--seed-only"] * known.seed_only
    args += [f"--case={c}" for c in known.case]
    command = [sys.executable, "-m", "bench.scale", "--child", *args]
    return subprocess.run(command, env=env, cwd=ROOT, check=False).returncode  # noqa: S603


def prepare(tasks: int, reseed: bool) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.seeding import plan_as_deployed, seed
    from chidao.tasks.models import Task

    call_command("migrate", verbosity=0, interactive=False)
    if reseed:
        call_command("flush", verbosity=0, interactive=False)
    plan_as_deployed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tasks_task")
        have = cursor.fetchone()[0]
    if have == tasks:
        return
    if have:
        raise SystemExit(
            f"bench database holds {have:,} tasks, not {tasks:,}: --reseed"
        )
    del Task
    seed(tasks, timezone.localdate(), log=lambda line: print(line, flush=True))


def child(args: argparse.Namespace) -> int:
    import django

    django.setup()
    prepare(args.tasks, args.reseed)
    if args.seed_only:
        return 0
    from bench import scale_cases

    return scale_cases.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--case", action="append", default=[])
    return parser


if __name__ == "__main__":
    parsed = _parser().parse_args()
    sys.exit(child(parsed) if parsed.child else main())
