"""Deadlines and report frequencies as Vietnamese directives write them.

`find_deadline` turns `trước ngày 15/7/2024`, `trong tháng 6/2024`, `hoàn thành
trong Quý III năm 2024`, `đến năm 2015`, `10 ngày làm việc kể từ ngày ký`,
`khẩn trương`... into a date (or none, keeping the wording); `find_period` reads
`hằng quý`, `định kỳ 6 tháng`, `Báo cáo năm:` into a frequency. Both are pure
functions of the text and the directive's issue date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_WORD_NUMBERS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
    "chín": 9, "mười": 10, "mười lăm": 15, "hai mươi": 20, "ba mươi": 30,
}  # fmt: skip


@dataclass(frozen=True)
class Reference:
    """What relative expressions count from: the issue date, or what is known."""

    issued_on: date | None = None
    year: int | None = None  # from a blank date line: "ngày  tháng 6 năm 2026"
    month: int | None = None

    @property
    def start(self) -> date | None:
        if self.issued_on:
            return self.issued_on
        if self.year:
            return date(self.year, self.month or 1, 1)
        return None

    @property
    def ref_year(self) -> int | None:
        return self.issued_on.year if self.issued_on else self.year


@dataclass(frozen=True)
class Deadline:
    on: date | None  # None: no fixed date (urgent, relative, vague)
    text: str  # the expression as written in the view
    start: int
    end: int
    kind: str  # date, month, quarter, year, days, period, vague, relative


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    return last_day(year, quarter * 3)


def add_working_days(start: date, days: int) -> date:
    """`days` working days after `start`, Monday to Friday (holidays ignored)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def _year(text: str | None, ref: Reference) -> int | None:
    if not text:
        return None
    value = int(text)
    if len(text) <= 2:
        base = ref.ref_year or 2000
        century = base - base % 100
        candidates = [century - 100 + value, century + value, century + 100 + value]
        value = min(candidates, key=lambda y: abs(y - base))
    return value


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _no_year(day: int, month: int, ref: Reference) -> date | None:
    """A day and month without a year: the issue year, or the next if earlier."""
    if ref.ref_year is None:
        return None
    found = _safe_date(ref.ref_year, month, day)
    start = ref.start
    if found and start and found < start:
        found = _safe_date(ref.ref_year + 1, month, day)
    return found


