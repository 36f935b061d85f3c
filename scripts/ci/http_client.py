"""A small browser for the CI scripts: cookies, CSRF, sign-in, over HTTP(S).

Standard library only, so it runs with any Python on the CI machine. Cookies
are kept by hand: the app's `__Host-` cookies are Secure, and this client
talks plain HTTP to gunicorn (saying X-Forwarded-Proto: https, as nginx
would) as well as HTTPS to nginx.
"""

from __future__ import annotations

import http.client
import json
import re
import ssl
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class CheckFailed(AssertionError):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> object:
        return json.loads(self.body)


@dataclass
class Client:
    """One user agent against one base URL ("http://127.0.0.1:1240")."""

    base: str
    proxy_https: bool = True
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30.0

    def _connection(self) -> http.client.HTTPConnection:
        parts = urlsplit(self.base)
        if parts.scheme == "https":
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # the CI's self-signed certificate
            return http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=self.timeout, context=context
            )
        return http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=self.timeout
        )

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base)
        scheme = "https" if self.proxy_https or parts.scheme == "https" else "http"
        return f"{scheme}://{parts.netloc}"

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        sent = {"Host": urlsplit(self.base).netloc, "Accept-Language": "vi"}
        if self.proxy_https and urlsplit(self.base).scheme == "http":
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method not in ("GET", "HEAD"):
            sent["Origin"] = self.origin
            sent["Referer"] = self.origin + path
            token = self.cookies.get("__Host-csrftoken") or self.cookies.get(
                "csrftoken"
            )
            if token:
                sent["X-CSRFToken"] = token
        sent.update(headers or {})
        connection = self._connection()
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            data = raw.read()
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    pair = value.split(";", 1)[0]
                    key, _, val = pair.partition("=")
                    if val and "max-age=0" not in value.lower():
                        self.cookies[key.strip()] = val.strip()
                    else:
                        self.cookies.pop(key.strip(), None)
            headers_out = {
                k.lower(): v for k, v in raw.getheaders() if k.lower() != "set-cookie"
            }
            return Response(raw.status, headers_out, data)
        finally:
            connection.close()

    def get(self, path: str, **kwargs: object) -> Response:
        return self.request("GET", path, **kwargs)  # type: ignore[arg-type]

    def post_form(self, path: str, fields: dict[str, str]) -> Response:
        return self.request(
            "POST",
            path,
            body=urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def post_json(self, path: str, data: object) -> Response:
        return self.request(
            "POST",
            path,
            body=json.dumps(data).encode(),
            headers={"Content-Type": "application/json"},
        )

    def post_file(
        self, path: str, fields: dict[str, str], name: str, data: bytes
    ) -> Response:
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            path,
            body=b"".join(parts),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )

    def csrf_from(self, path: str) -> str:
        page = self.get(path)
        check(page.status == 200, f"GET {path}: {page.status}")
        found = CSRF_FIELD.search(page.text)
        check(found is not None, f"no CSRF field on {path}")
        return found.group(1)  # type: ignore[union-attr]

    def sign_in(self, username: str, password: str) -> None:
        token = self.csrf_from("/tai-khoan/dang-nhap/")
        answer = self.post_form(
            "/tai-khoan/dang-nhap/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        check(
            answer.status == 302,
            f"sign-in of {username}: {answer.status} {answer.text[:300]}",
        )
        check(
            "/tai-khoan/" not in answer.headers.get("location", ""),
            f"sign-in of {username} went to {answer.headers.get('location')}",
        )


def wait_healthy(client: Client, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            answer = client.get("/healthz")
            if answer.status == 200 and answer.json() == {"status": "ok"}:
                return
            last = f"{answer.status} {answer.text[:100]}"
        except OSError as exc:
            last = str(exc)
        time.sleep(1)
    raise CheckFailed(f"/healthz never answered ok: {last}")
