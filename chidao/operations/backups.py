"""Backups: the database and every stored file, with a manifest of hashes.

A backup is one folder, `chidao-YYYYMMDD-HHMMSS/`:
- `database.sqlite3` (SQLite's online backup API: consistent while the app
  runs) or `database.pgdump` (`pg_dump -Fc`, a consistent snapshot);
- `media/…`: the files of the default storage (local folder or S3);
- `manifest.json`: SHA-256 and size of each of those files.

A restore first checks the whole folder against its manifest and refuses a
backup with a missing, extra or changed file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA = "media"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why."""


@dataclass(frozen=True)
class Backup:
    folder: Path
    database: str
    files: int


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _pg_environment(alias: str = "default") -> dict[str, str]:
    """libpq variables for pg_dump/pg_restore, so no password is on a command line."""
    db = settings.DATABASES[alias]
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", str(db.get("PORT") or "")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
    ):
        if value:
            env[key] = value
    return env


def _pg_tool(name: str) -> str:
    folder = settings.PG_BIN_DIR
    tool = str(Path(folder) / name) if folder else shutil.which(name)
    if not tool:
        raise BackupError(f"{name} was not found: install postgresql-client-15.")
    return tool


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(  # noqa: S603 (fixed argument list, no shell)
        command, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def _dump_database(folder: Path) -> str:
    connection = connections["default"]
    if _engine() == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return target.name
    target = folder / "database.pgdump"
    _run(
        [_pg_tool("pg_dump"), "--format=custom", "--file", str(target)],
        _pg_environment(),
    )
    return target.name


def _walk_storage(prefix: str = "") -> Iterator[str]:
    try:
        dirs, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{prefix}{name}"
    for name in dirs:
        yield from _walk_storage(f"{prefix}{name}/")


def _copy_media(folder: Path) -> None:
    for name in _walk_storage():
        target = folder / MEDIA / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy, CHUNK)


def _hash_tree(folder: Path) -> dict[str, dict[str, object]]:
    entries = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            relative = path.relative_to(folder).as_posix()
            entries[relative] = {
                "sha256": sha256_file(path),
                "size": path.stat().st_size,
            }
    return entries


def create_backup(destination: Path, *, now: datetime) -> Backup:
    """Write a new backup folder under `destination`; returns what was written."""
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    folder = destination / f"chidao-{stamp}"
    partial = destination / f".chidao-{stamp}.partial"
    if folder.exists():
        raise BackupError(f"{folder} already exists.")
    partial.mkdir(parents=True)
    try:
        database = _dump_database(partial)
        _copy_media(partial)
        files = _hash_tree(partial)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.localtime(now).isoformat(),
            "engine": _engine(),
            "database": database,
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
        # Renamed only when whole: a half-written backup never looks finished.
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Backup(folder=folder, database=database, files=len(files) - 1)


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder / MANIFEST} cannot be read: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def verify_backup(folder: Path) -> list[str]:
    """Problems found comparing the folder with its manifest; [] when intact."""
    manifest = read_manifest(folder)
    expected = manifest["files"]
    actual = _hash_tree(folder)
    problems = [f"missing: {name}" for name in sorted(set(expected) - set(actual))]
    problems += [
        f"not in manifest: {name}" for name in sorted(set(actual) - set(expected))
    ]
    problems += [
        f"changed: {name}"
        for name in sorted(set(expected) & set(actual))
        if expected[name]["sha256"] != actual[name]["sha256"]
    ]
    if manifest["database"] not in expected:
        problems.append(f"missing: {manifest['database']}")
    return problems


def _restore_database(folder: Path, manifest: dict) -> None:
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; "
            f"DATABASE_URL points to {engine}."
        )
    dump = folder / manifest["database"]
    if engine == "sqlite":
        connection = connections["default"]
        connection.ensure_connection()
        with sqlite3.connect(dump) as source:
            source.backup(connection.connection)
        source.close()
        return
    connections["default"].close()
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            settings.DATABASES["default"]["NAME"],
            str(dump),
        ],
        _pg_environment(),
    )


def _restore_media(folder: Path, manifest: dict) -> int:
    restored = 0
    prefix = f"{MEDIA}/"
    for relative, entry in manifest["files"].items():
        if not relative.startswith(prefix):
            continue
        name = relative[len(prefix) :]
        source = folder / relative
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as current:
                digest = hashlib.sha256()
                while chunk := current.read(CHUNK):
                    digest.update(chunk)
            if digest.hexdigest() == entry["sha256"]:
                continue
            default_storage.delete(name)
        with source.open("rb") as handle:
            saved = default_storage.save(name, File(handle))
        if saved != name:
            raise BackupError(f"The storage renamed {name} to {saved}.")
        restored += 1
    return restored


def restore_backup(folder: Path) -> tuple[str, int]:
    """Verify `folder`, then put back its database and files; (db file, file count)."""
    problems = verify_backup(folder)
    if problems:
        raise BackupError(
            "The backup does not match its manifest: " + "; ".join(problems)
        )
    manifest = read_manifest(folder)
    _restore_database(folder, manifest)
    return manifest["database"], _restore_media(folder, manifest)


def prune_backups(destination: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backup folders; the folders removed."""
    folders = sorted(p for p in destination.glob("chidao-*") if p.is_dir())
    doomed = folders[:-keep] if keep > 0 else []
    for folder in doomed:
        shutil.rmtree(folder)
    return doomed


def same_volume(first: Path, second: Path) -> bool:
    """Whether two existing paths live on one filesystem."""
    try:
        return first.stat().st_dev == second.stat().st_dev
    except OSError:
        return False
