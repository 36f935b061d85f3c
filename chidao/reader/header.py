"""The fixed parts of a directive (Decree 30/2020, Annex I): header and signature.

Reads the kind, number and symbol (`Số: 722/UBND-MT`), the place-and-date line
(`Lào Cai, ngày 10 tháng 7 năm 2026`, blanks allowed), the summary (`V/v ...`
or the title after the kind), the issuing body, the secrecy and urgency
stamps, the addressees of `Kính gửi` and the signature block. It also finds
where the body starts and ends. Copies come as plain lines, as two-column
PDF layout, or as markdown table rows: lines are split into cells first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from chidao.lib.text import fold

from .agencies import Mention, normalize_tones, parse_agency_text
from .text import Line, clean, split_lines

KINDS = {
    "quyet_dinh": "Quyết định",
    "chi_thi": "Chỉ thị",
    "cong_van": "Công văn",
    "cong_dien": "Công điện",
    "thong_bao": "Thông báo",
    "ke_hoach": "Kế hoạch",
}
_KIND_LINE = re.compile(
    r"^(QUYẾT\s*ĐỊNH|CHỈ\s*THỊ|CÔNG\s*ĐIỆN|KẾ\s*HOẠCH|"
    r"THÔNG\s*BÁO(?:\s+(?:KẾT\s+LUẬN|Ý\s+KIẾN\s+CHỈ\s+ĐẠO))?)$"
)
_KIND_OF_WORD = {
    "quyetdinh": "quyet_dinh",
    "chithi": "chi_thi",
    "congdien": "cong_dien",
    "thongbao": "thong_bao",
    "thongbaoketluan": "thong_bao",
    "thongbaoykienchidao": "thong_bao",
    "kehoach": "ke_hoach",
}
# `/QĐ-UBND`, also with the hyphen lost by a converter (`/QĐUBND`).
_SYMBOL_KIND = [
    (re.compile(rf"(?:^|/){code}(?:-|(?=UBND|TTg|VPCP|CP\b))"), kind)
    for code, kind in (
        ("QĐ", "quyet_dinh"),
        ("CT", "chi_thi"),
        ("CĐ", "cong_dien"),
        ("TB", "thong_bao"),
        ("KH", "ke_hoach"),
    )
]
# "CỘNG" / "HÒA XÃ HỘI CHỦ NGHĨA ...": the motto wrapped in a copy's cell.
_MOTTO_PIECE = re.compile(
    r"^(?:CỘNG(?:\s+H(?:OÀ|ÒA))?|H(?:OÀ|ÒA)(?:\s+XÃ(?:\s+HỘI)?)?)$"
)
_NUMBER = re.compile(
    r"\bSố\s*:?\s*(?P<num>\d[\d.]*)?\s*(?P<sym>/\s*[\wĐđ][\wĐđ/&.-]*)?", re.IGNORECASE
)
_DATE_LINE = re.compile(
    r"(?P<place>(?:TP\.\s?|Tp\.\s?)?[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s[A-ZĐÀ-Ỹ][a-zà-ỹđ]+)*)\s*,\s*ngày\s*"
    r"(?P<d>\d{1,2})?\s*(?:tháng\s*(?P<m>\d{1,2})?)\s*(?:năm\s*(?P<y>\d{4}))",
)
_SECRET = re.compile(r"^(?:ĐỘ\s+MẬT\s*:\s*)?(TUYỆT\s+MẬT|TỐI\s+MẬT|MẬT)$")
_SECRET_CODES = {"MẬT": "mat", "TỐI MẬT": "toi_mat", "TUYỆT MẬT": "tuyet_mat"}
_URGENT = re.compile(r"^(HỎA\s+TỐC|HOẢ\s+TỐC|THƯỢNG\s+KHẨN|KHẨN)$")
_MOTTO = re.compile(
    r"CỘNG\s*H(?:OÀ|ÒA)\s*XÃ|CHỦ\s*NGHĨA\s*VIỆT\s*NAM|Độc\s*lập\s*[-–]\s*Tự\s*do",
    re.IGNORECASE,
)
_RULE = re.compile(r"^[-_*=.\s|]+$")
_SIGN_TITLE = re.compile(
    r"^(?:KT\.|TM\.|TL\.|TUQ\.|Q\.|Q\s)|^(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG|"
    r"CHỦ\s+NHIỆM|CHÁNH\s+VĂN\s+PHÒNG|GIÁM\s+ĐỐC|TRƯỞNG\s+BAN)\b"
)
_BODY_END = re.compile(r"^\|?\s*\*?\s*Nơi\s+nhận\s*:?", re.IGNORECASE)
_ADDRESSEES = re.compile(
    r"^\|?\s*(?:Kính\s+gửi\s*:?|(?:[A-ZĐÀ-Ỹ ]+|.{0,60}?)\bđiện\s*:)\s*\|?\s*",
    re.IGNORECASE,
)
_BODY_OPENING = re.compile(
    r"^(?:Thực\s+hiện|Căn\s+cứ|Xét|Theo|Ngày\s+\d|Trong|Để|Sau\s+khi|Tiếp\s+theo|Vừa\s+qua|"
    r"Hiện\s+nay|Nhằm|Trên\s+cơ\s+sở|Qua|Thời\s+gian|Từ\s+ngày|Về\s+đề\s+nghị|Tiếp\s+nhận|"
    r"Nhận\s+được|Ủy\s+ban|Uỷ\s+ban|Chủ\s+tịch|Thủ\s+tướng|Phó\s+Thủ\s+tướng|Văn\s+phòng)"
)
_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+$")


def _cells(line: Line) -> list[tuple[int, str]]:
    """Cells of a header line: `|` table cells or columns 3+ spaces apart."""
    text = line.text
    parts: list[tuple[int, str]] = []
    for m in re.finditer(r"[^|]+", text):
        segment = m.group()
        base = m.start()
        for col in re.finditer(r"\S(?:.*?\S)?(?=\s{3,}|\t|\s*$)", segment):
            value = col.group().strip()
            if value:
                parts.append((line.start + base + col.start(), value))
    return parts


def _plain(text: str) -> str:
    """A header cell without markup: `**CÔNG ĐIỆN**`, `# CÔNG ĐIỆN` → `CÔNG ĐIỆN`."""
    return clean(re.sub(r"^\s*#{1,6}\s+", "", text).replace("*", " "))


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _title_case_body(text: str) -> str:
    """`ỦY BAN NHÂN DÂN TỈNH LÀO CAI` → `Ủy ban nhân dân tỉnh Lào Cai`."""
    text = normalize_tones(clean(text))
    words = text.split()
    fixed = {
        "ủy ban nhân dân": "Ủy ban nhân dân",
        "uỷ ban nhân dân": "Ủy ban nhân dân",
        "văn phòng chính phủ": "Văn phòng Chính phủ",
        "thủ tướng chính phủ": "Thủ tướng Chính phủ",
        "chính phủ": "Chính phủ",
        "văn phòng ủy ban nhân dân": "Văn phòng Ủy ban nhân dân",
        "văn phòng ubnd": "Văn phòng Ủy ban nhân dân",
        "ubnd": "Ủy ban nhân dân",
    }
    low = " ".join(words).lower()
    for key, value in sorted(fixed.items(), key=lambda kv: -len(kv[0])):
        if low.startswith(key):
            rest = " ".join(words)[len(key) :].strip()
            rest_words = rest.split()
            if rest_words and rest_words[0].lower() in (
                "tỉnh",
                "huyện",
                "quận",
                "xã",
                "phường",
            ):
                place = " ".join(w.capitalize() for w in rest_words[1:])
                return f"{value} {rest_words[0].lower()} {place}".strip()
            if rest_words and rest_words[0].lower() == "thành" and len(rest_words) > 1:
                place = " ".join(w.capitalize() for w in rest_words[2:])
                return f"{value} Thành phố {place}".strip()
            if rest:
                return f"{value} {' '.join(w.capitalize() for w in rest_words)}"
            return value
    return " ".join(
        w.capitalize() if i == 0 else w.lower() for i, w in enumerate(words)
    )


@dataclass
class Header:
    kind: str = "cong_van"
    kind_label: str = "Công văn"
    number: str | None = None  # "722/UBND-MT"; None when blank
    symbol: str | None = None  # "/UBND-KT" even when the number is blank
    issued_on: date | None = None
    issued_year: int | None = None
    issued_month: int | None = None
    place: str | None = None
    summary: str | None = None
    issuing_body: str | None = None
    level: str | None = None
    classification: str = "thuong"
    urgency: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    addressees: list[Mention] = field(default_factory=list)
    addressees_text: list[str] = field(default_factory=list)
    body_start: int = 0
    body_end: int = 0


def find_classification(text: str) -> str:
    """`mat`, `toi_mat`, `tuyet_mat` for a stand-alone stamp line, else `thuong`."""
    for line in split_lines(text):
        for _, cell in _cells(line):
            value = re.sub(r"[*_\s]+", " ", cell).strip(" .:()[]")
            m = _SECRET.match(value)
            if m:
                return _SECRET_CODES[re.sub(r"\s+", " ", m.group(1))]
    return "thuong"


def _signature(lines: list[Line]) -> tuple[str | None, str | None]:
    titles: list[str] = []
    signer = None
    for line in lines:
        for _, cell in _cells(line):
            value = cell.strip(" *|")
            if not value or value.startswith(("-", "+")) or "Nơi nhận" in value:
                continue
            # "PHÓ CHỦ TỊCHNguyễn Thị Thu": a title glued to the name.
            glued = re.match(
                r"^(.*?[A-ZĐÀ-Ỹ]{2,})\s*([A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4})$",
                value,
            )
            pieces = (
                [glued.group(1), glued.group(2)]
                if glued and _is_upper(glued.group(1))
                else [value]
            )
            for piece in pieces:
                piece = piece.strip()
                for chunk in re.split(r"\s{3,}", piece):
                    chunk = chunk.strip()
                    words = chunk.split()
                    if _is_upper(chunk) and len(words) <= 10:
                        if re.search(r"\d|[;:]|LƯU|NHƯ\s+TRÊN", chunk):
                            continue
                        titles.append(_plain(chunk))
                    elif 2 <= len(words) <= 5 and all(
                        _NAME_WORD.match(w) for w in words
                    ):
                        signer = chunk
    title = None
    if titles:
        parts: list[str] = []
        for t in titles:
            # "KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM": two titles in one cell.
            parts.extend(p.strip() for p in re.split(r"\s+(?=PHÓ\s)", t) if p.strip())
        title = " - ".join(parts)
    return signer, title


def _issuing_body(cells: list[str]) -> str | None:
    if not cells:
        return None
    if len(cells) >= 2 and re.match(r"^VĂN\s+PHÒNG$", cells[-1].strip()):
        # "UBND TỈNH LÀO CAI / VĂN PHÒNG": the Office of that committee.
        cells = [cells[-1], *cells[:-1]]
    text = " ".join(cells)
    text = re.sub(r"[-*]{2,}", " ", text).strip()
    return _title_case_body(text) if text else None


def _level(body: str | None) -> str | None:
    if not body:
        return None
    low = fold(body)
    if "chinh phu" in low or low.startswith("bo "):
        return "central"
    if re.search(r"\b(?:huyen|quan|thi xa)\b", low):
        return "district"
    return "province"


def _line_plain(line: Line) -> str:
    return _plain(line.text.replace("|", " "))


# --- The header zone, line by line ------------------------------------------
#
# `parse_header` runs every line of the header zone through CLASSIFIERS in
# order. Each classifier looks at one line and either leaves it to the next
# (NEXT), takes it (TAKEN: go on with the next line) or ends the header
# (STOP). What a line means depends on what came before (a wrapped summary, an
# addressee list), which the scan keeps.

NEXT, TAKEN, STOP = "next", "taken", "stop"


@dataclass
class HeaderLine:
    idx: int
    line: Line
    plain: str  # the line without markup, whitespace repaired
    cells: list[str]  # its cells (`|` cells or layout columns)
    first: str  # the first cell, plain


@dataclass
class HeaderScan:
    """What the header zone has shown so far."""

    h: Header
    lines: list[Line]
    state: str = ""  # "summary", "title" or "addressees"
    last: int = -10  # index of the last line added to the current state
    header_end: int = 0  # first line after the header zone
    kind_found: str | None = None
    seen_number: bool = False
    seen_date: bool = False
    summary: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    body_cells: list[str] = field(default_factory=list)
    telegram: bool = False  # a `... điện:` recipients line (a Công điện)
    telegram_issuer: str = ""  # `THỦ TƯỚNG CHÍNH PHỦ` of `THỦ TƯỚNG CHÍNH PHỦ điện:`

    @property
    def started(self) -> bool:
        """A number, a date or a kind line has been seen."""
        return self.seen_number or self.seen_date or bool(self.kind_found)

    def take(self, idx: int) -> str:
        self.header_end = max(self.header_end, idx + 1)
        return TAKEN


def _addressee_item(scan: HeaderScan, ln: HeaderLine) -> str:
    """A line of an open `Kính gửi:` / `... điện:` list, or the end of the list."""
    if scan.state != "addressees":
        return NEXT
    item = ln.plain.strip(" |")
    if _ADDRESSEES.match(item) or _RULE.match(item):
        return TAKEN
    opens_item = item.startswith(("-", "+", "•"))
    open_entry = scan.addressees and not scan.addressees[-1].rstrip().endswith(
        (";", ".", ":")
    )
    if opens_item:
        scan.addressees.extend(_items(item))
    elif open_entry and not _BODY_OPENING.match(item) and len(item) < 120:
        scan.addressees[-1] = f"{scan.addressees[-1]} {item}"
    else:
        return STOP
    scan.header_end = ln.idx + 1
    return TAKEN


_TELEGRAM = re.compile(r"^\|?\s*(?P<who>.{0,60}?)\s*\bđiện\s*:", re.IGNORECASE)


def _addressee_opening(scan: HeaderScan, ln: HeaderLine) -> str:
    """`Kính gửi:` or, in a Công điện, `THỦ TƯỚNG CHÍNH PHỦ điện:`."""
    opening = ln.plain.strip(" |")
    if not _ADDRESSEES.match(opening):
        return NEXT
    scan.state = "addressees"
    telegram = _TELEGRAM.match(opening)
    if telegram and not re.match(r"(?i)kính\s+gửi", opening):
        scan.telegram = True
        scan.telegram_issuer = telegram.group("who").strip(" :|*")
    rest = _ADDRESSEES.sub("", opening, count=1).strip(" |")
    if rest.startswith(("-", "+")):
        scan.addressees.extend(_items(rest))
    elif rest:
        # "Điện: Bộ trưởng các Bộ; Chủ tịch UBND các tỉnh ...": one line, `;` apart.
        scan.addressees.extend(p.strip() for p in rest.split(";") if p.strip())
    scan.header_end = ln.idx + 1
    return TAKEN


def _issuer_cell(scan: HeaderScan, ln: HeaderLine) -> str:
    """Capital lines before the number: the issuing body (collected, not taken)."""
    if scan.started:
        return NEXT
    left = _MOTTO.split(_plain(ln.cells[0] if ln.cells else ln.plain))[0]
    left = left.strip(" -*|")
    if (
        left
        and _is_upper(left)
        and not _SECRET.match(left)
        and not _URGENT.match(left)
        and not _KIND_LINE.match(left)
        and not _MOTTO_PIECE.match(left)
    ):
        scan.body_cells.append(left)
    return NEXT


def _rule_or_motto(scan: HeaderScan, ln: HeaderLine) -> str:
    if _RULE.match(ln.plain) or (
        _MOTTO.search(ln.plain) and not _NUMBER.search(ln.plain)
    ):
        return TAKEN
    return NEXT


def _pasted_body(scan: HeaderScan, ln: HeaderLine) -> str:
    """Body text before any header element: the copy has no header."""
    if (
        not (scan.started or scan.addressees)
        and len(ln.plain.split()) >= 15
        and "|" not in ln.line.text
        and not _MOTTO.search(ln.plain)
        and not _is_upper(ln.first)
    ):
        return STOP
    return NEXT


_NUMBER_IN_LINE = re.compile(
    r"(?:^|[|\s*])(Số|SỐ)\s*:?\s*(?P<num>\d[\d.]*)?\s*(?P<sym>/\s*[\wĐđ][\wĐđ/&.-]*)?"
)


def _number(scan: HeaderScan, ln: HeaderLine) -> bool:
    """`Số: 722/UBND-MT` (a blank number keeps the symbol)."""
    if scan.seen_number:
        return False
    m = _NUMBER_IN_LINE.search(ln.line.text)
    if not m or not (m.group("num") or m.group("sym")):
        return False
    scan.seen_number = True
    sym = re.sub(r"\s+", "", m.group("sym") or "")
    scan.h.symbol = sym or None
    if m.group("num") and sym:
        scan.h.number = f"{m.group('num')}{sym}"
    rest = ln.line.text[m.end() :].split("|")[0].strip(" *")
    rest = re.split(r"\s{3,}", rest)[0].strip(" *")
    if re.match(r"V/[vV]\b|Về\s", rest):
        scan.state, scan.last = "summary", ln.idx
        scan.summary.append(rest)
    return True


def _date_match(scan: HeaderScan, ln: HeaderLine) -> re.Match | None:
    """The place-and-date line, also when a copy wraps it over two lines."""
    m = _DATE_LINE.search(ln.plain)
    if m is not None:
        return m
    if not re.search(r",\s*ngày\b", ln.plain) or re.search(r"năm\s*\d{4}", ln.plain):
        return None
    joined = ln.plain
    for nxt in scan.lines[ln.idx + 1 : ln.idx + 3]:
        joined = f"{joined} {_line_plain(nxt)}"
        m = _DATE_LINE.search(joined)
        if m is not None:
            return m
    return None


def _wrapped_place(scan: HeaderScan, idx: int, place: str) -> str:
    """`Kon` / `Tum, ngày ...`: the first word of the place on the line before."""
    for prev in reversed(scan.lines[max(0, idx - 2) : idx]):
        value = _line_plain(prev).strip(" |")
        if not value:
            continue
        if 1 <= len(value.split()) <= 2 and all(
            _NAME_WORD.match(w) for w in value.split()
        ):
            return f"{value} {place}"
        break
    return place


def _date(scan: HeaderScan, ln: HeaderLine) -> bool:
    if scan.seen_date:
        return False
    m = _date_match(scan, ln)
    if not m:
        return False
    h = scan.h
    scan.seen_date = True
    h.place = m.group("place")
    if m.start("place") == 0:
        h.place = _wrapped_place(scan, ln.idx, h.place)
    h.issued_year = int(m.group("y"))
    h.issued_month = int(m.group("m")) if m.group("m") else None
    if m.group("d") and m.group("m"):
        try:
            h.issued_on = date(h.issued_year, int(m.group("m")), int(m.group("d")))
        except ValueError:
            h.issued_on = None
    if scan.state == "summary" and scan.last != ln.idx:
        scan.state = ""
    return True


def _number_or_date(scan: HeaderScan, ln: HeaderLine) -> str:
    found_number = _number(scan, ln)
    found_date = _date(scan, ln)
    if found_number or found_date:
        return scan.take(ln.idx)
    return NEXT


def _stamp(scan: HeaderScan, ln: HeaderLine) -> str:
    """Secrecy and urgency stamps (`MẬT`, `HỎA TỐC`)."""
    stamp = re.sub(r"\s+", " ", ln.first).strip(" .:()")
    if _SECRET.match(stamp):
        return TAKEN
    if _URGENT.match(stamp):
        scan.h.urgency = stamp
        return TAKEN
    return NEXT


def _kind_line(scan: HeaderScan, ln: HeaderLine) -> str:
    """`CHỈ THỊ`, `CÔNG ĐIỆN`, `THÔNG BÁO KẾT LUẬN`: the kind, then its title."""
    m_kind = _KIND_LINE.match(ln.first.strip())
    if not m_kind or scan.kind_found:
        return NEXT
    word = fold(m_kind.group(1)).replace(" ", "")
    scan.kind_found = _KIND_OF_WORD.get(word)
    if "ketluan" in word:
        scan.h.kind_label = "Thông báo kết luận"
    scan.state, scan.last = "title", ln.idx
    return scan.take(ln.idx)


def _summary_opening(scan: HeaderScan, ln: HeaderLine) -> str:
    """`V/v ...`, or `Về ...` under the number of a Công văn."""
    vv = next((c for c in ln.cells if re.match(r"V/[vV]\b", c)), None)
    about = (
        re.match(r"^Về\s", ln.first)
        and scan.seen_number
        and not scan.addressees
        and not scan.kind_found
    )
    if not vv and not about:
        return NEXT
    scan.state, scan.last = "summary", ln.idx
    scan.summary.append(vv or ln.first)
    return scan.take(ln.idx)


def _summary_continuation(scan: HeaderScan, ln: HeaderLine) -> str:
    if scan.state != "summary":
        return NEXT
    first = ln.first
    gap_ok = ln.idx == scan.last + 1 or first[:1].islower()
    if (
        gap_ok
        and not _is_upper(first)
        and not _BODY_OPENING.match(first)
        and not scan.summary[-1].rstrip(" *").endswith(".")
    ):
        scan.summary.append(first)
        scan.last = ln.idx
        return scan.take(ln.idx)
    scan.state = ""
    return NEXT


_AUTHORITY = re.compile(r"^(?:ỦY|UỶ)\s*BAN|^THỦ\s+TƯỚNG|^BỘ\s+TRƯỞNG|^CHỦ\s+TỊCH")


def _title_continuation(scan: HeaderScan, ln: HeaderLine) -> str:
    """Decree 30/2020: the title under the kind, in capitals or bold text."""
    if scan.state != "title":
        return NEXT
    first, title = ln.first, scan.title
    mixed = bool(title) and not _is_upper(" ".join(title))
    titled = (_is_upper(first) and not mixed) or (
        not _BODY_OPENING.match(first)
        and not _is_upper(first)
        and (first[:1].isupper() if not title else mixed)
    )
    if (
        titled
        and not _AUTHORITY.match(first)
        and (not title or ln.idx == scan.last + 1)
    ):
        title.append(first)
        scan.last = ln.idx
        return scan.take(ln.idx)
    scan.state = ""
    return NEXT


def _capitals(scan: HeaderScan, ln: HeaderLine) -> str:
    """Capital lines: the issuer's name before, an authority line after."""
    if _is_upper(ln.first) and not scan.started:
        return TAKEN
    if _is_upper(ln.plain) and scan.started:
        return scan.take(ln.idx)  # "ỦY BAN NHÂN DÂN TỈNH" above a Quyết định
    return NEXT