_NUM = r"(\d{1,2})"
_DATE = (
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s*(?:[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{2,4}))?"
    r"|\s+tháng\s+(?P<m2>\d{1,2})(?:\s*(?:năm|[/-])\s*(?P<y2>\d{2,4}))?)"
)
_BEFORE = (
    r"(?:trước|chậm\s+nhất(?:\s+là)?|muộn\s+nhất(?:\s+là)?|không\s+quá|hạn\s+chót"
    r"(?:\s+là)?|hạn\s+cuối(?:\s+là)?|hạn(?:\s+là)?|đến\s+hết|xong\s+trước|hoàn\s+thành"
    r"\s+trước|trong|vào|đến)"
)
_HOUR = r"(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?\s*,?\s*)?"
_EXPLICIT = re.compile(
    rf"(?P<lead>{_BEFORE})\s+{_HOUR}(?:(?:ngày|hôm)\s+(?P<when>{_DATE})"
    r"|(?P<slashed>\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?)(?![\d/]))",
    re.IGNORECASE,
)
_PERIOD_OF_DAYS = re.compile(
    r"từ\s+ngày\s+\d{1,2}(?:\s*[/-]\s*\d{1,2}(?:\s*[/-]\s*\d{2,4})?|\s+tháng\s+\d{1,2}"
    r"(?:\s+năm\s+\d{4})?)?\s+đến\s+(?:hết\s+)?ngày\s+" + rf"(?P<when>{_DATE})",
    re.IGNORECASE,
)
_MONTH = re.compile(
    r"(?P<lead>trong|trước|cuối|hết|vào|đến\s+hết|hoàn\s+thành\s+trong|xong\s+trong)\s+"
    r"tháng\s+(?P<m>\d{1,2})(?:\s*(?:[/-]|năm)\s*(?P<y>\d{2,4}))?(?!\s*ngày)(?![\d/])",
    re.IGNORECASE,
)
_QUARTER = re.compile(
    r"(?P<lead>trong|trước|cuối|hết|vào|đến\s+hết|hoàn\s+thành\s+trong|xong\s+trong)\s+"
    r"quý\s+(?P<q>IV|I{1,3}|[1-4])(?:\s*(?:[/-]|năm)\s*(?P<y>\d{4})|\s+(?P<next>năm\s+"
    r"(?:sau|tới|kế\s+tiếp)))?\b",
    re.IGNORECASE,
)
_PART_OF_YEAR = re.compile(
    r"(?P<lead>trong|hết|đến\s+hết|hoàn\s+thành\s+trong|xong\s+trong)\s+"
    r"(?P<n>0?[1-9]|1[0-1]|sáu|chín|ba)\s+tháng\s+(?P<part>đầu|cuối)\s+năm"
    r"(?:\s+(?P<y>\d{4})|\s+(?P<next>sau|tới))?\b",
    re.IGNORECASE,
)
_YEAR = re.compile(
    r"(?P<lead>trong|trước|cuối|hết|vào|đến\s+hết|đến|hoàn\s+thành\s+trong|xong\s+trong)"
    r"\s+năm\s+(?P<y>\d{4})\b",
    re.IGNORECASE,
)
_DAYS = re.compile(
    r"(?:(?:trong|chậm\s+nhất|sau|trong\s+vòng|trong\s+thời\s+hạn|không\s+quá)\s+)"
    r"(?P<n>\d{1,3}|một|hai|ba|năm|bảy|mười|mười\s+lăm|hai\s+mươi|ba\s+mươi)"
    r"(?:\s*\([^)]{1,20}\))?\s+ngày(?P<work>\s+làm\s+việc)?"
    r"(?P<from>\s*,?\s*(?:kể\s+từ|tính\s+từ|sau\s+khi|từ)(?:\s+ngày)?\s+"
    r"(?:ký|ban\s+hành|nhận\s+được|văn\s+bản|công\s+văn|quyết\s+định|chỉ\s+thị))?",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"trước\s+khi\s+[^,;.]{3,80}|theo\s+(?:đúng\s+)?tiến\s+độ[^,;.]{0,80}"
    r"|sau\s+khi\s+[^,;.]{3,60}",
    re.IGNORECASE,
)
# "trước ngày 15 của tháng cuối quý", "trước ngày 25 hằng tháng": a day of a
# recurring month (not a date: see `_periodic_days`).
_PERIODIC_DAY = re.compile(
    r"(?:trước|chậm\s+nhất(?:\s+là)?|vào|trong)\s+ngày\s+(?P<d>\d{1,2})\s+(?:của\s+)?"
    r"(?:(?P<monthly>(?:hằng|hàng|mỗi)\s+tháng)|(?P<quarterly>tháng\s+cuối\s+(?:của\s+)?"
    r"(?:mỗi\s+|hằng\s+|hàng\s+)?quý))",
    re.IGNORECASE,
)
# "ngay trong ngày", "trong ngày hôm nay": the day the document is issued.
_TODAY = re.compile(
    r"\bngay\s+trong\s+ngày\b(?!\s+(?:\d|hôm\s+sau|mai))|\btrong\s+ngày\s+hôm\s+nay\b",
    re.IGNORECASE,
)
_VAGUE = re.compile(
    r"\b(?:khẩn\s+trương|ngay|kịp\s+thời|sớm|thường\s+xuyên|theo\s+quy\s+định)\b",
    re.IGNORECASE,
)


def _resolve_date(m: re.Match, ref: Reference) -> date | None:
    day = int(m.group("d"))
    month = m.group("m") or m.group("m2")
    year = m.group("y") or m.group("y2")
    if not month:
        return None
    y = _year(year, ref)
    if y is None:
        return _no_year(day, int(month), ref)
    return _safe_date(y, int(month), day)


def _explicit(text: str, ref: Reference) -> list[Deadline]:
    found = []
    for m in _EXPLICIT.finditer(text):
        lead = m.group("lead").lower()
        if m.group("slashed") and lead not in (
            "trước",
            "chậm nhất",
            "chậm nhất là",
            "hạn",
        ):
            continue  # "trong 30/6" reads oddly; only "trước 30/6/2024" without "ngày"
        when = re.match(_DATE, m.group("when") or m.group("slashed"))
        if not when:
            continue
        on = _resolve_date(when, ref)
        if on is None:
            continue
        if lead == "đến" and not re.search(
            r"(?:hoàn\s+thành|xong)\s*$", text[: m.start()]
        ):
            # "đến ngày" alone is a validity period more often than a deadline.
            pass
        found.append(Deadline(on, m.group(), m.start(), m.end(), "date"))
    for m in _PERIOD_OF_DAYS.finditer(text):
        when = re.match(_DATE, m.group("when"))
        if when:
            on = _resolve_date(when, ref)
            if on:
                found.append(Deadline(on, m.group(), m.start(), m.end(), "period"))
    return found


def _months(text: str, ref: Reference) -> list[Deadline]:
    found = []
    for m in _MONTH.finditer(text):
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            continue
        year = _year(m.group("y"), ref)
        if year is None:
            if ref.ref_year is None:
                continue
            year = ref.ref_year
            if ref.start and last_day(year, month) < ref.start:
                year += 1
        lead = m.group("lead").lower()
        if lead == "trước":
            on = date(year, month, 1) - timedelta(days=1)
        else:
            on = last_day(year, month)
        found.append(Deadline(on, m.group(), m.start(), m.end(), "month"))
    return found


