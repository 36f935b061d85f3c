"""CPU of each page kind on the production server, one request at a time.

`LOAD_MODE=cpu make load` starts the server as `make load` does (gunicorn,
DJANGO_DEBUG=0, PostgreSQL with 1M tasks) and runs this instead of Locust:
each page kind is requested N times in a row by one signed-in session, and
the CPU the web workers and the PostgreSQL backends spent is read from
/proc before and after (Linux). With nothing else running, that is what
each request costs the server, the figure a load test's throughput on two
cores follows from (issue 12).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from pathlib import Path

from http_client import Client, check

TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")
LISTS = [
    "/nhiem-vu/",
    "/nhiem-vu/?state=accepted",
    "/nhiem-vu/?report_status=overdue_open",
    "/nhiem-vu/?sort=deadline",
    "/nhiem-vu/?page=2",
]
# (page kind, account, paths; None: ten task pages from the account's list)
CASES = [
    ("task list, agency", "cq006.cv", LISTS),
    ("task list, Office", "vp.cv4", LISTS),
    ("task page, agency", "cq006.cv", None),
    ("inbox, agency", "cq006.cv", ["/nhiem-vu/duoc-giao/"]),
    ("inbox, Office", "vp.cv4", ["/nhiem-vu/viec-cua-toi/"]),
    ("dashboard, agency", "cq006.cv", ["/bao-cao/co-quan/"]),
    ("dashboard, leader", "lanhdao0", ["/bao-cao/"]),
]


def _cpu_ms() -> dict[str, float]:
    """CPU so far of the web server's processes and of PostgreSQL's."""
    spent = {"web": 0.0, "db": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        name, fields = stat.split(" (", 1)[1].split(")", 1)
        utime, stime = (int(v) for v in fields.split()[11:13])
        if "run_production" in command or "gunicorn" in command:
            spent["web"] += (utime + stime) * TICK_MS
        elif name.startswith("postgres"):
            spent["db"] += (utime + stime) * TICK_MS
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", required=True)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    password = os.environ["LOAD_PASSWORD"]
    sessions: dict[str, Client] = {}
    for kind, username, paths in CASES:
        if username not in sessions:
            sessions[username] = Client(args.host, proxy_https=False, timeout=120)
            sessions[username].sign_in(username, password)
        session = sessions[username]
        if paths is None:
            listed = session.get("/nhiem-vu/?state=accepted")
            paths = [
                f"/nhiem-vu/{pk}/"
                for pk in re.findall(r'href="/nhiem-vu/(\d+)/"', listed.text)[:10]
            ]
        for path in paths:  # warm-up
            session.get(path)
        before, started = _cpu_ms(), time.perf_counter()
        for n in range(args.runs):
            path = paths[n % len(paths)]
            answer = session.get(path)
            check(answer.status == 200, f"GET {path}: {answer.status}")
        wall = (time.perf_counter() - started) * 1000 / args.runs
        after = _cpu_ms()
        web, db = ((after[k] - before[k]) / args.runs for k in ("web", "db"))
        print(
            json.dumps(
                {
                    "case": kind,
                    "runs": args.runs,
                    "wall_ms": round(wall, 1),
                    "web_cpu_ms": round(web, 1),
                    "db_cpu_ms": round(db, 1),
                    "cpu_ms": round(web + db, 1),
                },
                ensure_ascii=False,
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