def _body_opening(scan: HeaderScan, ln: HeaderLine) -> str:
    if scan.started and (_BODY_OPENING.match(ln.first) or len(ln.plain.split()) >= 8):
        return STOP
    return NEXT


CLASSIFIERS = (
    _addressee_item,
    _addressee_opening,
    _issuer_cell,
    _rule_or_motto,
    _pasted_body,
    _number_or_date,
    _stamp,
    _kind_line,
    _summary_opening,
    _summary_continuation,
    _title_continuation,
    _capitals,
    _body_opening,
)


def _header_line(idx: int, line: Line) -> HeaderLine | None:
    plain = _line_plain(line)
    if not plain:
        return None
    cells = [c.strip(" *") for _, c in _cells(line)]
    cells = [c for c in cells if c]
    first = _plain(cells[0]) if cells else plain
    return HeaderLine(idx, line, plain, cells, first)


def _scan(scan: HeaderScan, end_idx: int) -> None:
    for idx, line in enumerate(scan.lines[: min(end_idx, 80)]):
        ln = _header_line(idx, line)
        if ln is None:
            continue
        for classify in CLASSIFIERS:
            step = classify(scan, ln)
            if step == STOP:
                return
            if step != NEXT:
                break


def _finish(scan: HeaderScan, text: str) -> Header:
    h, lines = scan.h, scan.lines
    h.body_start = (
        lines[scan.header_end].start if scan.header_end < len(lines) else len(text)
    )
    h.kind = (
        scan.kind_found
        or _kind_from_symbol(h.symbol)
        or ("cong_dien" if scan.telegram else "cong_van")
    )
    if (
        h.kind == "thong_bao"
        and scan.title
        and fold(scan.title[0]).startswith("ket luan")
    ):
        h.kind_label = "Thông báo kết luận"
    elif h.kind != "thong_bao" or h.kind_label == "Công văn":
        h.kind_label = KINDS[h.kind]
    if scan.summary:
        text_summary = _plain(" ".join(scan.summary))
        text_summary = re.sub(r"^V/[vV]\s*:?\s*", "", text_summary)
        h.summary = text_summary.strip(" .;") or None
    elif scan.title:
        h.summary = _plain(" ".join(scan.title)).strip(" .;") or None
    h.addressees_text = [a.strip(" ;.") for a in scan.addressees if a.strip(" ;.")]
    for item in h.addressees_text:
        h.addressees.extend(parse_agency_text(item, whole=True))
    h.issuing_body = _issuing_body(scan.body_cells)
    if h.issuing_body is None and scan.telegram_issuer:
        # A copy without its header: "Thủ tướng Chính phủ điện: ..." names the sender.
        h.issuing_body = _title_case_body(scan.telegram_issuer)
    if h.issuing_body == "Ủy ban nhân dân" and h.place and not h.place.startswith("TP"):
        # The copy lost the second line; the place of issue names the province.
        h.issuing_body = f"Ủy ban nhân dân tỉnh {h.place}"
    h.level = _level(h.issuing_body)
    return h


