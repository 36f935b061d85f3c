"""EXPLAIN ANALYZE every query of one page: `python -m bench.explain URL [user]`.

Runs against DATABASE_URL (the benchmark's database) and prints, per query,
its time and the plan's top lines; `--full` prints whole plans.
"""

from __future__ import annotations

import os
import sys
import time


def run(url: str, username: str, full: bool) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chidao.settings.test")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import client_environment
    from chidao.accounts.models import User

    client_environment()
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get(url)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    total = (time.perf_counter() - started) * 1000
    print(
        f"{url} as {username}: {response.status_code}, {total:.0f} ms, "
        f"{len(queries)} queries"
    )
    with connection.cursor() as cursor:
        for n, query in enumerate(queries.captured_queries, start=1):
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
            took = plan[-1]
            print(f"-- {n}: {took}  [{query['time']} s]  {sql[:160]}")
            for line in plan if full else plan[:12]:
                print("   ", line)


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    run(
        arguments[0],
        arguments[1] if len(arguments) > 1 else "lanhdao0",
        "--full" in sys.argv,
    )
