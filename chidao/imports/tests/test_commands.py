"""`manage.py import_edxml DIR` and its hourly run when a folder is set."""

import importlib
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from chidao.imports.models import InboundDocument

from .messages import Message

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def frozen(db, settings, tmp_path):
    settings.CLAMAV_SOCKET = ""
    settings.CLAMAV_TCP = ""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=TZ), tick=False):
        yield


def test_the_command_receives_the_outbox_as_an_office_account(
    province, vp_chuyenvien, tmp_path
):
    (tmp_path / "a.edxml").write_bytes(Message().build())
    out = StringIO()

    call_command("import_edxml", str(tmp_path), "--as", "vp.chuyenvien", stdout=out)

    assert "received a.edxml" in out.getvalue()
    assert InboundDocument.objects.get().origin == InboundDocument.Origin.FOLDER
    assert (tmp_path / "done" / "a.edxml").exists()


def test_the_command_refuses_an_account_that_is_not_the_offices(
    province, stc_chuyenvien, tmp_path
):
    with pytest.raises(CommandError):
        call_command("import_edxml", str(tmp_path), "--as", "stc.chuyenvien")
    with pytest.raises(CommandError):
        call_command("import_edxml", str(tmp_path / "missing"), "--as", "x")


def test_the_scheduler_runs_the_outbox_hourly_only_when_a_folder_is_set(settings):
    from chidao.scheduling import schedule

    try:
        settings.EDXML_INBOX = ""
        assert not any(
            e.name.startswith("receive_edxml")
            for e in importlib.reload(schedule).SCHEDULE
        )
        settings.EDXML_INBOX = "/srv/qlvb/outbox"
        settings.EDXML_INBOX_HOURS = [8, 14]
        names = [e.name for e in importlib.reload(schedule).SCHEDULE]
        assert "receive_edxml_08" in names
        assert "receive_edxml_14" in names
    finally:
        settings.EDXML_INBOX = ""
        importlib.reload(schedule)