def parse_header(text: str) -> Header:
    """Read the header and signature of a directive text."""
    h = Header(body_end=len(text))
    lines = split_lines(text)
    h.classification = find_classification(text)
    end_idx = _body_end_line(lines)
    if end_idx < len(lines):
        h.body_end = lines[end_idx].start
    h.signer, h.signer_title = _signature(lines[end_idx:])
    scan = HeaderScan(h, lines)
    _scan(scan, end_idx)
    return _finish(scan, text)


def _items(text: str) -> list[str]:
    """`- A; - B.` → [A, B] (a dash inside a name, `Sở - ngành`, stays)."""
    return [
        p.strip() for p in re.split(r"(?:^|(?<=[;.])\s*)[-+•]\s+", text) if p.strip()
    ]


def _body_end_line(lines: list[Line]) -> int:
    for idx, line in enumerate(lines):
        if _BODY_END.match(line.text.strip()):
            return idx
    # No "Nơi nhận": the signature block is the run of short lines at the end,
    # after the number and date of the header.
    guard = -1
    for idx, line in enumerate(lines[:60]):
        if re.search(r"(?:^|[|\s*])(?:Số|SỐ)\s*:|,\s*ngày\b.*\bnăm\b", line.text):
            guard = idx
    end = len(lines)
    for idx in range(len(lines) - 1, max(guard, len(lines) - 12), -1):
        value = _plain(lines[idx].text)
        if not value:
            continue
        if value.endswith(":") or len(value.split()) > 12:
            break
        if _SIGN_TITLE.match(value) or (
            _is_upper(value)
            and re.match(r"^(?:TM\.\s*)?(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN", value)
        ):
            end = idx
    return end


def _kind_from_symbol(symbol: str | None) -> str | None:
    if not symbol:
        return None
    for pattern, kind in _SYMBOL_KIND:
        if pattern.search(symbol):
            return kind
    return None
