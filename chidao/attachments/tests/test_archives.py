"""SECURITY.md 37: limits checked on the directory, nothing extracted to disk."""

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from chidao.attachments import filetypes
from chidao.attachments.archives import ArchiveRefused, Limits, Unpacker

from . import samples

LIMITS = Limits(
    max_entries=10,
    max_uncompressed=4 * 1024 * 1024,
    max_ratio=100,
    max_depth=3,
    max_member=3 * 1024 * 1024,
)


def unpack(data: bytes, limits: Limits = LIMITS) -> list:
    unpacker = Unpacker(limits)
    try:
        return unpacker.parts(io.BytesIO(data), "hồ sơ.zip", filetypes.ZIP)
    finally:
        unpacker.close()


def test_members_are_listed_with_their_types():
    parts = unpack(
        samples.zip_bytes({"a.pdf": samples.pdf_bytes(), "b.png": samples.png_bytes()})
    )
    assert [(p.name, getattr(p.type, "code", None)) for p in parts] == [
        ("hồ sơ.zip", "zip"),
        ("hồ sơ.zip › a.pdf", "pdf"),
        ("hồ sơ.zip › b.png", "png"),
    ]


def test_a_member_of_a_refused_type_is_marked_not_raised():
    parts = unpack(samples.zip_bytes({"run.exe": samples.exe_bytes()}))
    assert "Windows program" in parts[1].refused


def test_line_37_a_zip_bomb_is_refused_by_its_declared_ratio_before_reading():
    bomb = samples.zip_bytes({"a.pdf": b"%PDF-" + bytes(2 * 1024 * 1024)})
    with pytest.raises(ArchiveRefused, match="zip bomb"):
        unpack(bomb)


def test_line_37_too_much_declared_uncompressed_data_is_refused():
    members = {f"{n}.pdf": os.urandom(1024 * 1024) for n in range(5)}
    with pytest.raises(ArchiveRefused, match="expand to more than"):
        unpack(samples.zip_bytes(members))


def test_line_37_too_many_entries_are_refused():
    members = {f"{n}.png": samples.png_bytes() for n in range(11)}
    with pytest.raises(ArchiveRefused, match="more than 10 files"):
        unpack(samples.zip_bytes(members))


def test_line_37_entries_of_nested_archives_count_against_the_same_budget():
    inner = samples.zip_bytes({f"{n}.png": samples.png_bytes() for n in range(6)})
    outer = samples.zip_bytes({"a.zip": inner, "b.zip": inner})
    with pytest.raises(ArchiveRefused, match="more than 10 files"):
        unpack(outer)


def test_line_37_nesting_deeper_than_the_limit_is_refused():
    data = samples.pdf_bytes()
    name = "a.pdf"
    for level in range(4):
        data = samples.zip_bytes({name: data})
        name = f"level{level}.zip"
    with pytest.raises(ArchiveRefused, match="nested more than 3 levels"):
        unpack(data)


def test_line_41_an_encrypted_entry_is_refused():
    with pytest.raises(ArchiveRefused, match="encrypted"):
        unpack(samples.encrypted_zip_bytes({"a.pdf": samples.pdf_bytes()}))


@pytest.mark.skipif(shutil.which("zip") is None, reason="the zip program is missing")
def test_line_41_zip_dash_p_output_is_refused(tmp_path: Path):
    (tmp_path / "a.pdf").write_bytes(samples.pdf_bytes())
    subprocess.run(  # noqa: S603
        ["zip", "-q", "-P", "matkhau", "enc.zip", "a.pdf"],  # noqa: S607
        cwd=tmp_path,
        check=True,
    )
    with pytest.raises(ArchiveRefused, match="encrypted"):
        unpack((tmp_path / "enc.zip").read_bytes())


def test_line_37_a_traversal_path_is_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch
):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    data = samples.zip_bytes({"../../manage.py": samples.pdf_bytes()})
    with pytest.raises(ArchiveRefused, match="unsafe path"):
        unpack(data)
    assert not (tmp_path / "manage.py").exists()
    assert list(work.iterdir()) == []


def test_a_member_larger_than_the_file_limit_is_refused():
    members = {"big.pdf": os.urandom(3 * 1024 * 1024 + 1)}
    with pytest.raises(ArchiveRefused, match="larger than"):
        unpack(samples.zip_bytes(members, compression=zipfile.ZIP_STORED))


def test_office_documents_are_walked_too():
    docx = samples.docx_bytes()
    unpacker = Unpacker(Limits.from_settings())
    try:
        parts = unpacker.parts(io.BytesIO(docx), "a.docx", filetypes.DOCX)
    finally:
        unpacker.close()
    assert "a.docx › word/document.xml" in [p.name for p in parts]
