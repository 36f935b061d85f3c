"""manage.py backup / restore on the test database (SQLite or PostgreSQL)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from chidao.agencies.models import Agency
from chidao.agencies.tests.factories import AgencyFactory
from chidao.operations.backups import sha256_file

pytestmark = pytest.mark.django_db(transaction=True)

FILE = "attachments/ab/" + "ab" * 16


def backup(tmp_path: Path) -> Path:
    out = StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=out)
    [folder] = (tmp_path / "backups").glob("chidao-*")
    assert f"backup written: {folder}" in out.getvalue()
    return folder


def test_backup_holds_database_files_and_a_manifest_of_hashes(tmp_path, media):
    AgencyFactory(name="Sở Kế hoạch và Đầu tư")
    default_storage.save(FILE, ContentFile(b"%PDF-1.4 report"))
    folder = backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"] in ("database.sqlite3", "database.pgdump")
    assert set(manifest["files"]) == {manifest["database"], f"media/{FILE}"}
    for name, entry in manifest["files"].items():
        assert entry["sha256"] == sha256_file(folder / name)
    assert (folder / "media" / FILE).read_bytes() == b"%PDF-1.4 report"
    assert not list((tmp_path / "backups").glob(".*partial"))


def test_restore_brings_back_rows_and_files(tmp_path, media):
    kept = AgencyFactory(name="Sở Kế hoạch và Đầu tư")
    default_storage.save(FILE, ContentFile(b"%PDF-1.4 report"))
    folder = backup(tmp_path)

    Agency.objects.filter(pk=kept.pk).delete()
    AgencyFactory(name="Written after the backup")
    (media / FILE).write_bytes(b"tampered")

    out = StringIO()
    call_command("restore", str(folder), "--yes", stdout=out)
    assert "restored" in out.getvalue()
    names = set(Agency.objects.values_list("name", flat=True))
    assert "Sở Kế hoạch và Đầu tư" in names
    assert "Written after the backup" not in names
    assert (media / FILE).read_bytes() == b"%PDF-1.4 report"


def test_restore_refuses_a_backup_that_does_not_match_its_manifest(tmp_path, media):
    AgencyFactory(name="Sở Tư pháp")
    default_storage.save(FILE, ContentFile(b"%PDF-1.4 report"))
    folder = backup(tmp_path)
    (folder / "media" / FILE).write_bytes(b"changed in the backup")
    (folder / "media" / "stray.txt").write_bytes(b"x")
    with pytest.raises(CommandError, match="changed: media/attachments"):
        call_command("restore", str(folder), "--yes")
    with pytest.raises(CommandError, match="not in manifest: media/stray.txt"):
        call_command("restore", str(folder), "--verify-only")
    assert Agency.objects.filter(name="Sở Tư pháp").exists()


def test_restore_asks_for_confirmation(tmp_path):
    folder = backup(tmp_path)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(folder))
    out = StringIO()
    call_command("restore", str(folder), "--verify-only", stdout=out)
    assert "backup intact" in out.getvalue()


def test_keep_prunes_older_backups(tmp_path):
    for stamp in ("20260101-020000", "20260102-020000"):
        (tmp_path / "backups" / f"chidao-{stamp}").mkdir(parents=True)
    out = StringIO()
    call_command(
        "backup", "--output", str(tmp_path / "backups"), "--keep", "2", stdout=out
    )
    left = sorted(p.name for p in (tmp_path / "backups").glob("chidao-*"))
    assert len(left) == 2 and "chidao-20260101-020000" not in left