def _quarters(text: str, ref: Reference) -> list[Deadline]:
    found = []
    for m in _QUARTER.finditer(text):
        q = m.group("q").lower()
        quarter = _ROMAN.get(q) or int(q)
        year = _year(m.group("y"), ref) or ref.ref_year
        if year is None:
            continue
        if m.group("next") and not m.group("y"):
            year += 1  # "quý I năm sau": the year after the issue year
        if m.group("lead").lower() == "trước":
            on = (
                quarter_end(year, quarter - 1)
                if quarter > 1
                else date(year - 1, 12, 31)
            )
        else:
            on = quarter_end(year, quarter)
        found.append(Deadline(on, m.group(), m.start(), m.end(), "quarter"))
    return found


def _years(text: str, ref: Reference) -> list[Deadline]:
    found = []
    for m in _YEAR.finditer(text):
        lead = re.sub(r"\s+", " ", m.group("lead").lower())
        year = int(m.group("y"))
        before = text[: m.start()].rstrip()
        if lead == "đến":
            # "Đến năm 2015, ..." or "hoàn thành đến năm": a target; otherwise a
            # horizon ("cơ sở dữ liệu ... đến năm 2030").
            opening = not before or before.endswith((";", ":", "."))
            if not opening and not re.search(
                r"(?:hoàn\s+thành|xong|phấn\s+đấu)$", before
            ):
                continue
        if lead == "trong":
            # "trong năm 2024" after a noun ("kế hoạch ... trong năm") is its scope.
            if re.search(r"(?:kế\s+hoạch|ngân\s+sách|dự\s+toán)$", before):
                continue
        on = date(year - 1, 12, 31) if lead == "trước" else date(year, 12, 31)
        found.append(Deadline(on, m.group(), m.start(), m.end(), "year"))
    return found


def _parts_of_year(text: str, ref: Reference) -> list[Deadline]:
    """`trong 6 tháng đầu năm 2025` → 30/6; `6 tháng cuối năm` → 31/12."""
    words = {"sáu": 6, "chín": 9, "ba": 3}
    found = []
    for m in _PART_OF_YEAR.finditer(text):
        raw = m.group("n").lower()
        n = words.get(raw) or int(raw)
        year = int(m.group("y")) if m.group("y") else ref.ref_year
        if year is None:
            continue
        if m.group("next") and not m.group("y"):
            year += 1
        month = n if m.group("part").lower() == "đầu" else 12
        found.append(
            Deadline(last_day(year, month), m.group(), m.start(), m.end(), "part_year")
        )
    return found


def _days(text: str, ref: Reference) -> list[Deadline]:
    found = []
    start = ref.issued_on
    for m in _DAYS.finditer(text):
        if not m.group("from") and not re.match(
            r"trong|chậm", m.group(), re.IGNORECASE
        ):
            continue
        following = text[m.end() : m.end() + 30].lstrip(" ,")
        if not m.group("from") and re.match(
            r"(?:sau\s+khi|kể\s+từ\s+khi|từ\s+khi|kể\s+từ\s+ngày|khi)\b",
            following,
            re.I,
        ):
            found.append(Deadline(None, m.group(), m.start(), m.end(), "relative"))
            continue
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else _WORD_NUMBERS.get(re.sub(r"\s+", " ", raw))
        if n is None:
            continue
        if re.search(r"nhận\s+được", m.group("from") or "", re.IGNORECASE):
            on = None  # counts from an event the text does not date
        elif start is None:
            on = None
        elif m.group("work"):
            on = add_working_days(start, n)
        else:
            on = start + timedelta(days=n)
        found.append(Deadline(on, m.group(), m.start(), m.end(), "days"))
    return found


def _periodic_days(text: str, ref: Reference) -> list[Deadline]:
    """`trước ngày 15 của tháng cuối quý`: the wording of a recurring deadline.

    README: "A periodic task gets a deadline only if the text also names a
    date"; a day of every month or quarter names none, so the date stays empty
    and the frequency (`find_period`) carries the schedule.
    """
    return [
        Deadline(None, m.group(), m.start(), m.end(), "periodic")
        for m in _PERIODIC_DAY.finditer(text)
    ]


def _today(text: str, ref: Reference) -> list[Deadline]:
    return [
        Deadline(ref.issued_on, m.group(), m.start(), m.end(), "today")
        for m in _TODAY.finditer(text)
    ]


