"""Walk production-mode ChiDao behind nginx as demo users (smoke-production.sh).

usage: smoke_check.py HTTPS_BASE HTTP_BASE PASSWORD
"""

from __future__ import annotations

import io
import re
import sys
import time

from http_client import CheckFailed, Client, check, wait_healthy

PAGES = {
    "chutich": ["/bao-cao/", "/bao-cao/dinh-ky/", "/nhiem-vu/"],
    "vp.chuyenvien": [
        "/nhiem-vu/viec-cua-toi/",
        "/nhiem-vu/",
        "/van-ban/",
        "/van-ban/tao/",
        "/doc-van-ban/",
        "/tim-kiem/?q=ng%C3%A2n+s%C3%A1ch",
        "/thong-bao/",
        "/lich/",
    ],
    "stc.chuyenvien": [
        "/nhiem-vu/duoc-giao/",
        "/bao-cao/co-quan/",
        "/nhiem-vu/",
        "/van-ban/",
        "/thong-bao/",
    ],
}
API = [
    "/api/v1/me",
    "/api/v1/tasks",
    "/api/v1/directives",
    "/api/v1/agencies",
    "/api/v1/notifications",
    "/api/v1/sectors",
    "/api/v1/reports/summary",
    "/api/v1/calendar/days?from=2026-01-01&to=2026-01-31",
    "/api/v1/openapi.json",
    "/api/v1/docs",
]
SOFTWARE = ("nginx", "gunicorn", "django", "python", "wsgi")
STATIC = re.compile(r'(?:src|href)="(/static/[^"]+)"')
TASK_LINK = re.compile(r'href="/nhiem-vu/(\d+)/"')
DOWNLOAD_LINK = re.compile(r'href="/tep/(\d+)/"')
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")


def no_software_named(path: str, headers: dict[str, str]) -> None:
    check("server" not in headers, f"{path}: Server header {headers.get('server')!r}")
    named = " ".join(f"{k}: {v}" for k, v in headers.items()).lower()
    for word in SOFTWARE:
        check(word not in named, f"{path}: a header names {word!r}")


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def walk(base: str, password: str) -> dict[str, int]:
    counts = {"pages": 0, "api": 0, "static": 0}
    static: set[str] = set()
    for user, pages in PAGES.items():
        client = Client(base, proxy_https=False)
        client.sign_in(user, password)
        for path in pages:
            answer = client.get(path)
            check(answer.status == 200, f"{user} GET {path}: {answer.status}")
            check(
                "no-store" in answer.headers.get("cache-control", ""),
                f"{path} cacheable",
            )
            no_software_named(path, answer.headers)
            static.update(STATIC.findall(answer.text))
            counts["pages"] += 1
        tasks = client.get("/nhiem-vu/")
        ids = TASK_LINK.findall(tasks.text)
        check(bool(ids), f"{user}: no task on the list")
        detail = client.get(f"/nhiem-vu/{ids[0]}/")
        check(detail.status == 200, f"{user} task page: {detail.status}")
        counts["pages"] += 1
        for path in API:
            answer = client.get(path)
            check(
                answer.status == 200,
                f"{user} GET {path}: {answer.status} {answer.text[:200]}",
            )
            counts["api"] += 1
        check(client.get(f"/api/v1/tasks/{ids[0]}").status == 200, "API task detail")
    anonymous = Client(base, proxy_https=False)
    for path in sorted(static):
        check(bool(HASHED.search(path)), f"{path}: not a hashed name")
        answer = anonymous.get(path)
        check(answer.status == 200, f"GET {path}: {answer.status}")
        cache = answer.headers.get("cache-control", "")
        check(
            "max-age=31536000" in cache and "immutable" in cache, f"{path}: {cache!r}"
        )
        no_software_named(path, answer.headers)
        counts["static"] += 1
    return counts


