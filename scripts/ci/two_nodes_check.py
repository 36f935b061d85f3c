"""Two app servers, one database, one store: a session, a task change, an upload
and a reminder behave as on one server (scripts/ci/two-nodes.sh).

usage: two_nodes_check.py NODE_A NODE_B PASSWORD
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

from http_client import CheckFailed, Client, check, wait_healthy
from smoke_check import DOWNLOAD_LINK, TASK_LINK, pdf_bytes


def manage(*args: str) -> str:
    done = subprocess.run(  # noqa: S603 (fixed command, CI input only)
        [sys.executable, "manage.py", *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def session_is_shared(a: str, b: str, password: str) -> None:
    on_a = Client(a)
    on_a.sign_in("vp.chuyenvien", password)
    on_b = Client(b, cookies=dict(on_a.cookies))
    check(on_b.get("/nhiem-vu/").status == 200, "node B does not know A's session")
    token = on_b.csrf_from("/nhiem-vu/")
    out = on_b.post_form("/tai-khoan/dang-xuat/", {"csrfmiddlewaretoken": token})
    check(out.status in (200, 302), f"sign-out on B: {out.status}")
    again = Client(a, cookies=dict(on_a.cookies)).get("/nhiem-vu/")
    check(
        again.status == 302, f"node A still serves a session ended on B: {again.status}"
    )
    check("dang-nhap" in again.headers.get("location", ""), "not sent to sign-in")


def task_change_is_seen(a: str, b: str, password: str) -> None:
    on_a, on_b = Client(a), Client(b)
    on_a.sign_in("vp.lanhdao", password)
    on_b.sign_in("vp.lanhdao", password)
    listing = on_a.get("/api/v1/tasks?state=reported_done")
    check(listing.status == 200, f"task list: {listing.status}")
    rows = listing.json()["results"]  # type: ignore[index]
    check(bool(rows), "no task reported done")
    task = rows[0]["id"]
    confirmed = on_a.post_json(f"/api/v1/tasks/{task}/actions/confirm", {})
    check(confirmed.status == 200, f"confirm on A: {confirmed.status} {confirmed.text}")
    seen = on_b.get(f"/api/v1/tasks/{task}").json()
    state = seen["state"]  # type: ignore[index]
    check(state == "confirmed_done", f"node B sees state {state!r}")
    twice = on_b.post_json(f"/api/v1/tasks/{task}/actions/confirm", {})
    check(twice.status == 409, f"confirming again on B: {twice.status}")


def upload_is_shared(a: str, b: str, password: str) -> None:
    on_a, on_b = Client(a), Client(b)
    on_a.sign_in("stc.chuyenvien", password)
    on_b.sign_in("stc.chuyenvien", password)
    task = TASK_LINK.findall(on_a.get("/nhiem-vu/").text)[0]
    page = on_a.get(f"/nhiem-vu/{task}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    check(token is not None, "no CSRF token on the task page")
    before = set(DOWNLOAD_LINK.findall(page.text))
    data = pdf_bytes()
    sent = on_a.post_file(
        f"/tep/tai-len/task/{task}/",
        {"csrfmiddlewaretoken": token.group(1)},  # type: ignore[union-attr]
        "Biên bản.pdf",
        data,
    )
    check(sent.status == 302, f"upload on A: {sent.status}")
    listed = set(DOWNLOAD_LINK.findall(on_b.get(f"/nhiem-vu/{task}/").text)) - before
    check(len(listed) == 1, f"node B lists {len(listed)} new file(s)")
    got = on_b.get(f"/tep/{listed.pop()}/")
    check(got.status == 200 and got.body == data, "node B does not serve A's upload")


def reminders_run_once(a: str, b: str, password: str) -> None:
    # Two jobs for the same day, enqueued at once; the two nodes' workers race.
    day = time.strftime("%Y-%m-%d")
    code = (
        "from chidao.tasks.jobs import send_reminders; "
        f"print(send_reminders.enqueue('{day}', True).id)"
    )
    ids = [manage("shell", "-c", code).strip().splitlines()[-1] for _ in range(2)]
    read = (
        "import json; from django_tasks_db.models import DBTaskResult; "
        f"rows = DBTaskResult.objects.filter(id__in={ids!r}); "
        "print(json.dumps([[r.status, r.return_value, r.worker_ids] for r in rows]))"
    )
    deadline = time.monotonic() + 60
    while True:
        rows = json.loads(manage("shell", "-c", read).strip().splitlines()[-1])
        if len(rows) == 2 and all(r[0] == "SUCCESSFUL" for r in rows):
            break
        check(not any(r[0] == "FAILED" for r in rows), f"a reminder job failed: {rows}")
        check(time.monotonic() < deadline, f"reminder jobs did not finish: {rows}")
        time.sleep(1)
    notified = sorted(r[1]["notified"] for r in rows)
    check(notified[0] == 0 and notified[1] > 0, f"notified per run: {notified}")
    counts = []
    for base in (a, b):
        client = Client(base)
        client.sign_in("stc.chuyenvien", password)
        answer = client.get("/api/v1/notifications")
        check(answer.status == 200, f"notifications: {answer.status}")
        counts.append(answer.json()["count"])  # type: ignore[index]
    check(counts[0] == counts[1] and counts[0] > 0, f"notifications on A/B: {counts}")
    workers = sorted({w for r in rows for w in r[2]})
    print(f"  reminders: {notified[1]} notified once; workers {', '.join(workers)}")


def main() -> int:
    a, b, password = sys.argv[1:4]
    try:
        for base in (a, b):
            wait_healthy(Client(base))
        session_is_shared(a, b, password)
        print("  session: signed in on A, used and ended on B")
        task_change_is_seen(a, b, password)
        print("  task change: confirmed on A, seen (and refused again) on B")
        upload_is_shared(a, b, password)
        print("  upload: stored by A, served byte-identical by B")
        reminders_run_once(a, b, password)
    except (CheckFailed, subprocess.CalledProcessError) as exc:
        print(f"two-node check FAILED: {exc}", file=sys.stderr)
        return 1
    print("two-node check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