def find_deadlines(text: str, ref: Reference) -> list[Deadline]:
    """Every deadline expression of `text`, in reading order."""
    found = (
        _periodic_days(text, ref)
        + _today(text, ref)
        + _explicit(text, ref)
        + _months(text, ref)
        + _quarters(text, ref)
        + _years(text, ref)
        + _parts_of_year(text, ref)
        + _days(text, ref)
    )
    # Overlapping matches: keep the longest.
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[Deadline] = []
    for d in found:
        if kept and d.start < kept[-1].end:
            continue
        kept.append(d)
    return kept


def find_deadline(text: str, ref: Reference) -> Deadline | None:
    """The deadline of a task text: the first dated one, else the wording."""
    dated = find_deadlines(text, ref)
    if dated:
        # "trong 6 tháng đầu năm" is as often the scope of a report as its
        # deadline: a date named elsewhere in the text comes first.
        named = [d for d in dated if d.kind != "part_year"]
        return (named or dated)[0]
    m = _RELATIVE.search(text)
    if m:
        return Deadline(None, m.group().strip(), m.start(), m.end(), "relative")
    m = _VAGUE.search(text)
    if m:
        return Deadline(None, m.group(), m.start(), m.end(), "vague")
    return None


# --- Frequencies ---------------------------------------------------------------

_OBJECT_BEFORE = re.compile(
    r"(?:kế\s+hoạch|ngân\s+sách|dự\s+toán|chỉ\s+tiêu|vốn|nguồn\s+vốn|nhiệm\s+vụ|"
    r"chương\s+trình|năm\s+và|quy\s+hoạch|thu|chi|giá|mức|thi\s+đua|khen\s+thưởng)"
    r"\s*(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)
_FREQUENCIES = [
    ("month", re.compile(r"\b(?:hằng|hàng|mỗi)\s+tháng\b|\bđịnh\s+kỳ\s+tháng\b|"
                         r"\bbáo\s+cáo\s+tháng\b", re.IGNORECASE)),
    ("quarter", re.compile(r"\b(?:hằng|hàng|mỗi)\s+quý\b|\bđịnh\s+kỳ\s+quý\b|"
                           r"\bbáo\s+cáo\s+quý\b|\btháng\s+cuối\s+(?:của\s+)?quý\b",
                           re.IGNORECASE)),
    ("half_year", re.compile(
        r"\b(?:định\s+kỳ|hằng|hàng|mỗi)\s+(?:0?6|sáu)\s+tháng\b|"
        r"\bbáo\s+cáo\s+(?:0?6|sáu)\s+tháng\b(?!\s+(?:đầu|cuối))|"
        r"\b(?:0?6|sáu)\s+tháng\s*(?:một\s+lần|/\s*lần)", re.IGNORECASE)),
    ("year", re.compile(r"\b(?:hằng|hàng|mỗi)\s+năm\b|\bđịnh\s+kỳ\s+năm\b|"
                        r"\bbáo\s+cáo\s+năm\b(?!\s+\d)", re.IGNORECASE)),
]  # fmt: skip
_RECURRING = re.compile(
    r"\b(?:hằng|hàng|mỗi)\s+ngày\b|\bđịnh\s+kỳ\s+hằng\s+tuần\b|\b(?:hằng|hàng)\s+tuần\b|"
    r"(?:^|[;:,.]\s*)định\s+kỳ\b|\bđịnh\s+kỳ\s+(?:hoặc\s+đột\s+xuất\s+)?(?:,\s*)?"
    r"(?:tổng\s+hợp|báo\s+cáo|gửi|hằng|hàng)|\bbáo\s+cáo\b[^;.]{0,60}?\bđịnh\s+kỳ\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Period:
    period: str | None  # month, quarter, half_year, year
    recurring: bool
    text: str


def find_period(text: str) -> Period | None:
    """The frequency of a recurring task, or None when it is done once."""
    text = _EXEMPT_YEAR.sub(" ", text)
    best: tuple[int, str, str] | None = None
    for name, pattern in _FREQUENCIES:
        for m in pattern.finditer(text):
            if name == "year" and _OBJECT_BEFORE.search(text[: m.start()]):
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), name, m.group())
            break
    if best:
        return Period(best[1], True, best[2])
    m = _RECURRING.search(text)
    if m:
        return Period(None, True, m.group().strip(" ;:,."))
    return None


_EXEMPT_YEAR = re.compile(
    r"riêng\s+năm\s+(?P<y>\d{4})\s+(?:thực\s+hiện|chỉ)\s+(?:báo\s+cáo\s+năm|báo\s+cáo\s+một\s+lần)",
    re.IGNORECASE,
)


def exempt_year(text: str) -> int | None:
    """`riêng năm 2026 thực hiện báo cáo năm`: a year without the half-year report."""
    m = _EXEMPT_YEAR.search(text)
    return int(m.group("y")) if m else None