def no_debug_page(base: str) -> None:
    client = Client(base, proxy_https=False)
    missing = client.get("/khong-co-trang-nay/")
    check(missing.status == 404, f"missing page: {missing.status}")
    for marker in ("Traceback", "DEBUG = True", "URLconf", "settings.py", "Django"):
        check(marker not in missing.text, f"the 404 page shows {marker!r}")
    # SECURITY.md 59: no repository, debug or path-escape answers.
    for path in ("/.git/HEAD", "/__debug__/", "/static/../settings.py", "/media/"):
        answer = client.get(path)
        check(answer.status in (400, 404), f"GET {path}: {answer.status}")
        check("Traceback" not in answer.text, f"GET {path} shows a traceback")
    forged = client.post_form(
        "/tai-khoan/dang-nhap/", {"username": "x", "password": "y"}
    )
    check(forged.status == 403, f"POST without CSRF: {forged.status}")
    check(
        "Traceback" not in forged.text and "DEBUG" not in forged.text, "CSRF page debug"
    )


def attachments_through_nginx(base: str, password: str) -> None:
    client = Client(base, proxy_https=False)
    client.sign_in("stc.chuyenvien", password)
    ids = TASK_LINK.findall(
        client.get("/nhiem-vu/duoc-giao/").text
    ) or TASK_LINK.findall(client.get("/nhiem-vu/").text)
    task = ids[0]
    page = client.get(f"/nhiem-vu/{task}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    check(token is not None, "no CSRF token on the task page")
    data = pdf_bytes()
    before = set(DOWNLOAD_LINK.findall(page.text))
    answer = client.post_file(
        f"/tep/tai-len/task/{task}/",
        {"csrfmiddlewaretoken": token.group(1), "next": f"/nhiem-vu/{task}/"},  # type: ignore[union-attr]
        "Báo cáo quý.pdf",
        data,
    )
    check(answer.status == 302, f"upload: {answer.status} {answer.text[:200]}")
    after = set(DOWNLOAD_LINK.findall(client.get(f"/nhiem-vu/{task}/").text))
    new = sorted(after - before)
    check(len(new) == 1, f"the uploaded file is not listed as downloadable: {new}")
    download = client.get(f"/tep/{new[0]}/")
    check(download.status == 200, f"download: {download.status}")
    check(download.body == data, "the download is not the uploaded bytes")
    check(
        "x-accel-redirect" not in download.headers,
        "X-Accel-Redirect leaked to the client",
    )
    check(
        download.headers.get("x-content-type-options") == "nosniff", "download nosniff"
    )
    check(
        download.headers.get("content-disposition", "").startswith("attachment;"),
        f"download disposition {download.headers.get('content-disposition')!r}",
    )
    check(
        "sandbox" in download.headers.get("content-security-policy", ""), "download CSP"
    )
    no_software_named("download", download.headers)
    # The internal location is not reachable from outside (SECURITY.md 3).
    direct = client.get("/_protected/attachments/")
    check(direct.status == 404, f"/_protected/ directly: {direct.status}")
    # nginx refuses a body over the limit before the app reads it.
    big = client.post_file(
        f"/tep/tai-len/task/{task}/",
        {"csrfmiddlewaretoken": token.group(1)},  # type: ignore[union-attr]
        "big.pdf",
        b"%PDF-1.4\n" + b"0" * (52 * 1024 * 1024),
    )
    check(big.status == 413, f"52 MB upload: {big.status}")


def main() -> int:
    https_base, http_base, password = sys.argv[1:4]
    started = time.monotonic()
    try:
        wait_healthy(Client(https_base, proxy_https=False))
        plain = Client(http_base, proxy_https=False).get("/nhiem-vu/")
        check(plain.status == 301, f"plain HTTP: {plain.status}")
        check(
            plain.headers.get("location", "").startswith("https://"), "redirect target"
        )
        counts = walk(https_base, password)
        no_debug_page(https_base)
        attachments_through_nginx(https_base, password)
    except CheckFailed as exc:
        print(f"smoke check FAILED: {exc}", file=sys.stderr)
        return 1
    print(
        f"smoke check passed: {counts['pages']} pages, {counts['api']} API calls, "
        f"{counts['static']} static files, download via X-Accel-Redirect, 413 over "
        f"the limit ({time.monotonic() - started:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
