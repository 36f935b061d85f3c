"""Look inside ZIP containers without extracting anything to disk.

SECURITY.md 37: limits are checked on the central directory before any
member is read, members are copied to anonymous spooled temporary files
(never to a path named by the archive), and every nested level counts
against the same budget, so a zip bomb is refused before it can expand.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import filetypes
from .filetypes import FileType, TypeRefused

SPOOL_IN_MEMORY = 8 * 1024 * 1024
COPY_CHUNK = 1024 * 1024
# Small members compress extremely well when they are mostly markup; the
# ratio limit only matters once a member could hurt.
RATIO_FLOOR = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_entries: int
    max_uncompressed: int
    max_ratio: int
    max_depth: int
    max_member: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_entries=settings.ZIP_MAX_ENTRIES,
            max_uncompressed=settings.ZIP_MAX_UNCOMPRESSED,
            max_ratio=settings.ZIP_MAX_RATIO,
            max_depth=settings.ZIP_MAX_DEPTH,
            max_member=settings.ATTACHMENT_MAX_BYTES,
        )


class ArchiveRefused(Exception):
    """The archive breaks a limit or cannot be inspected; `reason` is shown."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass
class Part:
    """The uploaded file itself, or one file found inside it."""

    name: str
    file: BinaryIO
    type: FileType | None  # None for the inner parts of an Office document
    depth: int
    refused: str = ""  # why a member of a plain ZIP is not an allowed type


class Unpacker:
    """Walks an upload and everything inside it within one set of limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.entries = 0
        self.uncompressed = 0
        self._files = ExitStack()

    def close(self) -> None:
        self._files.close()

    def parts(self, file: BinaryIO, name: str, ftype: FileType) -> list[Part]:
        return list(self._walk(Part(name, file, ftype, 0)))

    def _walk(self, part: Part) -> Iterator[Part]:
        yield part
        if part.type is not None and part.type.is_zip:
            for member in self._members(part):
                yield from self._walk(member)

    def _members(self, container: Part) -> Iterator[Part]:
        depth = container.depth + 1
        if depth > self.limits.max_depth:
            raise ArchiveRefused(
                _("Archives are nested more than %(depth)d levels deep.")
                % {"depth": self.limits.max_depth}
            )
        container.file.seek(0)
        if filetypes.zip_directory_too_big(container.file, self.limits.max_entries):
            raise ArchiveRefused(self._too_many())
        try:
            archive = self._files.enter_context(zipfile.ZipFile(container.file))
            infos = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
            raise ArchiveRefused(
                _("“%(name)s” is damaged and cannot be opened.")
                % {"name": container.name}
            ) from exc
        self._check_directory(container, infos)
        plain_zip = container.type is filetypes.ZIP
        for info in infos:
            if info.is_dir():
                continue
            member = self._copy(archive, info)
            name = f"{container.name} › {info.filename}"
            refused = ""
            if plain_zip:
                # Art. 11: a ZIP may only carry the allowed types, judged alike.
                # The refusal is reported by ArchiveScanner, after the malware
                # scanners have seen the member's bytes.
                try:
                    basename = PurePosixPath(info.filename).name
                    ftype: FileType | None = filetypes.identify(member, basename)
                except TypeRefused as exc:
                    ftype, refused = None, exc.reason
            else:
                ftype = _embedded_type(member)
            yield Part(name, member, ftype, depth, refused)

    def _check_directory(self, container: Part, infos: list[zipfile.ZipInfo]) -> None:
        """Every limit that the central directory alone can tell, before reading."""
        limits = self.limits
        self.entries += len(infos)
        if self.entries > limits.max_entries:
            raise ArchiveRefused(self._too_many())
        for info in infos:
            if info.flag_bits & 0x1:
                raise ArchiveRefused(
                    _(
                        "The archive is encrypted (password-protected), so it "
                        "cannot be scanned for malware."
                    )
                )
            path = PurePosixPath(info.filename.replace("\\", "/"))
            if path.is_absolute() or ".." in path.parts or ":" in info.filename:
                raise ArchiveRefused(
                    _("The archive contains a file with an unsafe path: “%(name)s”.")
                    % {"name": info.filename}
                )
            if info.file_size > limits.max_member:
                raise ArchiveRefused(
                    _("“%(name)s” inside the archive is larger than %(limit)s.")
                    % {
                        "name": info.filename,
                        "limit": filesizeformat(limits.max_member),
                    }
                )
            if info.file_size > RATIO_FLOOR and (
                info.compress_size == 0
                or info.file_size / info.compress_size > limits.max_ratio
            ):
                raise ArchiveRefused(
                    _(
                        "The archive expands far more than normal documents do "
                        "(a “zip bomb”), so it is refused."
                    )
                )
            self.uncompressed += info.file_size
        if self.uncompressed > limits.max_uncompressed:
            raise ArchiveRefused(
                _("The archive would expand to more than %(limit)s.")
                % {"limit": filesizeformat(limits.max_uncompressed)}
            )

    def _too_many(self) -> str:
        return _("The archive holds more than %(count)d files.") % {
            "count": self.limits.max_entries
        }

    def _copy(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> BinaryIO:
        spool = self._files.enter_context(
            tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
        )
        copied = 0
        try:
            # zipfile stops at the declared size and checks the CRC at the end.
            with archive.open(info) as member:
                while chunk := member.read(COPY_CHUNK):
                    copied += len(chunk)
                    if copied > info.file_size:
                        raise ArchiveRefused(_("The archive lies about its sizes."))
                    spool.write(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise ArchiveRefused(
                _("“%(name)s” inside the archive cannot be read.")
                % {"name": info.filename}
            ) from exc
        spool.seek(0)
        return spool  # type: ignore[return-value]


def _embedded_type(file: BinaryIO) -> FileType | None:
    """Type of a part inside an Office document, when it is worth a closer look.

    Embedded workbooks and OLE objects can carry macros of their own.
    """
    try:
        return filetypes.detect(file)
    except TypeRefused:
        return None
