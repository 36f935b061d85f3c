"""Every string on screen has its Vietnamese translation (UI.md: Vietnamese first)."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.rglob("locale/vi/LC_MESSAGES/django.po"))


def test_there_is_a_catalogue_per_app():
    assert len(CATALOGUES) >= 10


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_fully_translated(path):
    catalogue = polib.pofile(str(path))
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries() if e.msgid]
    assert missing == []
    assert fuzzy == []
