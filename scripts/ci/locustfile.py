"""SECURITY.md 57: signed-in people reading their pages (scripts/ci/load.sh).

Each simulated user signs in as one of the demo accounts (not the admin,
whose second factor a script cannot type) and opens the pages of its role.
"""

import itertools
import os
import re

from locust import HttpUser, between, task

ACCOUNTS = itertools.cycle(
    ["vp.chuyenvien", "vp.lanhdao", "stc.chuyenvien", "stc.lanhdao", "chutich"]
)
PASSWORD = os.environ.get("DEMO_PASSWORD", "ChiDao@Demo2026!")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Reader(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        page = self.client.get("/tai-khoan/dang-nhap/", name="setup: sign-in page")
        match = TOKEN.search(page.text)
        self.client.post(
            "/tai-khoan/dang-nhap/",
            {
                "username": next(ACCOUNTS),
                "password": PASSWORD,
                "csrfmiddlewaretoken": match.group(1) if match else "",
            },
            headers={"Referer": self.host + "/tai-khoan/dang-nhap/"},
            name="setup: sign in",
        )

    @task(4)
    def task_list(self) -> None:
        self.client.get("/nhiem-vu/", name="/nhiem-vu/")

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(2)
    def directives(self) -> None:
        self.client.get("/van-ban/", name="/van-ban/")

    @task(1)
    def dashboard(self) -> None:
        self.client.get("/bao-cao/", name="/bao-cao/")

    @task(1)
    def search(self) -> None:
        self.client.get("/tim-kiem/", params={"q": "tai chinh"}, name="/tim-kiem/")
