"""The clamd protocol client, without a daemon (the engine tests use a real one)."""

import io
import socket
import threading
from datetime import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from chidao.attachments.clamav import ClamdClient, ClamdError, parse_version


def test_version_with_a_daily_database_gives_its_date():
    version = parse_version("ClamAV 1.4.6/27999/Fri Nov 20 07:40:36 2026")
    assert version.engine == "1.4.6"
    assert version.signatures_version == 27999
    assert version.signatures_date == timezone.make_aware(
        datetime(2026, 11, 20, 7, 40, 36)  # noqa: DTZ001
    )


def test_version_with_a_single_digit_day():
    version = parse_version("ClamAV 1.0.7/27100/Mon Dec  1 09:05:00 2025")
    assert version.signatures_date.day == 1


def test_version_without_a_daily_database_has_no_date():
    version = parse_version("ClamAV 1.4.6")
    assert version.signatures_date is None


def test_garbage_version_reply_is_an_error():
    with pytest.raises(ClamdError):
        parse_version("HTTP/1.1 400 Bad Request")


def test_a_missing_socket_is_unreachable(tmp_path: Path):
    client = ClamdClient(socket_path=str(tmp_path / "none.sock"), timeout=1)
    with pytest.raises(ClamdError, match="cannot connect"):
        client.version()


def test_nothing_listening_on_tcp_is_unreachable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = ClamdClient(tcp=f"127.0.0.1:{port}", timeout=1)
    with pytest.raises(ClamdError):
        client.instream(io.BytesIO(b"x"))


def _one_shot_server(reply: bytes) -> tuple[int, threading.Thread, list[bytes]]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    received: list[bytes] = []

    def serve() -> None:
        conn, _addr = server.accept()
        with conn:
            data = b""
            while not data.endswith(b"\0\0\0\0"):
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            received.append(data)
            conn.sendall(reply)
        server.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return server.getsockname()[1], thread, received


def test_instream_sends_length_prefixed_chunks_and_reads_found():
    port, thread, received = _one_shot_server(b"stream: Win.Test.Thing FOUND\0")
    client = ClamdClient(tcp=f"127.0.0.1:{port}", timeout=5)
    assert client.instream(io.BytesIO(b"abc")) == "Win.Test.Thing"
    thread.join(5)
    assert received[0] == b"zINSTREAM\0" + b"\0\0\0\x03abc" + b"\0\0\0\0"


def test_instream_ok_is_clean():
    port, thread, _received = _one_shot_server(b"stream: OK\0")
    assert ClamdClient(tcp=f"127.0.0.1:{port}").instream(io.BytesIO(b"x")) is None
    thread.join(5)


def test_instream_error_reply_raises():
    port, thread, _received = _one_shot_server(b"INSTREAM size limit exceeded. ERROR\0")
    with pytest.raises(ClamdError, match="size limit"):
        ClamdClient(tcp=f"127.0.0.1:{port}").instream(io.BytesIO(b"x"))
    thread.join(5)
