"""Issue 12 / SECURITY.md 57: a day's use at a province's scale (make load).

Each simulated session signs in as one of the benchmark's accounts (bench
seeding: leaders, the Office's officers, one officer per agency) and, between
10 and 30 seconds of thinking, opens: the task list (40 %), a task page
(25 %), its dashboard (15 %), its inbox (10 %: "Việc của tôi" for the Office,
"Nhiệm vụ được giao" for an agency; a leader has none and reads the
dashboard), or writes (10 %): a progress report on a task its agency leads
and has accepted, else a comment. Names group the requests by page kind,
which scripts/ci/load_check.py judges (p95 < 1 s, no error).
"""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "ChiDao@Load2026!")
AGENCIES = int(os.environ.get("LOAD_AGENCIES", 60))
# One leader, two Office officers and seven agency officers in every ten.
ACCOUNTS = itertools.cycle(
    [
        *(f"lanhdao{n}" for n in range(1)),
        *(f"vp.cv{n}" for n in range(2)),
        *(f"cq{n:03d}.cv" for n in range(7)),
    ]
)
_agency = itertools.count()
_office = itertools.count()
_leader = itertools.count()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TASK_LINK = re.compile(r'href="/nhiem-vu/(\d+)/"')
# The hidden version field of a step's form on the task page (prefixed with
# the step's name: comment-version, report-version).
VERSION = r'name="{action}-version" value="(\d+)"'
LIST_VIEWS = [
    {},
    {"state": "accepted"},
    {"report_status": "overdue_open"},
    {"sort": "deadline"},
    {"page": "2"},
]


def _account(kind: str) -> str:
    if kind == "leader":
        return f"lanhdao{next(_leader) % 10}"
    if kind == "office":
        return f"vp.cv{next(_office) % 20}"
    return f"cq{next(_agency) % AGENCIES:03d}.cv"


class Person(HttpUser):
    wait_time = between(10, 30)

    def on_start(self) -> None:
        name = next(ACCOUNTS)
        self.kind = (
            "leader"
            if name.startswith("lanhdao")
            else "office"
            if name.startswith("vp.")
            else "agency"
        )
        self.username = _account(self.kind)
        self.tasks_seen: list[str] = []
        page = self.client.get("/tai-khoan/dang-nhap/", name="setup: sign-in page")
        match = TOKEN.search(page.text)
        self.client.post(
            "/tai-khoan/dang-nhap/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": match.group(1) if match else "",
            },
            headers={"Referer": self.host + "/tai-khoan/dang-nhap/"},
            name="setup: sign in",
        )
        self._list()

    def _list(self) -> None:
        with self.client.get(
            "/nhiem-vu/",
            params=random.choice(LIST_VIEWS),  # noqa: S311 - not security
            name="task list",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return
            ids = TASK_LINK.findall(response.text)
            if ids:
                self.tasks_seen = ids[:25]
            response.success()

    def _a_task(self) -> str | None:
        return random.choice(self.tasks_seen) if self.tasks_seen else None  # noqa: S311

    @task(40)
    def task_list(self) -> None:
        self._list()

    @task(25)
    def task_page(self) -> None:
        pk = self._a_task()
        if pk is not None:
            self.client.get(f"/nhiem-vu/{pk}/", name="task page")

    @task(15)
    def dashboard(self) -> None:
        path = "/bao-cao/co-quan/" if self.kind == "agency" else "/bao-cao/"
        self.client.get(path, name="dashboard")

    @task(10)
    def inbox(self) -> None:
        if self.kind == "leader":
            self.client.get("/bao-cao/", name="dashboard")
        elif self.kind == "office":
            self.client.get("/nhiem-vu/viec-cua-toi/", name="inbox")
        else:
            self.client.get("/nhiem-vu/duoc-giao/", name="inbox")

    @task(10)
    def write(self) -> None:
        pk = self._a_task()
        if pk is None:
            return
        page = self.client.get(f"/nhiem-vu/{pk}/", name="task page")
        token = TOKEN.search(page.text)
        if token is None:
            return
        action = "report" if f"/nhiem-vu/{pk}/report/" in page.text else "comment"
        if f"/nhiem-vu/{pk}/{action}/" not in page.text:
            return  # a leader reads; only the Office and the agencies write
        version = re.search(VERSION.format(action=action), page.text)
        data = {
            "csrfmiddlewaretoken": token.group(1),
            f"{action}-text": "Tiến độ thực hiện, lần kiểm tra tải "
            f"{random.randrange(10**6)}",  # noqa: S311 - not security
        }
        if version is not None:
            data[f"{action}-version"] = version.group(1)
        with self.client.post(
            f"/nhiem-vu/{pk}/{action}/",
            data,
            headers={"Referer": f"{self.host}/nhiem-vu/{pk}/"},
            name=f"write: {action}",
            catch_response=True,
        ) as response:
            # 409: someone else changed the task since the page was read, the
            # answer the rules give (SENT_TWICE), not a server error.
            if response.status_code in (200, 409) or response.status_code < 400:
                response.success()
            else:
                response.failure(f"{response.status_code}")
