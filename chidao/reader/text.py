"""Text handling for the reader: a normalised view that keeps exact offsets.

Directive texts come from PDF text layers, Word files and web pages: lines are
wrapped anywhere, words are glued (`Côngvăn`, `xãhội`), characters may be
decomposed and markdown marks (`*italic*`, `| cell |`) may remain. Every rule
runs on a `View`: whitespace collapsed, glued syllables split by virtual
spaces, dashes and quotes unified; each character of the view knows where it
came from, so a span found in the view maps back to an exact substring of the
original (`source_span` must be one).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

from chidao.lib.text import fold

from .syllables import COMMON_SYLLABLES

_DASHES = {"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-"}
_QUOTES = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'"}
_DROP = {"\u200b", "\u200c", "\u200d", "\ufeff", "*", "\u00ad"}

# Vietnamese syllable parts, on folded lower-case text.
_INITIALS = ("ngh ng nh ch gh gi kh ph qu th tr b c d g h k l m n p r s t v x").split()
_FINALS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
_INITIAL_SET = set(_INITIALS) | {""}
_VOWELS = set("aeiouy")
# Glued words without any accent are split only into these (`Giaocho`).
_COMMON_ASCII = set(
    "giao cho theo va la cac khi thi nay con ban hay nhu trong ngoai sau tren voi "
    "ra vao ta tai nam mot hai ba bon cung nhung nguoi bao dan".split()
)
_VN_MARKS = re.compile(r"[đĐăâêôơưĂÂÊÔƠƯ]|[^\x00-\x7f]")
_SYLLABLE = re.compile(
    r"^(?:" + "|".join(sorted(_INITIALS, key=len, reverse=True)) + r")?"
    r"[aeiouy]{1,3}(?:ch|ng|nh|c|m|n|p|t)?$"
)


def is_vietnamese_syllable(word: str) -> bool:
    """True when `word` (any case, accents allowed) is one Vietnamese syllable."""
    return bool(_SYLLABLE.match(fold(word)))


def _vowel_groups(folded: str) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    i = 0
    while i < len(folded):
        if folded[i] in _VOWELS:
            j = i
            while j < len(folded) and folded[j] in _VOWELS:
                j += 1
            groups.append((i, j))
            i = j
        else:
            i += 1
    return groups


def _cut_options(folded: str, groups: list[tuple[int, int]]) -> list[list[int]] | None:
    """For each pair of vowel groups, where a syllable may end between them."""
    options: list[list[int]] = []
    for (_, end), (next_start, _) in zip(groups, groups[1:], strict=False):
        consonants = folded[end:next_start]
        cuts = [
            end + k
            for k in range(len(consonants) + 1)
            if consonants[:k] in _FINALS and consonants[k:] in _INITIAL_SET
        ]
        if not cuts:
            return None
        options.append(cuts)
    return options


def _cut_score(
    word: str, folded: str, combo: tuple[int, ...], ascii_only: bool
) -> tuple[int, int, int] | None:
    """How likely the cut is (None: some part is no syllable)."""
    bounds = [0, *combo, len(folded)]
    parts = [word[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    if not all(_SYLLABLE.match(fold(p)) and _tone_allows(p) for p in parts):
        return None
    lowered = [p.lower() for p in parts]
    if ascii_only and not set(map(fold, lowered)) <= _COMMON_ASCII:
        return None
    return (
        sum(p in COMMON_SYLLABLES for p in lowered),
        -sum(len(p) == 1 for p in parts),
        sum(
            len(folded[c:]) - len(folded[c:].lstrip("bcdghklmnpqrstvx")) for c in combo
        ),
    )


@lru_cache(maxsize=8192)
def _split_glued(word: str) -> tuple[int, ...]:
    """Positions inside `word` where glued syllables meet (`thựchiện` → [4]).

    Vietnamese writes one syllable per word, so a letter run with two vowel
    groups is two words stuck together. Only splits where every part is a valid
    syllable; all-capital words without Vietnamese letters (acronyms) are kept.
    """
    if len(word) < 4:
        return ()
    ascii_only = not _VN_MARKS.search(word)
    if ascii_only and word.isupper():
        return ()
    folded = fold(word)
    if len(folded) != len(word) or not folded.isalpha():
        return ()
    groups = _vowel_groups(folded)
    options = _cut_options(folded, groups) if len(groups) >= 2 else None
    if not options:
        return ()
    best: tuple[tuple[int, int, int], tuple[int, ...]] | None = None
    for combo in product(*options):
        score = _cut_score(word, folded, combo, ascii_only)
        if score is not None and (best is None or score > best[0]):
            best = (score, combo)
    return tuple(best[1]) if best else ()


_SHARP_OR_HEAVY = set("áắấéếíóốớúứýạặậẹệịọộợụựỵ")
_OTHER_TONES = set("àằầèềìòồờùừỳảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹ")


def _tone_allows(syllable: str) -> bool:
    """A syllable closed by c, ch, p or t takes only the sắc or nặng tone."""
    low = syllable.lower()
    if re.search(r"(?:c|ch|p|t)$", low):
        return not any(c in _OTHER_TONES for c in low)
    return True


@dataclass(frozen=True)
class View:
    """Normalised text with, for each character, its [start, end) in the source."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    source: str = field(repr=False)

    def __len__(self) -> int:
        return len(self.text)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of view characters [start, end), trimmed of spaces."""
        while start < end and self.text[start] == " ":
            start += 1
        while end > start and self.text[end - 1] == " ":
            end -= 1
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else len(self.source)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def source_text(self, start: int, end: int) -> str:
        a, b = self.span(start, end)
        return self.source[a:b]

    def find_source(self, offset: int) -> int:
        """Index of the first view character at or after source `offset`."""
        lo, hi = 0, len(self.starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.starts[mid] < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo


# Converter and Markdown marks that are not text: `# ` heading marks at the
# start of a line and footnote references (`[^1]`, `[1]` glued to a word).
_MARKUP = re.compile(r"(?m)^[ \t]*(#{1,6})[ \t]+|(?<=[\w.,;)])(\[\^?\d{1,3}\])")


def _markup_positions(source: str, start: int, end: int) -> set[int]:
    dropped: set[int] = set()
    for m in _MARKUP.finditer(source, start, end):
        group = 1 if m.group(1) else 2
        dropped.update(range(m.start(group), m.end(group)))
    return dropped


def make_view(source: str, start: int = 0, end: int | None = None) -> View:
    """Build the normalised view of `source[start:end]`."""
    end = len(source) if end is None else end
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    dropped = _markup_positions(source, start, end)
    i = start
    pending_space = False
    while i < end:
        ch = source[i]
        j = i + 1
        while j < end and unicodedata.combining(source[j]):
            j += 1
        if i in dropped:
            i = j
            continue
        if ch.isspace() or ch == "\u00a0":
            pending_space = bool(chars)
            i = j
            continue
        if ch in _DROP and j == i + 1:
            i = j
            continue
        cluster = unicodedata.normalize("NFC", source[i:j])
        cluster = _DASHES.get(cluster, _QUOTES.get(cluster, cluster))
        if pending_space:
            chars.append(" ")
            starts.append(i)
            ends.append(i)
            pending_space = False
        for c in cluster:
            chars.append(c)
            starts.append(i)
            ends.append(j)
        i = j
    text = "".join(chars)
    # Split glued words with zero-width virtual spaces.
    inserts: list[int] = []
    for m in re.finditer(r"[^\W\d_]+", text):
        for cut in _split_glued(m.group()):
            inserts.append(m.start() + cut)
    for m in re.finditer(r"(?<=[^\W\d_]{2})(?=\d)|(?<=\d)(?=[^\W\d_]{2})", text):
        left = text[max(0, m.start() - 2) : m.start()]
        right = text[m.start() : m.start() + 2]
        if (left.isalpha() and left.islower()) or (right.isalpha() and right.islower()):
            inserts.append(m.start())
    if inserts:
        for pos in sorted(set(inserts), reverse=True):
            if 0 < pos < len(chars) and chars[pos - 1] != " " and chars[pos] != " ":
                chars.insert(pos, " ")
                starts.insert(pos, starts[pos])
                ends.insert(pos, starts[pos + 1])
        text = "".join(chars)
    return View(text, tuple(starts), tuple(ends), source)


def clean(text: str) -> str:
    """Whitespace-repaired, glue-split form of a short phrase (names, summaries)."""
    return make_view(text).text


def repair_name(text: str) -> str:
    """A name for display: spaces repaired, `Sở -ngành` → `Sở - ngành`."""
    text = clean(text)
    text = re.sub(r"(?<=\w)\s+-(?=\w)|(?<=\w)-\s+(?=\w)|\s+-\s+", " - ", text)
    return text.strip(" ,;:.")


# --- Lines and blocks -------------------------------------------------------

_MARKER = re.compile(
    r"""^(?:
        (?P<article>Điều\s+\d+[a-z]?\s*[.:])
      | (?P<roman>[IVXLC]{1,6}\s*[.)](?=\s))
      | (?P<numdot>\d{1,2}(?:\.\d{1,2})+\.?(?=\s))
      | (?P<num>\d{1,2}\s*[.)](?=\s|[^\d\s]))
      | (?P<letter>[a-zđ]\s*\)(?=\s|\S)|[a-zđ]\.(?=\s+[A-ZĐÀ-Ỹ]))
      | (?P<dash>[-+•·∙▪◦●○*](?=\s))
    )""",
    re.VERBOSE,
)
# Agency names written with a spaced dash, which a wrapped line may put first
# on the next line: "Lao động - Thương binh và Xã hội", "Văn hóa - Thể thao".
_SPLIT_NAME = re.compile(
    r"(?:Lao\s+động\s+Thương\s+binh|Văn\s+hóa\s+Thể\s+thao|Văn\s+hoá\s+Thể\s+thao|"
    r"Kế\s+hoạch\s+Đầu\s+tư|Văn\s+hóa\s+Xã\s+hội|Khoa\s+giáo\s+Văn\s+xã)"
)
# A line that cannot end a heading: it stops on a joining word ("Sở Tài nguyên và").
_OPEN_END = re.compile(r"\b(?:và|của|với|các|cho|tại|về|theo|số|ngày|thuộc|trực)$")
_RULE_LINE = re.compile(r"^[|\s\-_=*]{3,}$")
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
_TERMINAL = re.compile(r"[.;:!?][\"')]*\s*$")


# Markdown and converter marks around a line's text: `# `, `> `, `| `, `**`.
_LEAD_MARKS = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|\|\s*|\*{1,3}(?=\S)|_{2,3}(?=\S))+")
_TAIL_MARKS = re.compile(r"(?:\s*\*{1,3}|\s*_{2,3}|\s*\|)+\s*$")
_FOOTNOTE = re.compile(r"^\[\^?\d{1,3}\]:?\s")


@dataclass
class Line:
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def content_offset(self) -> int:
        """Where the text begins after leading whitespace and markup."""
        m = _LEAD_MARKS.match(self.text)
        return m.end() if m else len(self.text) - len(self.text.lstrip())

    @property
    def content(self) -> str:
        """The line's text without Markdown marks around it (`**1. Sở Y tế**`)."""
        return _TAIL_MARKS.sub("", self.text[self.content_offset :]).strip()

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" \t"))


