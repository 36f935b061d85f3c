"""Sign-in and the main page of every role on the demo province (issue 16).

Targets: sign-in under 300 ms server time at the production password hash
(Argon2, Django's parameters), every main page under 200 ms server time on
the demo data. Server time is the time the view takes in this process (the
test client, no network), the median of `--runs` requests after one warm-up.
The demo province is seeded, with Argon2 hashes, into its own SQLite file
(bench/out/pages.sqlite3, built once; `--reseed` rebuilds it).

    python -m bench pages              # or: make bench
    python -m bench.pages --reseed --runs 20
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DB = OUT / "pages.sqlite3"
SIGN_IN_MS = 300.0
PAGE_MS = 200.0
ARGON2 = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
PAGES = {
    "vp.chuyenvien": [
        "/",
        "/nhiem-vu/viec-cua-toi/",
        "/nhiem-vu/",
        "/van-ban/",
        "/van-ban/tao/",
    ],
    "vp.lanhdao": ["/nhiem-vu/viec-cua-toi/"],
    "stc.chuyenvien": ["/", "/nhiem-vu/duoc-giao/"],
    "chutich": ["/bao-cao/"],
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chidao.settings.test",
        "DATABASE_URL": f"sqlite:///{DB}",
    }
    known, _rest = _parser().parse_known_args(sys.argv[1:])
    args = ["--runs", str(known.runs), *(["--reseed"] if known.reseed else [])]
    command = [sys.executable, "-m", "bench.pages", "--child", *args]
    return subprocess.run(command, env=env, cwd=ROOT, check=False).returncode  # noqa: S603


def _median_ms(fn: object, runs: int) -> tuple[float, float]:
    fn()  # warm-up: caches, the first query plans
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def child(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.hashers import check_password, make_password
    from django.core.management import call_command
    from django.test import Client, override_settings

    from bench import client_environment
    from chidao.accounts.models import User

    client_environment()
    status = 0
    with override_settings(PASSWORD_HASHERS=ARGON2, AXES_ENABLED=False):
        call_command("migrate", verbosity=0, interactive=False)
        if args.reseed or not User.objects.filter(username="vp.chuyenvien").exists():
            call_command("flush", verbosity=0, interactive=False)
            call_command("seed_demo", allow_production=True, verbosity=0)
        encoded = make_password(settings.DEMO_PASSWORD)
        hash_ms, _ = _median_ms(
            lambda: check_password(settings.DEMO_PASSWORD, encoded), args.runs
        )
        print(f"  Argon2 check alone: {hash_ms:.0f} ms")

        def sign_in() -> None:
            client = Client()
            answer = client.post(
                "/tai-khoan/dang-nhap/",
                {"username": "vp.chuyenvien", "password": settings.DEMO_PASSWORD},
            )
            assert answer.status_code == 302, answer.status_code  # noqa: S101

        median, worst = _median_ms(sign_in, args.runs)
        ok = median < SIGN_IN_MS
        status |= 0 if ok else 1
        print(
            f"  sign-in: {median:.0f} ms median, {worst:.0f} ms worst "
            f"(target {SIGN_IN_MS:.0f}) {'ok' if ok else 'SLOW'}"
        )
        for username, urls in PAGES.items():
            client = Client()
            client.force_login(User.objects.get(username=username))
            for url in urls:
                median, worst = _median_ms(lambda u=url, c=client: c.get(u), args.runs)
                ok = median < PAGE_MS
                status |= 0 if ok else 1
                print(
                    f"  {username} {url}: {median:.0f} ms median, {worst:.0f} ms "
                    f"worst (target {PAGE_MS:.0f}) {'ok' if ok else 'SLOW'}"
                )
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser


if __name__ == "__main__":
    parsed = _parser().parse_args()
    sys.exit(child(parsed) if parsed.child else main())
