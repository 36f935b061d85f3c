"""Fill empty Vietnamese msgstr entries from a JSON file {msgid: msgstr}.

Usage: .venv/bin/python scripts/fill_po.py translations.json [chidao/<app>]
Prints the msgids still untranslated, so nothing is shipped half in English.
"""

import json
import sys
from pathlib import Path

import polib


def main() -> None:
    table = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    root = Path(sys.argv[2] if len(sys.argv) > 2 else "chidao")
    missing = []
    for path in sorted(root.rglob("locale/vi/LC_MESSAGES/django.po")):
        po = polib.pofile(str(path))
        po.metadata["Language"] = "vi"
        po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        for entry in po:
            if entry.msgid in table and (not entry.msgstr or "fuzzy" in entry.flags):
                entry.msgstr = table[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            if entry.msgid_plural and not entry.msgstr_plural.get(0):
                if entry.msgid in table:
                    entry.msgstr_plural = {0: table[entry.msgid]}
            if not entry.msgstr and not entry.msgstr_plural.get(0):
                missing.append(f"{path}: {entry.msgid!r}")
        po.save()
    sys.stdout.write("\n".join(missing) + ("\n" if missing else "all translated\n"))


if __name__ == "__main__":
    main()