def split_lines(source: str, start: int = 0, end: int | None = None) -> list[Line]:
    """Lines of source[start:end] with their offsets (line breaks excluded)."""
    end = len(source) if end is None else end
    lines: list[Line] = []
    pos = start
    for m in re.finditer(r"\r\n|\n|\r", source[start:end]):
        stop = start + m.start()
        lines.append(Line(pos, stop, source[pos:stop]))
        pos = start + m.end()
    if pos < end:
        lines.append(Line(pos, end, source[pos:end]))
    return lines


@dataclass
class Block:
    """A paragraph of the body: an item (`1.`, `a)`, `-`, `Điều 2.`) or plain."""

    start: int  # source offset of the first character (marker included)
    end: int  # source offset after the last character
    marker: str  # marker text as written, "" for plain paragraphs
    kind: str  # article, roman, numdot, num, letter, dash or ""
    body_start: int  # source offset after the marker
    view: View

    @property
    def text(self) -> str:
        return self.view.text


def _is_upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _marker_of(text: str) -> tuple[str, str] | None:
    m = _MARKER.match(text)
    if not m:
        return None
    kind = m.lastgroup or ""
    marker = m.group().strip()
    if kind == "roman" and marker.rstrip(".) ") in {"C", "L"}:
        return None
    return kind, marker


