"""Text helpers for Vietnamese: accent folding for search and matching."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics (đ becomes d).

    Search stores and compares folded text on both SQLite and PostgreSQL, so
    `so tai chinh` finds `Sở Tài chính` without a database extension.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def normalize_spaces(text: str) -> str:
    """Collapse runs of whitespace into one space and trim the ends."""
    return _SPACES.sub(" ", text).strip()
