"""Screenshots of the main pages as each role sees them (docs/screenshots/).

Usage: start the app (`make run`, or any server with the demo data), then
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000
Needs Debian's chromium (/usr/bin/chromium).
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = os.environ.get("DEMO_PASSWORD", "ChiDao@Demo2026!")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# (user or None, path, file name)
PAGES = [
    (None, "/tai-khoan/dang-nhap/", "sign-in"),
    ("stc.chuyenvien", "/", "home-agency-officer"),
    ("vp.chuyenvien", "/", "home-tracking-officer"),
    ("chutich", "/", "home-leader"),
    ("vp.chuyenvien", "/nhiem-vu/", "task-list"),
    ("vp.chuyenvien", "/van-ban/", "directive-list"),
    ("vp.chuyenvien", "/van-ban/tao/", "directive-new"),
    ("vp.chuyenvien", "/van-ban/1/", "directive-detail"),
    ("stc.chuyenvien", "/nhiem-vu/27/", "task-detail"),
    ("vp.lanhdao", "/bao-cao/", "dashboard"),
    ("vp.lanhdao", "/bao-cao/dinh-ky/", "periodic-report"),
    ("stc.chuyenvien", "/bao-cao/co-quan/", "agency-dashboard"),
    ("vp.chuyenvien", "/lich/?year=2026", "calendar-2026"),
    ("stc.chuyenvien", "/thong-bao/", "notifications"),
    ("vp.chuyenvien", "/doc-van-ban/", "reader-start"),
]


def main(base: str, only: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        contexts: dict[str | None, object] = {}
        for user, path, name in PAGES:
            if only and name not in only:
                continue
            if user not in contexts:
                contexts[user] = signed_in(browser, base, user)
            page = contexts[user].new_page()
            response = page.goto(path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
            sys.stdout.write(
                f"{name}: {response.status if response else '?'} {page.url}\n"
            )
            page.close()
        if not only or "reader-review" in only:
            review(
                contexts.get("vp.chuyenvien")
                or signed_in(browser, base, "vp.chuyenvien")
            )
        browser.close()


def signed_in(browser: object, base: str, user: str | None) -> object:
    """A browser context at 1366×768, signed in as `user` (None: anonymous)."""
    ctx = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="vi-VN", base_url=base
    )
    if user:
        page = ctx.new_page()
        page.goto("/tai-khoan/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(user)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state("networkidle")
        page.close()
    return ctx


def review(context: object) -> None:
    """The reader's review table for a sample directive pasted as text."""
    sample = Path("/work/shared/samples/directives/hcm-cv-1551-2016.txt")
    if not sample.exists():
        return
    page = context.new_page()
    page.goto("/doc-van-ban/")
    page.get_by_label("Hoặc dán nội dung văn bản").fill(sample.read_text())
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / "reader-review.png"), full_page=True)
    sys.stdout.write(f"reader-review: {page.url}\n")
    page.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000", sys.argv[2:])
