"""A real ClamAV daemon for tests, with signatures the test writes itself.

No package ships ClamAV's official database and the network is closed, so
each daemon loads an unsigned `daily.cud` built here: an EICAR body signature,
a ChiDao-only marker signature (to prove ClamAV, not a built-in scanner, found
it) and a build time chosen by the test, which clamd reports through VERSION.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import socket
import subprocess
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from chidao.attachments.scanners import eicar_signature

CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
CLAMSCAN = shutil.which("clamscan") or "/usr/bin/clamscan"
INSTALL_HINT = (
    "ClamAV is not installed: apt-get install clamav clamav-daemon "
    "(.ci/run does this, so CI never skips these tests)"
)
# Appears in no real file; only ClamAV's test database knows it.
MARKER = b"CHIDAO-CLAMAV-TEST-MARKER-7f3a9c"
MARKER_SIGNATURE = "ChiDao.Test.Marker"


def clamav_installed() -> bool:
    return os.access(CLAMD, os.X_OK) and os.access(CLAMSCAN, os.X_OK)


def write_database(directory: Path, *, age_days: float) -> Path:
    """An unsigned daily database (.cud) whose build time is `age_days` ago."""
    directory.mkdir(parents=True, exist_ok=True)
    ndb = (
        f"ChiDao.Test.EICAR:0:*:{eicar_signature().hex()}\n"
        f"{MARKER_SIGNATURE}:0:*:{MARKER.hex()}\n"
    ).encode()
    built = int(time.time() - age_days * 86400)
    stamp = time.strftime("%d %b %Y %H-%M +0000", time.gmtime(built))
    header = f"ClamAV-VDB:{stamp}:90001:2:90:{'0' * 32}:unsigned:chidao-tests:{built}"
    info = f"{header}\ndaily.ndb:{len(ndb)}:{hashlib.sha256(ndb).hexdigest()}\n"
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in (
            ("COPYING", b"ChiDao test signatures\n"),
            ("daily.info", info.encode()),
            ("daily.ndb", ndb),
        ):
            entry = tarfile.TarInfo(name)
            entry.size, entry.mtime = len(data), built
            tar.addfile(entry, io.BytesIO(data))
    path = directory / "daily.cud"
    path.write_bytes(header.encode().ljust(512, b" ") + archive.getvalue())
    return path


@dataclass
class Clamd:
    root: Path
    age_days: float
    process: subprocess.Popen | None = None
    log: Path = field(init=False)

    @property
    def socket_path(self) -> str:
        return str(self.root / "clamd.sock")

    def start(self, timeout: float = 60.0) -> Clamd:
        database = self.root / "db"
        write_database(database, age_days=self.age_days)
        self.log = self.root / "clamd.log"
        config = self.root / "clamd.conf"
        config.write_text(
            "\n".join(
                [
                    f"LocalSocket {self.socket_path}",
                    f"DatabaseDirectory {database}",
                    f"TemporaryDirectory {self.root}",
                    f"LogFile {self.log}",
                    "Foreground yes",
                    "StreamMaxLength 100M",
                    "AlertEncrypted yes",
                    "SelfCheck 0",
                    *(["User root"] if os.geteuid() == 0 else []),
                    "",
                ]
            )
        )
        self.process = subprocess.Popen(  # noqa: S603
            [CLAMD, "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"clamd exited: {self.log.read_text()[-2000:]}")
            if self._answers():
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"clamd did not answer within {timeout} s")

    def _answers(self) -> bool:
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.settimeout(1)
                sock.connect(self.socket_path)
                sock.sendall(b"zPING\0")
                return sock.recv(16).startswith(b"PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