def _typical_width(lines: list[Line]) -> float:
    """Median length of the body's long lines (the wrap width of a PDF text)."""
    widths = sorted(
        len(line.stripped) for line in lines if len(line.stripped.split()) >= 8
    )
    return float(widths[len(widths) // 2]) if widths else 80.0


def _wrapped_dash(prev: str, text: str) -> bool:
    """A dash that continues the line before (`giai đoạn 2016\n- 2020`)."""
    rest = text[1:].lstrip()
    if rest[:1].isdigit() or rest[:1].islower():
        return True
    return bool(_SPLIT_NAME.search(prev + " " + rest[:40]))  # "Sở Lao động\n- Thương"


def _heading_above(current: list[Line], prev: str, text: str, width: float) -> bool:
    """`5. Thanh tra tỉnh` above its paragraph: a heading of its own."""
    return (
        len(current) == 1
        and bool(_marker_of(prev))
        and not _TERMINAL.search(prev)
        and len(prev.split()) <= 10
        and text[0].isupper()
        and not (_is_upper_line(prev) and _is_upper_line(text))
        and len(prev) < 0.6 * width
        and not _OPEN_END.search(prev)
    )


def _after_blank(prev: str, text: str, width: float) -> bool:
    """After a blank line: a new block unless the text plainly goes on."""
    wrapped = (
        not text[0].isupper()
        or prev.endswith((",", "-"))
        or re.search(r"\b(?:và|của|với|các|cho|tại|về|theo|số|ngày)$", prev)
        or len(prev) >= 0.75 * width
    )
    return not wrapped or (_TERMINAL.search(prev) is not None and text[0].isupper())


def _starts_block(
    prev: str, text: str, current: list[Line], blank: bool, width: float
) -> bool:
    marker = _marker_of(text)
    if marker and marker[0] == "dash" and not _TERMINAL.search(prev):
        marker = None if _wrapped_dash(prev, text) else marker
    if marker or _heading_above(current, prev, text, width):
        return True
    if _TERMINAL.search(prev) and (text[0].isupper() or text[0] in "(\"'"):
        return True
    if _is_upper_line(prev) and not _is_upper_line(text) and text[0].isupper():
        return True
    return blank and _after_blank(prev, text, width)


def _skipped_line(text: str) -> bool:
    """Page numbers, rules and footnote definitions are not body text."""
    if _PAGE_NUMBER.match(text) and not _marker_of(text):
        return True
    return bool(_RULE_LINE.match(text) or _FOOTNOTE.match(text))


def _block(source: str, group: list[Line]) -> Block:
    first = group[0]
    b_start = first.start + first.content_offset
    last = group[-1]
    b_end = last.start + len(last.text.rstrip())
    tail = _TAIL_MARKS.search(last.text)
    if tail and tail.start() > 0 and last.text[: tail.start()].strip():
        b_end = last.start + tail.start()
    found = _marker_of(first.content)
    kind, marker, body_start = "", "", b_start
    if found:
        kind, marker = found
        m = _MARKER.match(first.content)
        body_start = b_start + (m.end() if m else 0)
        while body_start < b_end and source[body_start] in " \t*_":
            body_start += 1
    return Block(
        start=b_start,
        end=b_end,
        marker=marker,
        kind=kind,
        body_start=body_start,
        view=make_view(source, body_start, b_end),
    )


def segment(source: str, start: int, end: int) -> list[Block]:
    """Cut the body source[start:end] into blocks (paragraphs and items).

    A new block starts at an item marker, after a line that ends a sentence
    when the next starts with a capital, and where a capitals heading line
    meets ordinary text. A blank line ends a block unless the text plainly
    goes on (some copies put a blank line after every wrapped line). Lone page
    numbers and footnote definitions are skipped and do not break a
    paragraph; Markdown marks around a line (`**1. Sở Y tế**`, `# `) are not
    part of its text.
    """
    lines = split_lines(source, start, end)
    width = _typical_width(lines)
    groups: list[list[Line]] = []
    current: list[Line] = []
    blank = False
    for line in lines:
        text = line.content
        if not text:
            blank = True
            continue
        if _skipped_line(text):
            continue
        if current and _starts_block(current[-1].content, text, current, blank, width):
            groups.append(current)
            current = []
        current.append(line)
        blank = False
    if current:
        groups.append(current)
    return [_block(source, group) for group in groups]


# --- Sentences and clauses within a view ----------------------------------------

_ABBREV_BEFORE_DOT = re.compile(
    r"(?:\b(?:TP|Tp|tp|TT|KT|TM|TL|Q|ThS|TS|PGS|GS|BS|Th|St|Mr|Ms|Dr|v\.v|ĐT|NĐ|TW|"
    r"CP|QĐ|UB|P|K|Đ|số|Số|No|tr|x))$"
)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of a view text (end includes the stop)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    i = 0
    n = len(text)
    depth = 0
    while i < n:
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch in ".!?" and depth == 0:
            j = i + 1
            while j < n and text[j] in "./)\"'":
                j += 1
            if j >= n:
                break
            nxt = text[j + 1] if text[j] == " " and j + 1 < n else text[j]
            glued = text[j] != " "
            before = text[start:i]
            if nxt.isupper() and not _ABBREV_BEFORE_DOT.search(before):
                word = re.search(r"(\w+)$", before)
                if not glued or (
                    word and len(word.group(1)) >= 2 and word.group(1).islower()
                ):
                    bounds.append((start, j))
                    start = j + 1 if not glued else j
                    i = start
                    continue
        i += 1
    if start < n:
        bounds.append((start, n))
    return [(a, b) for a, b in bounds if text[a:b].strip()]
