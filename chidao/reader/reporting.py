"""Does a task require its lead to send something up? (README: must_report)

`báo cáo`, `trình`, `tham mưu`, `đề xuất`, `có ý kiến bằng văn bản gửi ...`,
`báo ngay về ...` as a required step are a report; a report named only as a
document (`Báo cáo số 12/BC-SCT`), an alternative (`xử lý hoặc kiến nghị xử
lý`), a purpose (`để Sở ... báo cáo`), a condition (`nếu có vướng mắc, báo
cáo`) or a report required of others (`chỉ đạo các xã báo cáo`) is not.
"""

from __future__ import annotations

import re

from .clauses import DIFFICULTY, Clause
from .text import View

_REPORT = re.compile(
    r"(?i)\b(?:báo\s+cáo|trình|tham\s+mưu|đề\s+xuất|kiến\s+nghị|báo\s+ngay|"
    r"có\s+văn\s+bản\s+gửi(?!\s+(?:cho\s+)?(?:các\s+)?(?:doanh|tổ\s+chức|cá\s+nhân|người|hộ|"
    r"cơ\s+sở|nhà\s+đầu\s+tư))|"
    r"có\s+ý\s+kiến\s+(?:bằng\s+văn\s+bản\s+)?gửi|góp\s+ý[^;.]{0,80}?gửi|"
    r"gửi\s+(?:báo\s+cáo|kết\s+quả)|"
    r"gửi\s+(?:về\s+)?(?:Sở|Bộ|Ủy\s+ban|Uỷ\s+ban|UBND|Văn\s+phòng|Thủ\s+tướng|Chủ\s+tịch|"
    r"Ban|Thanh\s+tra|Công\s+an|Cục|Chính\s+phủ|Kho\s+bạc))",
)
_NOT_REPORT_BEFORE = re.compile(
    r"(?:nghe|theo|của|các|nội\s+dung|hồ\s+sơ|tờ|trước\s+khi|sau\s+khi|chế\s+độ\s+thông\s+tin|"
    r"(?<!,)\s(?:hệ\s+thống\s+)?thông\s+tin|biểu\s+mẫu|"
    r"dự\s+thảo|trên\s+cơ\s+sở|tại)\s*$",
    re.IGNORECASE,
)
_ALTERNATIVE = re.compile(
    r"xử\s+lý\s+hoặc\s+(?:[\w,]+\s+){0,3}$|hoặc\s+$|giải\s+đáp\s+hoặc\s+(?:[\w,]+\s+){0,3}$",
    re.IGNORECASE,
)
_ALTERNATIVE_AFTER = re.compile(r"^[^;.]{0,60}?\bhoặc\s+xử\s+lý\b", re.IGNORECASE)
_DIRECTING = re.compile(
    r"^(?:chỉ\s+đạo|hướng\s+dẫn|đôn\s+đốc|yêu\s+cầu|hướng\s+dẫn,\s*đôn\s+đốc)\b",
    re.IGNORECASE,
)
_OTHERS_REPORT = re.compile(
    r"\b(?:chỉ\s+đạo|yêu\s+cầu|đề\s+nghị)\s+(?:các\s+)?\S", re.IGNORECASE
)
_PURPOSE = re.compile(r"\bđể\s+(?:[^\s,;.]+\s+){0,8}$", re.IGNORECASE)
_PROCESS_BEFORE = re.compile(
    r"\b(?:chương|quy|công|lộ|tiến|hành|quá|giải|trình)\s*$", re.IGNORECASE
)


def _not_a_step(m: re.Match, clause: str) -> bool:
    """The report word names a document, a process or a thing, not a step."""
    before, after = clause[: m.start()], clause[m.end() :]
    word = m.group().lower()
    if word == "trình" and (
        _PROCESS_BEFORE.search(before) or re.match(r"\s*(?:độ|tự|diễn|bày)\b", after)
    ):
        return True  # "chương trình", "trình độ", "trình tự"
    if re.match(r"\s*(?:số\s+\d|\d+/)", after):
        return True  # "Báo cáo số 3231/BC-SCT": a document cited
    if re.search(r"đo\s+đạc\s*,\s*$", before):
        return True  # "đo đạc, báo cáo, thẩm định" (MRV): a system, no report
    return bool(
        _NOT_REPORT_BEFORE.search(before) and not word.startswith(("tham", "đề xuất"))
    )


def _not_required(m: re.Match, clause: str, directing: bool) -> bool:
    """An alternative, a condition, a purpose or another body's report."""
    before, after = clause[: m.start()], clause[m.end() :]
    word = m.group().lower()
    if _ALTERNATIVE.search(before) or _ALTERNATIVE_AFTER.match(after):
        return True
    if re.search(r"(?:nếu|trường\s+hợp|khi)\b[^;]*$", before, re.I) and (
        DIFFICULTY.search(clause)
    ):
        return True
    if _PURPOSE.search(before) and not word.startswith(("tham", "trình")):
        return True
    if re.search(r"\bđể\s+(?:[^\s]+\s+){0,6}$", before) and re.search(
        r"\bđể\s+\S*\s*(?:Ủy|Uỷ|UBND|Sở|Bộ|Thủ)", before
    ):
        return True
    if _OTHERS_REPORT.search(before):
        return True
    # "chỉ đạo ... thực hiện chế độ báo cáo": the others' reporting regime.
    return directing and bool(re.search(r"chế\s+độ", before[-40:]))


def must_report(view: View, group: list[Clause]) -> bool:
    """Does the lead of the task made of `group` have to send something up?"""
    text = view.text
    directing = False
    for idx, c in enumerate(group):
        a = c.action if (idx == 0 and c.action) else c.start
        clause = text[a : c.end]
        if idx == 0 and _DIRECTING.match(clause.strip()):
            directing = True
        for m in _REPORT.finditer(clause):
            if _not_a_step(m, clause) or _not_required(m, clause, directing):
                continue
            return True
    return False
