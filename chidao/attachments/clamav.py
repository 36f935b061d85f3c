"""A small client for ClamAV's daemon: VERSION and INSTREAM, nothing more.

Protocol (clamd(8)): commands are sent as `z<COMMAND>\\0`; INSTREAM is followed
by chunks, each prefixed with its length as 4 big-endian bytes, and a zero
length ends the stream. Replies end with a NUL byte.
"""

from __future__ import annotations

import re
import socket
import struct
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone

CHUNK = 64 * 1024
MONTHS = {
    name: number
    for number, name in enumerate(
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1
    )
}
# `ClamAV 1.4.6/27999/Fri Nov 20 07:40:36 2026`; without a daily database
# clamd answers only `ClamAV 1.4.6`.
VERSION_RE = re.compile(
    r"^ClamAV (?P<engine>[^/]+)"
    r"(?:/(?P<db>\d+)/\w{3} (?P<mon>\w{3}) +(?P<day>\d+) "
    r"(?P<h>\d+):(?P<m>\d+):(?P<s>\d+) (?P<year>\d{4}))?$"
)


class ClamdError(Exception):
    """The daemon could not be reached, timed out, or reported an error."""


@dataclass(frozen=True)
class ClamdVersion:
    engine: str
    signatures_version: int | None
    signatures_date: datetime | None  # aware; None when clamd did not say


def parse_version(reply: str) -> ClamdVersion:
    match = VERSION_RE.match(reply.strip())
    if match is None:
        raise ClamdError(f"unexpected VERSION reply: {reply!r}")
    if match["db"] is None:
        return ClamdVersion(match["engine"], None, None)
    month = MONTHS.get(match["mon"])
    if month is None:
        raise ClamdError(f"unexpected VERSION date: {reply!r}")
    # clamd prints its local time; the app server is assumed to share its zone.
    naive = datetime(  # noqa: DTZ001
        int(match["year"]),
        month,
        int(match["day"]),
        int(match["h"]),
        int(match["m"]),
        int(match["s"]),
    )
    return ClamdVersion(match["engine"], int(match["db"]), timezone.make_aware(naive))


class ClamdClient:
    def __init__(
        self, *, socket_path: str = "", tcp: str = "", timeout: float = 30.0
    ) -> None:
        if not socket_path and not tcp:
            raise ValueError("ClamdClient needs a unix socket path or host:port")
        self.socket_path = socket_path
        self.tcp = tcp
        self.timeout = timeout

    @classmethod
    def from_settings(cls) -> ClamdClient | None:
        """The configured daemon, or None when ClamAV is not configured."""
        if not (settings.CLAMAV_SOCKET or settings.CLAMAV_TCP):
            return None
        return cls(
            socket_path=settings.CLAMAV_SOCKET,
            tcp=settings.CLAMAV_TCP,
            timeout=settings.CLAMAV_TIMEOUT,
        )

    def __str__(self) -> str:
        return self.socket_path or self.tcp

    def _connect(self) -> socket.socket:
        try:
            if self.socket_path:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.settimeout(self.timeout)
                sock.connect(self.socket_path)
                return sock
            host, _sep, port = self.tcp.rpartition(":")
            return socket.create_connection(
                (host.strip("[]"), int(port)), timeout=self.timeout
            )
        except (OSError, ValueError) as exc:
            raise ClamdError(f"cannot connect to clamd at {self}: {exc}") from exc

    @staticmethod
    def _reply(sock: socket.socket) -> str:
        data = b""
        while not data.endswith(b"\0"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
            if len(data) > 64 * 1024:
                raise ClamdError("clamd reply too long")
        if not data:
            raise ClamdError("clamd closed the connection without a reply")
        return data.rstrip(b"\0").decode("utf-8", "replace").strip()

    def version(self) -> ClamdVersion:
        try:
            with self._connect() as sock:
                sock.sendall(b"zVERSION\0")
                return parse_version(self._reply(sock))
        except OSError as exc:
            raise ClamdError(f"clamd VERSION failed: {exc}") from exc

    def instream(self, file: BinaryIO) -> str | None:
        """Stream `file` to clamd: the signature name if found, else None."""
        file.seek(0)
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                try:
                    while chunk := file.read(CHUNK):
                        sock.sendall(struct.pack(">I", len(chunk)) + chunk)
                    sock.sendall(struct.pack(">I", 0))
                except (BrokenPipeError, ConnectionResetError):
                    # clamd hangs up when the stream exceeds StreamMaxLength;
                    # its reply, if any, says why.
                    pass
                reply = self._reply(sock)
        except OSError as exc:
            raise ClamdError(f"clamd INSTREAM failed: {exc}") from exc
        finally:
            file.seek(0)
        if reply.endswith("ERROR"):
            raise ClamdError(f"clamd: {reply}")
        if reply.endswith(" FOUND"):
            return reply.removeprefix("stream:").removesuffix(" FOUND").strip()
        if reply.endswith("OK"):
            return None
        raise ClamdError(f"unexpected INSTREAM reply: {reply!r}")
