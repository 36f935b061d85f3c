"""Compile every .po catalogue to .mo with polib (no GNU gettext needed).

`make run` and `make test` call this, so a fresh clone needs only Python.
"""

import sys
from pathlib import Path

import polib


def compile_all(root: Path) -> int:
    count = 0
    for po_path in root.rglob("locale/*/LC_MESSAGES/*.po"):
        if ".venv" in po_path.parts:
            continue
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    return count


if __name__ == "__main__":
    compiled = compile_all(Path(sys.argv[1] if len(sys.argv) > 1 else "chidao"))
    sys.stdout.write(f"compiled {compiled} catalogue(s)\n")
