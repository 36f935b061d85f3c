"""Sentences into clauses, and what each clause says (the clause pass).

A sentence is cut at its top-level `;` (a subject list that holds semicolons
is read first). Each clause is then analysed in small steps: a connector
(`Đồng thời, ...`), an exclusion the annotation rules name (conditions,
execution formulas, approvals, purpose and responsibility statements), a
label (`Báo cáo 6 tháng: ...`, `Sở X: ...`), an adverbial opening
(`Căn cứ ..., yêu cầu X ...`), the subject (`Giao X ...`, `X chủ trì ...`) and
the predicate: cooperation, the action, its deadline and frequency. Nothing
here knows the outline around the sentence; `ClauseContext` carries the few
facts of the document a clause needs (who issued it, its date).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from chidao.lib.text import fold

from . import lexicon
from .agencies import (
    Mention,
    Tok,
    Trie,
    is_entity_start,
    parse_agencies,
    tokenize,
)
from .deadlines import Deadline, Period, Reference, find_deadline, find_period
from .header import Header
from .text import View

ACTIONS = Trie(lexicon.ACTION_VERBS)
_ASSIGN = re.compile(
    r"^(?:Giao\s+cho|giao\s+cho|Giao|giao|Yêu\s+cầu|yêu\s+cầu|Đề\s+nghị|đề\s+nghị)\s+"
)
# "Chủ tịch UBND tỉnh", "Phó Thủ tướng Trần Hồng Hà": who speaks in the directive.
_ISSUER_PHRASE = (
    r"(?:(?:(?:Phó\s+)?Chủ\s+tịch\s+)?(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)"
    r"(?:\s+(?:tỉnh|thành\s+phố|huyện|Thành\s+phố))?|(?:Phó\s+)?Thủ\s+tướng"
    r"(?:\s+Chính\s+phủ)?)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*"
)
_ISSUER_ASSIGN = re.compile(
    r"^(?:yêu\s+cầu|giao(?:\s+cho)?|đề\s+nghị)\s+", re.IGNORECASE
)
_CONNECTOR = re.compile(
    r"^(?:(?P<sim>đồng\s+thời)|và|ngoài\s+ra|bên\s+cạnh\s+đó|mặt\s+khác|sau\s+đó)\s*,?\s+",
    re.IGNORECASE,
)
ADVERBIAL = re.compile(
    r"^(?:Đối\s+với|Trong\s+thời\s+gian|Trong\s+quá\s+trình|Căn\s+cứ|Trên\s+cơ\s+sở|Sau\s+khi|"
    r"Để|Nhằm|Thực\s+hiện|Theo|Từ\s+nay|Trước\s+mắt|Hằng\s+năm|Hàng\s+năm|Định\s+kỳ|Về|"
    r"Riêng|Trong\s+năm|Trong\s+tháng|Trong\s+thời\s+hạn|Trong\s+vòng|Từ\s+ngày|Tiếp\s+theo|"
    r"Qua|Ngay\s+sau|Xét|Chậm\s+nhất|Trước\s+ngày|Đến\s+năm|Đến\s+ngày|Từ\s+năm)\b",
)
_SKIPPED_OPENING = re.compile(
    r"^(?:Đối\s+với|Trong\s+thời\s+gian|Hằng\s+năm|Hàng\s+năm|Định\s+kỳ|Riêng|"
    r"Trước\s+mắt|Từ\s+nay)"
)
_APPROVAL = re.compile(
    r"^(?:Chấp\s+thuận|Đồng\s+ý|Thống\s+nhất|Nhất\s+trí|Ghi\s+nhận|Biểu\s+dương|"
    r"Hoan\s+nghênh|Đánh\s+giá\s+cao|Cho\s+phép|Phê\s+duyệt|Phê\s+bình|Cơ\s+bản\s+"
    r"(?:thống\s+nhất|đồng\s+ý)|Khen\s+ngợi|Ban\s+hành\s+kèm\s+theo)\b",
)
_DELEGATION = re.compile(r"^(?:ủy|uỷ)\s+quyền\b", re.IGNORECASE)
# Closing exhortations of a conclusion: a spirit to show, not a task to track.
_EXHORTATION = re.compile(
    r"^(?:nêu\s+cao|phát\s+huy|đề\s+cao)\s+(?:hơn\s+nữa\s+)?(?:tinh\s+thần|trách\s+nhiệm|"
    r"ý\s+thức|vai\s+trò)",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(
    r"^(?:Trường\s+hợp|Nếu|Khi|Trong\s+trường\s+hợp)\b", re.IGNORECASE
)
DIFFICULTY = re.compile(
    r"khó\s+khăn\s*,?\s*(?:và\s+)?vướng\s+mắc|vướng\s+mắc", re.IGNORECASE
)
_RESPONSIBILITY = re.compile(r"^chịu\s+trách\s+nhiệm\b", re.IGNORECASE)
_DESCRIPTION = re.compile(
    r"^(?:đã|đang|vừa|được|bị|là|chưa|vẫn|cũng\s+đã|không|có\s+(?:tờ\s+trình|văn\s+bản|"
    r"công\s+văn|báo\s+cáo|ý\s+kiến\s+tại|đề\s+nghị)\s+số|có\s+ý\s+kiến\s+(?:chỉ\s+đạo\s+)?"
    r"như\s+sau|đi\s+công\s+tác|ủy\s+quyền|uỷ\s+quyền|kết\s+luận|chỉ\s+đạo\s+như\s+sau|"
    r"quyết\s+định\s*:|quy\s+định\s*:|thông\s+báo\s+(?:để|cho|đến))(?![\w])",
    re.IGNORECASE,
)
_FORMULA = re.compile(
    r"^(?:xin\s+)?(?:thông\s+báo|kính\s+báo)\s+(?:để|cho|đến|tới)\b|^kính\s+báo|"
    r"chịu\s+trách\s+nhiệm\s+thi\s+hành|^thi\s+hành\s+(?:Quyết\s+định|Chỉ\s+thị|"
    r"Công\s+văn|Thông\s+báo)\s+này",
    re.IGNORECASE,
)
_DOC_THIS = re.compile(
    r"(?:Chỉ\s+thị|Quyết\s+định|Công\s+văn|Công\s+điện|Thông\s+báo|văn\s+bản|Kế\s+hoạch)"
    r"\s+này|(?:ý\s+kiến\s+chỉ\s+đạo|nội\s+dung|các\s+nội\s+dung|chỉ\s+đạo|yêu\s+cầu)"
    r"\s+(?:nêu\s+)?trên",
    re.IGNORECASE,
)
_GENERIC_WORDS = set(
    """
    tổ chức triển khai thực hiện thi hành nghiêm túc khẩn trương kịp thời chỉ đạo
    căn cứ chức năng nhiệm vụ được giao quyền hạn theo và tốt có hiệu quả đầy đủ phạm vi
    quản lý
    thuộc các cơ quan đơn vị địa phương doanh nghiệp này trên nêu ý kiến nội dung
    đúng quy định của mình tinh thần yêu cầu phù hợp nghiêm sở ban ngành cấp tỉnh huyện
    xã nêu trên biết để
    """.split()
)
_PUBLIC = re.compile(
    r"^(?:đồng\s+bào|nhân\s+dân|người\s+dân|công\s+dân|quần\s+chúng|cán\s+bộ,?\s+"
    r"(?:công\s+chức|đảng\s+viên)|mọi\s+người)",
    re.IGNORECASE,
)
_ON_REQUEST = re.compile(r"^theo\s+yêu\s+cầu\b", re.IGNORECASE)
_ISSUER_NAMES = re.compile(
    r"^(?:thu tuong(?: chinh phu)?|chinh phu|pho thu tuong\b.*|lanh dao chinh phu|"
    r"thuong truc (?:uy ban nhan dan|ubnd)(?: (?:tinh|thanh pho|huyen))?|"
    r"(?:uy ban nhan dan|ubnd|ub)(?: (?:tinh|thanh pho|huyen|quan|thi xa))?)$"
)
_DUTY = re.compile(
    r"^(?:có\s+trách\s+nhiệm|có\s+nhiệm\s+vụ|phải|cần|chịu\s+trách\s+nhiệm"
    r"(?!\s+(?:trước|về|thi\s+hành|toàn\s+diện|chính)))\s*:?\s+",
    re.IGNORECASE,
)
_LEADS = re.compile(r"^(?:là\s+cơ\s+quan\s+)?chủ\s+trì\s*,?\s*", re.IGNORECASE)
_COOPERATION = re.compile(
    r"\b(?:phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?|thống\s+nhất\s+với|cùng\s+với|"
    r"làm\s+việc(?:\s+cụ\s+thể)?(?:,\s*thống\s+nhất)?\s+với)\s+"
)
_STRONG_AFTER_SUBJECT = re.compile(
    r"^[\s,]*(?:chủ\s+trì|có\s+trách\s+nhiệm|phải|cần|chịu\s+trách\s+nhiệm|:)"
)
_PERIODIC_START = re.compile(
    r"^(?:định\s+kỳ|hằng\s+(?:năm|quý|tháng)|hàng\s+(?:năm|quý|tháng))\b"
)
_TRACKING = re.compile(
    r"hướng\s+dẫn|kiểm\s+tra|đôn\s+đốc|theo\s+dõi|quán\s+triệt|tuyên\s+truyền|báo\s+cáo",
    re.IGNORECASE,
)


# "Tỉnh cần tập trung ...": in a conclusion about a province, the province.
_THE_PLACE = re.compile(
    r"^(?P<kind>Tỉnh|Thành\s+phố)\s+(?=(?:cần|phải|có\s+trách\s+nhiệm|chủ\s+động|"
    r"tập\s+trung|khẩn\s+trương|tiếp\s+tục|quan\s+tâm|sớm|đẩy\s+mạnh|chỉ\s+đạo)\b)"
)
_PLACE_NAMED = re.compile(
    r"\b(?P<kind>tỉnh|thành\s+phố)\s+(?P<name>[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*)"
)


@dataclass
class ClauseContext:
    """What a clause needs to know of its document."""

    header: Header
    ref: Reference
    issuer_place: str = ""

    @classmethod
    def of(cls, header: Header) -> ClauseContext:
        ref = Reference(header.issued_on, header.issued_year, header.issued_month)
        return cls(header, ref, fold(header.issuing_body or ""))

    def the_place(self, kind: str) -> str:
        """`Ủy ban nhân dân tỉnh Ninh Bình`: the province a conclusion is about."""
        m = _PLACE_NAMED.search(self.header.summary or "")
        if m:
            return f"Ủy ban nhân dân {m.group('kind')} {m.group('name')}"
        return f"Ủy ban nhân dân {kind.lower()}"

    def is_issuer(self, mention: Mention) -> bool:
        """`Thủ tướng`, `UBND tỉnh`: the authority that speaks, not a lead."""
        name = fold(mention.name)
        level = self.header.level
        if _ISSUER_NAMES.match(name):
            if name.startswith(
                ("thu tuong", "chinh phu", "pho thu tuong", "lanh dao chinh phu")
            ):
                return level == "central" or "chinh phu" in self.issuer_place
            level_word = re.search(r"(tinh|thanh pho|huyen|quan|thi xa)$", name)
            if level_word:
                return level_word.group(1) in self.issuer_place or level != "central"
            return level != "central"
        # "Ủy ban nhân dân tỉnh Lào Cai" in a letter of the same committee.
        issuer = self.issuer_place
        return bool(issuer) and name.replace("ubnd", "uy ban nhan dan") == issuer


@dataclass
class Clause:
    start: int  # view offsets inside the block
    end: int
    subject: list[Mention] | None = None
    explicit: bool = False  # "Giao X", "X chủ trì": an assignment in its own words
    action: int = 0  # view offset where the action begins
    cooperating: list[Mention] = field(default_factory=list)
    excluded: str = ""  # why it is not a task
    breaks: bool = False  # ends the task before it
    simultaneous: bool = False
    deadline: Deadline | None = None
    period: Period | None = None
    deadline_only: bool = False
    periodic_start: bool = False
    has_action: bool = False
    strong: bool = False  # Giao/Yêu cầu/Đề nghị X, X chủ trì/có trách nhiệm/phải
    prezone: bool = False  # before the sentence that opens the directions
    label: str = ""

    def exclude(self, reason: str, *, breaks: bool = True) -> Clause:
        self.excluded, self.breaks = reason, breaks
        return self


def predicate_start(toks: Sequence[Tok], i: int) -> bool:
    """What may follow a subject: an action, `phải`, `cần`, `căn cứ`, `theo`."""
    if ACTIONS.match(toks, i):
        return True
    return toks[i].low in ("phải", "cần") or (
        i + 1 < len(toks)
        and (toks[i].low, toks[i + 1].low) in (("căn", "cứ"), ("theo", "chức"))
    )


def _end_of(toks: Sequence[Tok], end: int, fallback: int) -> int:
    """Text offset of token `end` (or `fallback` past the last token)."""
    return toks[end].start if end < len(toks) else fallback


# --- Cutting a sentence ---------------------------------------------------------


def _after_opening_phrase(text: str, s: int, e: int) -> int:
    """`Căn cứ ...; ...; ..., yêu cầu X ...`: where the assignment begins."""
    if not ADVERBIAL.match(text[s:e]):
        return s
    for mm in re.finditer(
        r",\s+(?:" + _ISSUER_PHRASE + r"\s+)?"
        r"(?=(?:giao|Giao|yêu\s+cầu|đề\s+nghị|Đề\s+nghị)\s)",
        text[s:e],
    ):
        after = tokenize(text[s + mm.end() : e])
        k = 2 if after and after[0].low in ("yêu", "đề") else 1
        if k < len(after) and after[k].low == "cho":
            k += 1
        if after[k:] and is_entity_start(after, k):
            return s + mm.end()
    return s


def _subject_end(text: str, s: int, e: int) -> int:
    """End of a leading subject list, which may hold semicolons."""
    am = _ASSIGN.match(text[s:e])
    base = s + (am.end() if am else 0)
    toks = tokenize(text[base:e])
    if toks and is_entity_start(toks, 0):
        found = parse_agencies(toks, 0)
        if found and found.end < len(toks):
            return base + toks[found.end].start
    return s


def clause_pieces(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """[start, end) of the clauses of sentence text[s:e]: cut at top-level `;`.

    A `:` after a long clause opens its elaboration: no cut after it.
    """
    s = _after_opening_phrase(text, s, e)
    lead_end = _subject_end(text, s, e)
    pieces: list[tuple[int, int]] = []
    start, depth, colon_seen = s, 0, False
    for i in range(s, e):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif depth or i < lead_end:
            continue
        elif ch == ":":
            before = text[start:i]
            if len(before.split()) > 6 and not re.search(r"\d\s*$", before):
                colon_seen = True  # what follows elaborates this clause
        elif ch == ";" and not colon_seen:
            pieces.append((start, i + 1))
            start = i + 1
    if start < e:
        pieces.append((start, e))
    out = []
    for a, b in pieces:
        while a < b and text[a] == " ":
            a += 1
        if a < b:
            out.append((a, b))
    return out


def cut_clauses(view: View, s: int, e: int, ctx: ClauseContext) -> list[Clause]:
    """The analysed clauses of the sentence view.text[s:e]."""
    return [analyse_clause(view, a, b, ctx) for a, b in clause_pieces(view.text, s, e)]


# --- Analysing a clause --------------------------------------------------------


def _early_exclusion(c: Clause, head: str) -> Clause | None:
    """Conditions (`Trường hợp ...`, `Trong quá trình ..., nếu có`) and formulas."""
    if _CONDITIONAL.match(head) and (
        DIFFICULTY.search(head) or re.match(r"trường\s+hợp", head, re.IGNORECASE)
    ):
        return c.exclude("conditional")
    if re.match(
        r"^Trong\s+quá\s+trình[^,]*,\s*(?:nếu\s+)?(?:có|phát\s+sinh)",
        head,
        re.IGNORECASE,
    ):
        return c.exclude("conditional")
    if _FORMULA.search(head):
        return c.exclude("formula")
    return None


def _label(view: View, c: Clause, pos: int, b: int, ctx: ClauseContext) -> int | Clause:
    """`Báo cáo 6 tháng: ...`, `Sở X: ...`: a label before the clause proper.

    Returns the clause when the label is an agency (its subject), else the
    position after the label (or `pos` when there is none).
    """
    head = view.text[pos:b]
    lm = re.match(r"^([^:;]{2,70}):\s*", head)
    if lm:
        # "Các Sở: Tài chính, Nội vụ ...": the colon opens a short list.
        htoks = tokenize(head[:400])
        whole = parse_agencies(htoks, 0) if is_entity_start(htoks, 0) else None
        if whole and whole.end < len(htoks) and htoks[whole.end].start > lm.end(1):
            lm = None
    if not lm or len(lm.group(1).split()) > 10:
        return pos
    label = re.sub(r"^(?:Đối\s+với|Về\s+phía)\s+", "", lm.group(1))
    ltoks = tokenize(label)
    found = parse_agencies(ltoks, 0) if is_entity_start(ltoks, 0) else None
    if found and not any(t.word for t in ltoks[found.end :]):
        c.subject, c.explicit, c.strong = found.mentions, True, True
        return read_predicate(view, c, pos + lm.end(), b, ctx, subject_set=True)
    if not ACTIONS.match(ltoks, 0) or re.match(
        r"^Báo\s+cáo\s+(?:\d|sáu|năm|quý|tháng|đột)", label
    ):
        c.period = find_period(label)
        c.label = label
        return pos + lm.end()
    return pos


def _named_after_comma(head: str) -> int | None:
    """`Căn cứ ..., Sở X chủ trì ...`: where the named subject begins."""
    for mm in re.finditer(r",\s+", head):
        rest_toks = tokenize(head[mm.end() : mm.end() + 200])
        if not (rest_toks and rest_toks[0].cap and is_entity_start(rest_toks, 0)):
            continue
        found = parse_agencies(rest_toks, 0)
        if (
            found
            and found.end < len(rest_toks)
            and (
                ACTIONS.match(rest_toks, found.end)
                or _DESCRIPTION.match(head[mm.end() + rest_toks[found.end].start :])
            )
        ):
            return mm.end()
    return None


def _skip_adverbial(c: Clause, text: str, pos: int, b: int) -> int:
    """An adverbial opening followed by the assignment: skip to the assignment."""
    head = text[pos:b]
    if not ADVERBIAL.match(head):
        return pos
    m = re.search(r",\s+(?=(?:giao|Giao|yêu\s+cầu|đề\s+nghị|Đề\s+nghị)\s)", head)
    found_at = m.end() if m else _named_after_comma(head)
    if found_at is not None:
        c.start = pos + found_at
        return pos + found_at
    if _SKIPPED_OPENING.match(head):
        comma = head.find(", ")
        if 0 < comma < 200:
            return pos + comma + 2
    return pos


def _assignment(
    view: View, c: Clause, pos: int, b: int, ctx: ClauseContext
) -> Clause | None:
    """`Giao X ...`, `Yêu cầu X ...`, `Đề nghị X ...`."""
    text = view.text
    am = _ASSIGN.match(text[pos:b])
    if not am:
        return None
    rest = text[pos + am.end() : b]
    toks = tokenize(rest)
    found = parse_agencies(toks, 0) if is_entity_start(toks, 0) else None
    if found:
        c.subject, c.explicit, c.strong = found.mentions, True, True
        after = pos + am.end() + _end_of(toks, found.end, len(rest))
        return read_predicate(view, c, after, b, ctx, subject_set=True)
    if not re.match(r"(?:cho\s+)?(?:ông|bà|đồng\s+chí)\b", rest, re.I):
        # "Yêu cầu tạm dừng ... cho đến khi có chỉ đạo": no agency named.
        return c.exclude("general")
    return None


def _issuer_speaks(
    view: View, c: Clause, pos: int, after: int, b: int, ctx: ClauseContext
) -> Clause:
    """`Chủ tịch UBND tỉnh yêu cầu X ...`: X is the subject; else no task."""
    text = view.text
    im = _ISSUER_ASSIGN.match(text[after:b])
    if im:
        rest = text[after + im.end() : b]
        t2 = tokenize(rest)
        f2 = parse_agencies(t2, 0) if is_entity_start(t2, 0) else None
        if f2:
            c.subject, c.explicit, c.strong = f2.mentions, True, True
            c.start = pos
            after2 = after + im.end() + _end_of(t2, f2.end, len(rest))
            return read_predicate(view, c, after2, b, ctx, subject_set=True)
    return c.exclude("issuer")


def _subject(
    view: View, c: Clause, pos: int, b: int, ctx: ClauseContext
) -> Clause | None:
    """`X chủ trì ...`, `X có trách nhiệm ...`, `X: ...`: an agency as subject."""
    text = view.text
    head = text[pos:b]
    toks = tokenize(head)
    if not (toks and is_entity_start(toks, 0)):
        return None
    found = parse_agencies(toks, 0)
    if not found:
        return None
    after = pos + _end_of(toks, found.end, len(head))
    rest = text[after:b]
    if any(ctx.is_issuer(mn) for mn in found.mentions):
        return _issuer_speaks(view, c, pos, after, b, ctx)
    if _DESCRIPTION.match(rest) or _FORMULA.search(rest.strip(" ,")):
        return c.exclude("description")
    rtoks = tokenize(rest)
    if rtoks and rtoks[0].text == "," and len(rtoks) > 1 and predicate_start(rtoks, 1):
        rtoks = rtoks[1:]  # "X, căn cứ chức năng ..., khẩn trương ..."
    if not (rest.startswith(":") or (rtoks and predicate_start(rtoks, 0))):
        return None
    if all(mn.non_state for mn in found.mentions) or _PUBLIC.match(head):
        return c.exclude("public")
    c.subject, c.explicit = found.mentions, True
    c.strong = bool(_STRONG_AFTER_SUBJECT.match(rest))
    after += 1 if rest.startswith(":") else 0
    return read_predicate(view, c, after, b, ctx, subject_set=True)


def _the_place_subject(
    view: View, c: Clause, pos: int, b: int, ctx: ClauseContext
) -> Clause | None:
    """`Tỉnh cần ...`, `Thành phố phải ...`: the province or city of the text."""
    m = _THE_PLACE.match(view.text[pos:b])
    if not m:
        return None
    name = ctx.the_place(re.sub(r"\s+", " ", m.group("kind")))
    c.subject = [Mention(name, pos, pos + len(m.group("kind")))]
    c.explicit = c.strong = True
    return read_predicate(view, c, pos + m.end(), b, ctx, subject_set=True)


def analyse_clause(view: View, a: int, b: int, ctx: ClauseContext) -> Clause:
    """What the clause view.text[a:b] says: subject, action, exclusion."""
    text = view.text
    c = Clause(start=a, end=b)
    pos = a
    m = _CONNECTOR.match(text[pos:b])
    if m:
        c.simultaneous = bool(m.group("sim"))
        pos += m.end()
    excluded = _early_exclusion(c, text[pos:b])
    if excluded is not None:
        return excluded
    labelled = _label(view, c, pos, b, ctx)
    if isinstance(labelled, Clause):
        return labelled
    pos = _skip_adverbial(c, text, labelled, b)
    if _DELEGATION.match(text[pos:b]):
        return c.exclude("delegation")
    for step in (_assignment, _subject, _the_place_subject):
        found = step(view, c, pos, b, ctx)
        if found is not None:
            return found
    if _PUBLIC.match(text[pos:b]):
        return c.exclude("public")
    return read_predicate(view, c, pos, b, ctx, subject_set=False)


# --- The predicate -----------------------------------------------------------------


def _cooperation(c: Clause, text: str, pos: int, b: int) -> int:
    """`chủ trì, phối hợp (chặt chẽ) (với) Y`: Y cooperates; skip the words."""
    rest = text[pos:b]
    for cm in _COOPERATION.finditer(rest):
        toks = tokenize(rest[cm.end() : cm.end() + 400])
        if not (toks and is_entity_start(toks, 0)):
            continue
        found = parse_agencies(toks, 0)
        if not found:
            continue
        c.cooperating.extend(x for x in found.mentions if not x.non_state or x.group)
        if cm.start() == 0 or re.match(r"^[\s,]*$", rest[: cm.start()]):
            pos += cm.end() + (toks[found.end].start if found.end < len(toks) else 0)
        break
    hm = re.match(r"^Hỗ\s+trợ\s+", text[pos:b])
    if hm:
        toks = tokenize(text[pos + hm.end() : b])
        found = parse_agencies(toks, 0) if is_entity_start(toks, 0) else None
        if found:
            c.cooperating.extend(found.mentions)
    return pos


def _action_exclusion(c: Clause, action: str, subject_set: bool) -> Clause | None:
    """Approvals, responsibility statements, exhortations, descriptions."""
    if not subject_set and _APPROVAL.match(action):
        return c.exclude("approval", breaks=False)
    if _RESPONSIBILITY.match(action):
        return c.exclude("responsibility", breaks=False)
    if _ON_REQUEST.match(action):
        return c.exclude("on_request", breaks=False)
    if _EXHORTATION.match(action):
        return c.exclude("exhortation")
    if _DESCRIPTION.match(action) and not subject_set:
        return c.exclude("description", breaks=False)
    return None


def _imperative(action: str) -> bool:
    """An imperative clause opens with the action (`Tổ chức ...`), maybe after an
    adverbial phrase (`Trong thời hạn 30 ngày ..., trình ...`)."""
    atoks = tokenize(action)
    k = 0
    while k < len(atoks) and atoks[k].text in (",", "-"):
        k += 1
    if k < len(atoks) and ACTIONS.match(atoks, k) is None and ADVERBIAL.match(action):
        comma = next(
            (n for n in range(k, min(len(atoks), 30)) if atoks[n].text == ","), None
        )
        if comma is not None:
            k = comma + 1
    return bool(atoks) and k < len(atoks) and ACTIONS.match(atoks, k) is not None


def is_generic(action: str) -> bool:
    """Only execution words (`khẩn trương tổ chức triển khai thực hiện./.`)."""
    words = re.findall(r"\w+", _DOC_THIS.sub(" ", action).lower())
    if not words:
        return True
    content = [w for w in words if w not in _GENERIC_WORDS and not w.isdigit()]
    if not content:
        return True
    return (
        bool(_DOC_THIS.search(action))
        and len(content) <= 2
        and not _TRACKING.search(action)
    )


def _clause_deadline(c: Clause, whole: str, action: str, ref: Reference) -> None:
    """Deadline (in view offsets) and frequency of the clause."""
    dl = find_deadline(whole, ref)
    if dl:
        c.deadline = Deadline(
            dl.on, dl.text, dl.start + c.start, dl.end + c.start, dl.kind
        )
    period = find_period(whole)
    if period and c.period is None:
        c.period = period
    c.periodic_start = bool(_PERIODIC_START.match(action.lower()))
    if c.deadline and c.deadline.on:
        # "Hoàn thành trước ngày ...": the clause only dates what came before.
        text = c.deadline.text
        before = action[: action.find(text)] if text in action else action
        rest = re.sub(r"hoàn\s+thành|xong|thực\s+hiện", "", before, flags=re.I)
        c.deadline_only = not re.search(r"\w{2,}", rest)


def read_predicate(
    view: View, c: Clause, pos: int, b: int, ctx: ClauseContext, *, subject_set: bool
) -> Clause:
    """The action part: cooperation, exclusions, deadline and frequency."""
    text = view.text
    while pos < b and text[pos] in " ,:":
        pos += 1
    m = _DUTY.match(text[pos:b])
    if m and subject_set:
        pos += m.end()  # "có trách nhiệm", "phải", "cần" + an action
    m = _LEADS.match(text[pos:b])
    if m:
        pos += m.end()
    pos = _cooperation(c, text, pos, b)
    c.action = pos
    action = text[pos:b].strip()
    excluded = _action_exclusion(c, action, subject_set)
    if excluded is not None:
        return excluded
    if subject_set:
        atoks = tokenize(action)
        c.has_action = any(ACTIONS.match(atoks, k) for k in range(min(len(atoks), 40)))
    else:
        c.has_action = _imperative(action)
    if is_generic(action) and not (
        # "Giao Sở X chủ trì, phối hợp với ... tổ chức triển khai thực hiện Kế
        # hoạch này": the plan's lead is named, which no execution formula does.
        c.strong and c.cooperating and re.search(r"chủ\s+trì", text[c.start : b])
    ):
        return c.exclude("formula", breaks=subject_set)
    _clause_deadline(c, text[c.start : b], action, ctx.ref)
    return c
