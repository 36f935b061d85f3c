"""From the body of a directive to proposed tasks.

The body is read as an outline: items (`1.`, `a)`, `-`, `Điều 2.`), headings
that name an agency (`1. Sở Công Thương`) or a topic, framing sentences that
open a list (`Chủ tịch UBND tỉnh yêu cầu ... thực hiện các nội dung sau:`), and
paragraphs. Each paragraph is cut into sentences and clauses; a clause is an
assignment when an agency is its subject (`Sở X chủ trì, phối hợp với Y ...`,
`Giao X ...`, `Đề nghị X ...`) or when it is an imperative under a heading or
a framing sentence that names one. Clauses group into tasks and split where
the lead agency, the deadline or the frequency changes. The annotation rules
of the development samples (README) are the specification: approvals,
execution formulas, conditional clauses, requests to the public and to
enterprises, statements of responsibility and purpose clauses are not tasks.
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
    parse_agency_text,
    tokenize,
)
from .deadlines import (
    Deadline,
    Period,
    Reference,
    exempt_year,
    find_deadline,
    find_period,
)
from .header import Header
from .tables import table_rows
from .text import Block, View, segment, sentence_bounds

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
_ADVERBIAL = re.compile(
    r"^(?:Đối\s+với|Trong\s+thời\s+gian|Trong\s+quá\s+trình|Căn\s+cứ|Trên\s+cơ\s+sở|Sau\s+khi|"
    r"Để|Nhằm|Thực\s+hiện|Theo|Từ\s+nay|Trước\s+mắt|Hằng\s+năm|Hàng\s+năm|Định\s+kỳ|Về|"
    r"Riêng|Trong\s+năm|Trong\s+tháng|Trong\s+thời\s+hạn|Trong\s+vòng|Từ\s+ngày|Tiếp\s+theo|"
    r"Qua|Ngay\s+sau|Xét|Chậm\s+nhất|Trước\s+ngày|Đến\s+năm|Đến\s+ngày|Từ\s+năm)\b",
)
_APPROVAL = re.compile(
    r"^(?:Chấp\s+thuận|Đồng\s+ý|Thống\s+nhất|Nhất\s+trí|Ghi\s+nhận|Biểu\s+dương|"
    r"Hoan\s+nghênh|Đánh\s+giá\s+cao|Cho\s+phép|Phê\s+duyệt|Phê\s+bình|Cơ\s+bản\s+"
    r"(?:thống\s+nhất|đồng\s+ý)|Khen\s+ngợi|Ban\s+hành\s+kèm\s+theo)\b",
)
_INFORMED = re.compile(
    r"\b(?:tinh uy|thanh uy|huyen uy|dang uy|hdnd|hoi dong nhan dan|ban thuong vu|"
    r"ban bi thu|quoc hoi|doan dai bieu)\b"
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
_DIFFICULTY = re.compile(
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
_FRAMING_END = re.compile(
    r"(?:sau|như\s+sau|gồm|bao\s+gồm|dưới\s+đây|cụ\s+thể|yêu\s+cầu|QUYẾT\s+ĐỊNH|QUY\s+ĐỊNH|"
    r"CHỈ\s+THỊ|kết\s+luận|chỉ\s+đạo|trách\s+nhiệm|nhiệm\s+vụ|có\s+ý\s+kiến)\s*:\s*$",
    re.IGNORECASE,
)
_HAS_DUTY = re.compile(r"^(?:Có|có)\s+(?:trách\s+nhiệm|nhiệm\s+vụ)\s*:?\s*$")
_TOPIC_START = re.compile(
    r"^(?:Về|Đối\s+với|Công\s+tác|Tổ\s+chức\s+thực\s+hiện|Trách\s+nhiệm\s+thi\s+hành|"
    r"Nhiệm\s+vụ|Giải\s+pháp|Mục\s+tiêu|Yêu\s+cầu|Quan\s+điểm|Phân\s+công|Nội\s+dung|"
    r"Kinh\s+phí|Thời\s+gian|Chế\s+độ|Tình\s+hình|Đánh\s+giá|Kết\s+quả|Một\s+số|Các\s+nhiệm\s+vụ|"
    r"Các\s+giải\s+pháp)",
    re.IGNORECASE,
)
_RESPONSIBILITY_OF = re.compile(r"^Trách\s+nhiệm\s+(?:của\s+)?", re.IGNORECASE)

# Report or submission required of the lead (README: must_report).
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
_ISSUER_NAMES = re.compile(
    r"^(?:thu tuong(?: chinh phu)?|chinh phu|pho thu tuong\b.*|lanh dao chinh phu|"
    r"thuong truc (?:uy ban nhan dan|ubnd)(?: (?:tinh|thanh pho|huyen))?|"
    r"(?:uy ban nhan dan|ubnd|ub)(?: (?:tinh|thanh pho|huyen|quan|thi xa))?)$"
)


@dataclass
class TaskDraft:
    start: int  # source offsets of the source span
    end: int
    content: str
    lead: list[Mention]
    lead_source: str  # explicit, heading, framing, addressees
    cooperating: list[Mention] = field(default_factory=list)
    deadline: Deadline | None = None
    deadline_inherited: bool = False
    period: Period | None = None
    must_report: bool = False
    block: Block | None = field(default=None, repr=False)


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


@dataclass
class Frame:
    kind: str
    lead: list[Mention] | None = None
    skip: bool = False
    framing_lead: list[Mention] | None = None
    framing_deadline: Deadline | None = None
    framing_deadline_lead: list[str] | None = None
    framing_period: Period | None = None
    pending: list[Mention] = field(default_factory=list)
    block: Block | None = None
    ends_open: bool = False  # the block ended with ":" (its content follows)
    label_period: Period | None = None  # "- Báo cáo 6 tháng: ..." for what follows
    last_task: TaskDraft | None = None


def _same(a: list[Mention] | None, b: list[Mention] | None) -> bool:
    if not a or not b:
        return False
    return {fold(m.name) for m in a} == {fold(m.name) for m in b}


class Reader:
    """Reads the body of one directive."""

    def __init__(self, source: str, header: Header) -> None:
        self.source = source
        self.header = header
        self.ref = Reference(header.issued_on, header.issued_year, header.issued_month)
        self.drafts: list[TaskDraft] = []
        self.root = Frame(kind="root")
        self.stack: list[Frame] = [self.root]
        self.zone = False  # after the framing sentence of the document
        self.issuer_place = fold(header.issuing_body or "")

    # --- outline -------------------------------------------------------------

    def run(self) -> list[TaskDraft]:
        blocks = segment(self.source, self.header.body_start, self.header.body_end)
        for idx, block in enumerate(blocks):
            nxt = blocks[idx + 1] if idx + 1 < len(blocks) else None
            self._block(block, nxt)
        return self.drafts

    def _place(self, block: Block) -> Frame:
        if not block.kind:
            return self.stack[-1]
        kinds = [f.kind for f in self.stack]
        if block.kind in kinds:
            while self.stack[-1].kind != block.kind:
                self.stack.pop()
            self.stack.pop()
        frame = Frame(kind=block.kind, block=block)
        self.stack.append(frame)
        return frame

    def _parents(self, frame: Frame) -> list[Frame]:
        idx = self.stack.index(frame) if frame in self.stack else len(self.stack) - 1
        return list(reversed(self.stack[: idx + 1]))

    def _inherited_lead(self, frame: Frame) -> tuple[list[Mention] | None, str]:
        for f in self._parents(frame):
            if f.skip:
                return None, "skip"
            if f.pending and f is not frame:
                return f.pending, "heading"
            if f.lead:
                return f.lead, "heading"
            if f.framing_lead:
                return f.framing_lead, "framing"
        if self.root.framing_lead:
            return self.root.framing_lead, "framing"
        if self.zone and self.header.kind in ("cong_van", "cong_dien"):
            # Addressees told "để báo cáo" (party committees, people's councils)
            # and enterprises are not the agencies that carry out the tasks.
            leads = [
                m
                for m in self.header.addressees
                if not m.non_state and not _INFORMED.search(fold(m.name))
            ]
            if leads:
                return leads, "addressees"
        return None, ""

    def _framing_lead(self, frame: Frame) -> list[Mention] | None:
        for f in self._parents(frame):
            if f.framing_lead:
                return f.framing_lead
        return self.root.framing_lead

    def _inherited_deadline(self, frame: Frame, lead: list[Mention]) -> Deadline | None:
        for f in self._parents(frame):
            if f.framing_deadline is not None:
                if f.framing_deadline_lead is None or {
                    fold(m.name) for m in lead
                } == set(f.framing_deadline_lead):
                    return f.framing_deadline
                return None
        return None

    def _inherited_period(self, frame: Frame) -> Period | None:
        for f in self._parents(frame):
            if f.framing_period is not None:
                return f.framing_period
        return None

    def _skipped(self, frame: Frame) -> bool:
        return any(f.skip for f in self._parents(frame))

    # --- blocks -----------------------------------------------------------------

    def _block(self, block: Block, nxt: Block | None) -> None:
        text = block.text.strip()
        if not text or text.startswith("(") and text.endswith((")", ")./.", ").")):
            return
        if re.match(r"^\|?\s*-{3}", text):
            return
        frame = self._place(block)
        frame.ends_open = text.rstrip(" *").endswith(":")
        child_follows = nxt is not None and (
            (
                nxt.kind
                and nxt.kind != block.kind
                and nxt.kind not in [f.kind for f in self.stack[:-1]]
            )
            or (not nxt.kind and frame.ends_open)
        )
        if block.kind and self._heading(block, frame, child_follows):
            return
        if not block.kind and _is_caps(text) and not text.endswith(":"):
            return  # a heading line of capitals
        if not block.kind and _HAS_DUTY.match(text):
            # "Có trách nhiệm:" after a list of agencies: they lead what follows.
            for owner in reversed(self.stack):
                if owner.pending:
                    owner.lead = owner.pending
                    owner.pending = []
                    break
            return
        if self._agency_bullet(block, frame):
            return
        self._sentences(block, frame, child_follows)

    def _heading(self, block: Block, frame: Frame, child_follows: bool) -> bool:
        """An item that names who or what the items under it concern."""
        text = block.text.strip().rstrip("*").strip()
        bare = text.rstrip(":").strip()
        terminal = bool(re.search(r"[.;]\s*$", text)) and not text.endswith("./.")
        words = bare.split()
        if terminal or len(words) > 40:
            return False
        if _is_caps(bare):
            return True
        for_whom = re.match(r"^(?:Đối\s+với|Về\s+phía)\s+", bare)
        if for_whom and is_entity_start(tokenize(bare[for_whom.end() :]), 0):
            bare = bare[for_whom.end() :]  # "Đối với UBND các xã, phường": an agency
        elif _TOPIC_START.match(bare) and not _RESPONSIBILITY_OF.match(bare):
            return child_follows or len(words) <= 12
        # "Trách nhiệm của các tổ chức, doanh nghiệp ...": the subject after it.
        m_resp = _RESPONSIBILITY_OF.match(bare)
        subject_text = bare[m_resp.end() :] if m_resp else bare
        subject_text = re.sub(
            r"\s*(?:có\s+trách\s+nhiệm|có\s+nhiệm\s+vụ|thực\s+hiện\s+các\s+nhiệm\s+vụ\s+sau)\s*$",
            "",
            subject_text,
        )
        toks = tokenize(subject_text)
        found = parse_agencies(toks, 0) if toks else None
        if found and (
            m_resp
            or found.end >= len([t for t in toks])
            or not any(t.word for t in toks[found.end :])
            or self._whole_heading(toks, found.end)
        ):
            if found.end < len(toks) and any(t.word for t in toks[found.end :]):
                # "Các cơ quan, tổ chức, ... được giao quản lý ...": one name.
                mentions = parse_agency_text(subject_text, whole=True)
            else:
                mentions = found.mentions
            frame.lead = mentions
            frame.skip = all(m.non_state for m in mentions)
            return True
        if not child_follows:
            return False
        if (
            _is_caps(bare)
            or _TOPIC_START.match(bare)
            or not self._starts_with_action(toks, 0)
        ):
            if len(words) <= 25:
                return True
        return False

    def _whole_heading(self, toks: Sequence[Tok], end: int) -> bool:
        """Words after the agencies of a heading that still describe them."""
        rest = [t for t in toks[end:] if t.word]
        if len(rest) > 3 and rest[0].low == "có" and rest[1].low in ("trách", "nhiệm"):
            return False  # "Sở Nội vụ có trách nhiệm đưa ...": a duty, not a heading
        return bool(rest) and rest[0].low in (
            "được",
            "có",
            "thuộc",
            "trực",
            "quản",
            "hoạt",
        )

    def _starts_with_action(self, toks: Sequence[Tok], i: int) -> bool:
        return i < len(toks) and ACTIONS.match(toks, i) is not None

    def _agency_bullet(self, block: Block, frame: Frame) -> bool:
        """`- Sở Công Thương (đối với ...);`: a name in a list of lead agencies."""
        if block.kind not in ("dash", "num", "letter"):
            return False
        text = block.text.strip().rstrip(";.,").strip()
        toks = tokenize(text)
        found = parse_agencies(toks, 0)
        if not found or any(t.word for t in toks[found.end :]):
            return False
        parent = self.stack[-2] if len(self.stack) > 1 else self.root
        parent.pending.extend(found.mentions)
        return True

    # --- sentences and clauses ------------------------------------------------

    def _sentences(self, block: Block, frame: Frame, child_follows: bool) -> None:
        view = block.view
        text = view.text
        sentences = sentence_bounds(text)
        clauses: list[Clause] = []
        self._first_group = True
        for s_idx, (a, b) in enumerate(sentences):
            sentence = text[a:b]
            last = s_idx == len(sentences) - 1
            if sentence.rstrip().endswith(":") and self._is_framing(
                sentence, last and child_follows
            ):
                self._group(block, frame, clauses)
                clauses = []
                self._framing(view, a, b, frame)
                continue
            prezone = not self.zone
            for c in self._clauses(view, a, b):
                c.prezone = prezone
                clauses.append(c)
        self._group(block, frame, clauses)

    def _is_framing(self, sentence: str, opens_list: bool) -> bool:
        if _FRAMING_END.search(sentence.rstrip()):
            return True
        return opens_list and len(sentence.split()) >= 4

    def _framing(self, view: View, a: int, b: int, frame: Frame) -> None:
        """A sentence that opens a list: who the list is for, when, how often."""
        sentence = view.text[a:b]
        owner = frame
        if owner is self.root:
            self.zone = True
        elif not self.zone and len(self.stack) <= 2:
            self.zone = True
        lead = self._framing_subject(sentence)
        if lead:
            owner.framing_lead = lead
        dl = find_deadline(sentence, self.ref)
        last = self.drafts[-1] if self.drafts else None
        if dl and dl.on:
            owner.framing_deadline = dl
            owner.framing_deadline_lead = [fold(m.name) for m in lead] if lead else None
        elif (
            last is not None
            and last.block is frame.block
            and last.deadline
            and last.deadline.on
        ):
            # "... trình Thủ tướng trước ngày 20/10/2024. Trong đó chú ý ...:"
            owner.framing_deadline = last.deadline
            owner.framing_deadline_lead = [fold(m.name) for m in last.lead]
        period = find_period(sentence)
        if period:
            owner.framing_period = period

    def _framing_subject(self, sentence: str) -> list[Mention] | None:
        toks = tokenize(sentence)
        for i, tok in enumerate(toks):
            if tok.low in ("yêu", "giao", "đề") and i + 1 < len(toks):
                j = i + 1
                if tok.low in ("yêu", "đề"):
                    if toks[j].low not in ("cầu", "nghị"):
                        continue
                    j += 1
                elif toks[j].low == "cho":
                    j += 1
                found = parse_agencies(toks, j) if is_entity_start(toks, j) else None
                if found:
                    return found.mentions
        found = parse_agencies(toks, 0) if is_entity_start(toks, 0) else None
        if found and not all(self._is_issuer(m) for m in found.mentions):
            rest = toks[found.end :]
            if rest and ACTIONS.match(rest, 0):
                return found.mentions
        return None

    def _clauses(self, view: View, s: int, e: int) -> list[Clause]:
        """Cut a sentence at top-level `;` (a subject list is read first)."""
        text = view.text
        pieces: list[tuple[int, int]] = []
        # "Căn cứ ...; ...; ..., yêu cầu X ...": the opening phrase is no clause.
        if _ADVERBIAL.match(text[s:e]):
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
                    s += mm.end()
                    break
        start = s
        # A subject list may hold semicolons: "Các sở, ban, ngành; UBND các xã, ...".
        am = _ASSIGN.match(text[s:e])
        base = s + (am.end() if am else 0)
        toks = tokenize(text[base:e])
        lead_end = s
        if toks and is_entity_start(toks, 0):
            found = parse_agencies(toks, 0)
            if found and found.end < len(toks):
                lead_end = base + toks[found.end].start
        depth = 0
        colon_seen = False
        i = s
        while i < e:
            ch = text[i]
            if ch == "(":
                depth += 1
            elif ch == ")" and depth:
                depth -= 1
            elif ch == ":" and depth == 0 and i >= lead_end:
                before = text[start:i]
                if len(before.split()) > 6 and not re.search(r"\d\s*$", before):
                    colon_seen = True  # what follows elaborates this clause
            elif ch == ";" and depth == 0 and i >= lead_end and not colon_seen:
                pieces.append((start, i + 1))
                start = i + 1
            i += 1
        if start < e:
            pieces.append((start, e))
        clauses = []
        for a, b in pieces:
            while a < b and text[a] == " ":
                a += 1
            if a < b:
                clauses.append(self._analyse(view, a, b))
        return clauses

    def _is_issuer(self, mention: Mention) -> bool:
        name = fold(mention.name)
        if _ISSUER_NAMES.match(name):
            if name.startswith(
                ("thu tuong", "chinh phu", "pho thu tuong", "lanh dao chinh phu")
            ):
                return (
                    self.header.level == "central" or "chinh phu" in self.issuer_place
                )
            level_word = re.search(r"(tinh|thanh pho|huyen|quan|thi xa)$", name)
            if level_word:
                return (
                    level_word.group(1) in self.issuer_place
                    or self.header.level != "central"
                )
            return self.header.level != "central"
        # "Ủy ban nhân dân tỉnh Lào Cai" in a letter of the same committee.
        issuer = self.issuer_place
        return (
            bool(issuer)
            and fold(mention.name).replace("ubnd", "uy ban nhan dan") == issuer
        )

    def _analyse(self, view: View, a: int, b: int) -> Clause:
        text = view.text
        c = Clause(start=a, end=b)
        pos = a
        m = _CONNECTOR.match(text[pos:b])
        if m:
            c.simultaneous = bool(m.group("sim"))
            pos += m.end()
        head = text[pos:b]
        if _CONDITIONAL.match(head):
            if _DIFFICULTY.search(head) or re.match(
                r"trường\s+hợp", head, re.IGNORECASE
            ):
                c.excluded, c.breaks = "conditional", True
                return c
        if re.match(
            r"^Trong\s+quá\s+trình[^,]*,\s*(?:nếu\s+)?(?:có|phát\s+sinh)",
            head,
            re.IGNORECASE,
        ):
            c.excluded, c.breaks = "conditional", True
            return c
        if _FORMULA.search(head):
            c.excluded, c.breaks = "formula", True
            return c
        # Label: "Báo cáo 6 tháng: ...", "Thời gian thí điểm: ...", "Sở X: ...".
        lm = re.match(r"^([^:;]{2,70}):\s*", head)
        if lm:
            # "Các Sở: Tài chính, Nội vụ ...": the colon opens a short list.
            htoks = tokenize(head[:400])
            whole = parse_agencies(htoks, 0) if is_entity_start(htoks, 0) else None
            if whole and whole.end < len(htoks) and htoks[whole.end].start > lm.end(1):
                lm = None
        if lm and len(lm.group(1).split()) <= 10:
            label = re.sub(r"^(?:Đối\s+với|Về\s+phía)\s+", "", lm.group(1))
            ltoks = tokenize(label)
            found = parse_agencies(ltoks, 0) if is_entity_start(ltoks, 0) else None
            if found and not any(t.word for t in ltoks[found.end :]):
                c.subject, c.explicit, c.strong = found.mentions, True, True
                pos += lm.end()
                return self._predicate(view, c, pos, b, subject_set=True)
            if not ACTIONS.match(ltoks, 0) or re.match(
                r"^Báo\s+cáo\s+(?:\d|sáu|năm|quý|tháng|đột)", label
            ):
                c.period = find_period(label)
                c.label = label
                pos += lm.end()
                head = text[pos:b]
        # Adverbial opening followed by the assignment: "Căn cứ ..., yêu cầu X ...".
        if _ADVERBIAL.match(head):
            found_at = None
            for mm in re.finditer(
                r",\s+(?=(?:giao|Giao|yêu\s+cầu|đề\s+nghị|Đề\s+nghị)\s)", head
            ):
                found_at = mm.end()
                break
            if found_at is None and _ADVERBIAL.match(head):
                for mm in re.finditer(r",\s+", head):
                    rest_toks = tokenize(head[mm.end() : mm.end() + 200])
                    if rest_toks and rest_toks[0].cap and is_entity_start(rest_toks, 0):
                        found = parse_agencies(rest_toks, 0)
                        if (
                            found
                            and found.end < len(rest_toks)
                            and (
                                ACTIONS.match(rest_toks, found.end)
                                or _DESCRIPTION.match(
                                    head[mm.end() + rest_toks[found.end].start :]
                                )
                            )
                        ):
                            found_at = mm.end()
                            break
            if found_at is not None:
                pos += found_at
                c.start = pos
                head = text[pos:b]
            elif _ADVERBIAL.match(head) and re.match(
                r"^(?:Đối\s+với|Trong\s+thời\s+gian|Hằng\s+năm|Hàng\s+năm|Định\s+kỳ|Riêng|Trước\s+mắt|Từ\s+nay)",
                head,
            ):
                comma = head.find(", ")
                if 0 < comma < 200:
                    pos += comma + 2
                    head = text[pos:b]
        if _DELEGATION.match(head):
            c.excluded, c.breaks = "delegation", True
            return c
        am = _ASSIGN.match(head)
        if am:
            toks = tokenize(text[pos + am.end() : b])
            found = parse_agencies(toks, 0) if is_entity_start(toks, 0) else None
            if not found and not re.match(
                r"(?:cho\s+)?(?:ông|bà|đồng\s+chí)\b", text[pos + am.end() : b], re.I
            ):
                # "Yêu cầu tạm dừng ... cho đến khi có chỉ đạo": no agency named.
                c.excluded, c.breaks = "general", True
                return c
            if found:
                c.subject, c.explicit, c.strong = found.mentions, True, True
                after = (
                    pos
                    + am.end()
                    + (
                        toks[found.end].start
                        if found.end < len(toks)
                        else len(text[pos + am.end() : b])
                    )
                )
                return self._predicate(view, c, after, b, subject_set=True)
        toks = tokenize(head)
        if toks and is_entity_start(toks, 0):
            found = parse_agencies(toks, 0)
            if found:
                after = pos + (
                    toks[found.end].start if found.end < len(toks) else len(head)
                )
                rest = text[after:b]
                if any(self._is_issuer(mn) for mn in found.mentions):
                    im = _ISSUER_ASSIGN.match(rest)
                    if im:
                        t2 = tokenize(text[after + im.end() : b])
                        f2 = parse_agencies(t2, 0) if is_entity_start(t2, 0) else None
                        if f2:
                            c.subject, c.explicit, c.strong = f2.mentions, True, True
                            c.start = pos
                            after2 = (
                                after
                                + im.end()
                                + (
                                    t2[f2.end].start
                                    if f2.end < len(t2)
                                    else len(text[after + im.end() : b])
                                )
                            )
                            return self._predicate(view, c, after2, b, subject_set=True)
                    c.excluded, c.breaks = "issuer", True
                    return c
                if _DESCRIPTION.match(rest) or _FORMULA.search(rest.strip(" ,")):
                    c.excluded, c.breaks = "description", True
                    return c
                rtoks = tokenize(rest)
                if (
                    rtoks
                    and rtoks[0].text == ","
                    and len(rtoks) > 1
                    and _predicate_start(rtoks, 1)
                ):
                    rtoks = rtoks[1:]  # "X, căn cứ chức năng ..., khẩn trương ..."
                if rest.startswith(":") or (rtoks and _predicate_start(rtoks, 0)):
                    if all(mn.non_state for mn in found.mentions) or _PUBLIC.match(
                        head
                    ):
                        c.excluded, c.breaks = "public", True
                        return c
                    c.subject, c.explicit = found.mentions, True
                    c.strong = bool(
                        re.match(
                            r"^[\s,]*(?:chủ\s+trì|có\s+trách\s+nhiệm|phải|cần|chịu\s+trách\s+nhiệm|:)",
                            rest,
                        )
                    )
                    return self._predicate(
                        view,
                        c,
                        after + (1 if rest.startswith(":") else 0),
                        b,
                        subject_set=True,
                    )
        if _PUBLIC.match(head):
            c.excluded, c.breaks = "public", True
            return c
        return self._predicate(view, c, pos, b, subject_set=False)

    def _predicate(
        self, view: View, c: Clause, pos: int, b: int, *, subject_set: bool
    ) -> Clause:
        """The action part: cooperation, exclusions, deadline and frequency."""
        text = view.text
        while pos < b and text[pos] in " ,:":
            pos += 1
        rest = text[pos:b]
        # "có trách nhiệm", "có nhiệm vụ", "phải", "chịu trách nhiệm" + an action.
        m = re.match(
            r"^(?:có\s+trách\s+nhiệm|có\s+nhiệm\s+vụ|phải|cần|chịu\s+trách\s+nhiệm"
            r"(?!\s+(?:trước|về|thi\s+hành|toàn\s+diện|chính)))\s*:?\s+",
            rest,
            re.IGNORECASE,
        )
        if m and subject_set:
            pos += m.end()
            rest = text[pos:b]
        # "chủ trì[, phối hợp (chặt chẽ) (với) Y]"
        m = re.match(r"^(?:là\s+cơ\s+quan\s+)?chủ\s+trì\s*,?\s*", rest, re.IGNORECASE)
        if m:
            pos += m.end()
            rest = text[pos:b]
            hm = re.match(r"^(hướng\s+dẫn\s+chuyên\s+môn)\s*,\s*", rest)
            if hm:
                pass
        coop_at = re.finditer(
            r"\b(?:phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?|thống\s+nhất\s+với|cùng\s+với|"
            r"làm\s+việc(?:\s+cụ\s+thể)?(?:,\s*thống\s+nhất)?\s+với)\s+",
            rest,
        )
        for cm in coop_at:
            toks = tokenize(rest[cm.end() : cm.end() + 400])
            if toks and is_entity_start(toks, 0):
                found = parse_agencies(toks, 0)
                if found:
                    c.cooperating.extend(
                        x for x in found.mentions if not x.non_state or x.group
                    )
                    if cm.start() == 0 or re.match(r"^[\s,]*$", rest[: cm.start()]):
                        pos += cm.end() + (
                            toks[found.end].start if found.end < len(toks) else 0
                        )
                        rest = text[pos:b]
                    break
        hm = re.match(r"^Hỗ\s+trợ\s+", rest)
        if hm:
            toks = tokenize(rest[hm.end() :])
            found = parse_agencies(toks, 0) if is_entity_start(toks, 0) else None
            if found:
                c.cooperating.extend(found.mentions)
        c.action = pos
        action = rest.strip()
        low_action = action.lower()
        if not subject_set and _APPROVAL.match(action):
            c.excluded = "approval"
            return c
        if _RESPONSIBILITY.match(action):
            c.excluded = "responsibility"
            return c
        if _ON_REQUEST.match(action):
            c.excluded = "on_request"
            return c
        if _EXHORTATION.match(action):
            c.excluded, c.breaks = "exhortation", True
            return c
        if _DESCRIPTION.match(action) and not subject_set:
            c.excluded = "description"
            return c
        atoks = tokenize(action)
        if subject_set:
            c.has_action = any(
                ACTIONS.match(atoks, k) for k in range(min(len(atoks), 40))
            )
        else:
            # An imperative: the clause opens with the action ("Tổ chức ...").
            k = 0
            while k < len(atoks) and atoks[k].text in (",", "-"):
                k += 1
            if (
                k < len(atoks)
                and ACTIONS.match(atoks, k) is None
                and _ADVERBIAL.match(action)
            ):
                # "Trong thời hạn 30 ngày ..., trình ...": the action after the phrase.
                comma = next(
                    (n for n in range(k, min(len(atoks), 30)) if atoks[n].text == ","),
                    None,
                )
                if comma is not None:
                    k = comma + 1
            c.has_action = (
                bool(atoks) and k < len(atoks) and ACTIONS.match(atoks, k) is not None
            )
        if self._generic(action) and not (
            # "Giao Sở X chủ trì, phối hợp với ... tổ chức triển khai thực hiện Kế
            # hoạch này": the plan's lead is named, which no execution formula does.
            c.strong and c.cooperating and re.search(r"chủ\s+trì", text[c.start : b])
        ):
            c.excluded = "formula"
            c.breaks = subject_set
            return c
        whole = text[c.start : b]
        c.deadline = find_deadline(whole, self.ref)
        if c.deadline:
            # Offsets of the deadline inside the block view.
            c.deadline = Deadline(
                c.deadline.on,
                c.deadline.text,
                c.deadline.start + c.start,
                c.deadline.end + c.start,
                c.deadline.kind,
            )
        period = find_period(whole)
        if period:
            c.period = period if c.period is None else c.period
        c.periodic_start = bool(
            re.match(
                r"^(?:định\s+kỳ|hằng\s+(?:năm|quý|tháng)|hàng\s+(?:năm|quý|tháng))\b",
                low_action,
            )
        )
        if c.deadline and c.deadline.on:
            before = (
                action[: action.find(c.deadline.text)]
                if c.deadline.text in action
                else action
            )
            if not re.search(
                r"\w{2,}",
                re.sub(
                    r"hoàn\s+thành|xong|thực\s+hiện", "", before, flags=re.IGNORECASE
                ),
            ):
                c.deadline_only = True
        return c

    def _generic(self, action: str) -> bool:
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
            and not re.search(
                r"hướng\s+dẫn|kiểm\s+tra|đôn\s+đốc|theo\s+dõi|quán\s+triệt|tuyên\s+truyền|báo\s+cáo",
                action,
                re.IGNORECASE,
            )
        )

    # --- grouping ---------------------------------------------------------------

    def _group(self, block: Block, frame: Frame, clauses: list[Clause]) -> None:
        """Clauses into tasks: split where the lead, deadline or frequency changes."""
        groups: list[list[Clause]] = []
        current: list[Clause] = []
        closed = False
        carry: list[Mention] | None = None  # the subject goes on within a paragraph
        prev_excluded = ""
        for c in clauses:
            if c.excluded:
                if c.excluded == "formula" and c.subject:
                    carry = c.subject
                if c.breaks and current:
                    groups.append(current)
                    current = []
                prev_excluded = c.excluded
                continue
            if c.simultaneous and prev_excluded == "conditional":
                continue  # "Đồng thời gửi ..." goes with the condition before it
            if prev_excluded == "approval" and not c.explicit:
                continue  # "Đồng ý ... A; B; C": the rest of what is approved
            if prev_excluded != "approval" or c.explicit:
                prev_excluded = ""
            if c.subject is None and carry is not None:
                c.subject, c.explicit = carry, True
            if c.subject is not None:
                carry = c.subject
            if not current:
                text = block.view.text[c.start : c.end]
                if (
                    c.subject is None
                    and _DIFFICULTY.search(text)
                    and re.search(r"báo\s+cáo|đề\s+xuất", text)
                ):
                    continue
                current = [c]
                closed = c.deadline_only
                continue
            lead = next((x.subject for x in current if x.subject), None)
            has_dated = any(x.deadline and x.deadline.on for x in current)
            dated = bool(c.deadline and c.deadline.on)
            new = False
            if c.subject and c.explicit and not _same(c.subject, lead):
                new = True
            elif c.simultaneous and (dated != has_dated or c.periodic_start):
                new = True
            elif closed and c.has_action and not c.deadline_only:
                new = True
            elif c.periodic_start and not any(x.period for x in current):
                new = True
            elif (
                has_dated
                and c.has_action
                and not dated
                and not c.deadline_only
                and self._dated_before(current)
            ):
                new = True
            if new:
                groups.append(current)
                current = [c]
                closed = c.deadline_only
            else:
                current.append(c)
                closed = closed or c.deadline_only
        if current:
            groups.append(current)
        label = next((c.label for c in clauses if c.label), "")
        if label and block.kind:
            frame.label_period = find_period(label)
        for g in groups:
            self._task(block, frame, g, self._first_group, label)
            self._first_group = False

    def _dated_before(self, current: list[Clause]) -> bool:
        """The dated deadline closes its clause: later actions are another task."""
        last = current[-1]
        return bool(last.deadline and last.deadline.on)

    def _task(
        self, block: Block, frame: Frame, group: list[Clause], first: bool, label: str
    ) -> None:
        view = block.view
        text = view.text
        subject = next((c.subject for c in group if c.subject), None)
        prezone = all(c.prezone for c in group)
        if prezone and not (subject and any(c.strong for c in group)):
            return  # background before the sentence that opens the directions
        if subject is None and not any(c.has_action for c in group):
            return
        lead_source = "explicit"
        lead = subject
        if lead is not None and all(m.vague for m in lead):
            framing = self._framing_lead(frame)
            if framing:
                lead, lead_source = framing, "framing"
        if lead is None:
            if self._skipped(frame):
                return
            lead, lead_source = self._inherited_lead(frame)
            if not lead:
                return
        elif lead_source != "explicit" and self._skipped(frame):
            return
        if all(m.non_state for m in lead):
            return
        coop: list[Mention] = []
        for c in group:
            for m in c.cooperating:
                if fold(m.name) not in {fold(x.name) for x in coop}:
                    coop.append(m)
        a = group[0].start
        b = group[-1].end
        src_start, src_end = view.span(a, b)
        if first and not text[:a].strip():
            src_start = block.start  # the first task of an item starts at its marker
        deadline = next(
            (c.deadline for c in group if c.deadline and c.deadline.on), None
        )
        if deadline is None:
            deadline = next((c.deadline for c in group if c.deadline), None)
        inherited = False
        if deadline is None:
            dl = self._inherited_deadline(frame, lead)
            if dl is not None:
                deadline, inherited = dl, True
        period = next(
            (c.period for c in group if c.period and c.period.period), None
        ) or next((c.period for c in group if c.period), None)
        label_period = (
            find_period(label)
            if label
            else (None if block.kind else frame.label_period)
        )
        if label_period and (period is None or period.period is None):
            period = label_period
        framing_period = self._inherited_period(frame)
        if period is None and framing_period is not None:
            period = framing_period
        elif (
            period is not None
            and period.period is None
            and framing_period
            and framing_period.period
        ):
            period = framing_period
        if deadline and deadline.on and period and period.period == "half_year":
            year = exempt_year(text)
            if year is not None and deadline.on.year == year:
                deadline = Deadline(
                    deadline.on.replace(year=year + 1),
                    deadline.text,
                    deadline.start,
                    deadline.end,
                    deadline.kind,
                )
        draft = TaskDraft(
            start=src_start,
            end=src_end,
            content=self._content(view, group),
            lead=lead,
            lead_source=lead_source,
            cooperating=coop,
            deadline=deadline,
            deadline_inherited=inherited,
            period=period,
            # "Báo cáo quý: gửi trước ngày ...": what the label names is a report.
            must_report=self._must_report(view, group)
            or bool(label and re.match(r"(?i)báo\s+cáo\b", label)),
            block=block,
        )
        prev = frame.last_task
        if (
            subject is None
            and not block.kind
            and prev is not None
            and self.drafts
            and self.drafts[-1] is prev
            and prev.block is not None
            and prev.block.kind
        ):
            # A paragraph without a subject goes on with the item before it.
            prev.end = max(prev.end, draft.end)
            prev.must_report = prev.must_report or draft.must_report
            if (
                (prev.deadline is None or prev.deadline.on is None)
                and draft.deadline
                and draft.deadline.on
            ):
                prev.deadline = draft.deadline
            return
        self.drafts.append(draft)
        frame.last_task = draft

    def _content(self, view: View, group: list[Clause]) -> str:
        text = view.text
        first = group[0]
        start = first.action if first.action else first.start
        parts = []
        for idx, c in enumerate(group):
            a = start if idx == 0 else c.start
            parts.append(text[a : c.end])
        content = " ".join(p.strip() for p in parts)
        dl = next((c.deadline for c in group if c.deadline), None)
        if dl and dl.text and content.rstrip(" .;,/").endswith(dl.text):
            content = content.rstrip(" .;,/")[: -len(dl.text)]
        content = re.sub(r"\s+", " ", content).strip(" ;,.:/")
        content = re.sub(r",?\s*(?:hoàn\s+thành|xong)$", "", content).strip(" ;,")
        return content

    def _must_report(self, view: View, group: list[Clause]) -> bool:
        """Does the lead have to send something up (báo cáo, trình, tham mưu ...)?"""
        text = view.text
        directing = False
        for idx, c in enumerate(group):
            a = c.action if (idx == 0 and c.action) else c.start
            clause = text[a : c.end]
            if idx == 0 and _DIRECTING.match(clause.strip()):
                directing = True
            for m in _REPORT.finditer(clause):
                before = clause[: m.start()]
                word = m.group().lower()
                if word == "trình" and (
                    re.search(
                        r"\b(?:chương|quy|công|lộ|tiến|hành|quá|giải|trình)\s*$",
                        before,
                        re.IGNORECASE,
                    )
                    or re.match(r"\s*(?:độ|tự|diễn|bày)\b", clause[m.end() :])
                ):
                    continue
                if re.match(r"\s*(?:số\s+\d|\d+/)", clause[m.end() :]):
                    continue  # "Báo cáo số 3231/BC-SCT": a document cited
                if re.search(r"đo\s+đạc\s*,\s*$", before):
                    continue  # "đo đạc, báo cáo, thẩm định" (MRV): a system, no report
                if _NOT_REPORT_BEFORE.search(before) and not word.startswith(
                    ("tham", "đề xuất")
                ):
                    continue
                if _ALTERNATIVE.search(before) or _ALTERNATIVE_AFTER.match(
                    clause[m.end() :]
                ):
                    continue
                if re.search(
                    r"(?:nếu|trường\s+hợp|khi)\b[^;]*$", before, re.IGNORECASE
                ) and _DIFFICULTY.search(clause):
                    continue
                if _PURPOSE.search(before) and not word.startswith(("tham", "trình")):
                    continue
                if re.search(r"\bđể\s+(?:[^\s]+\s+){0,6}$", before) and re.search(
                    r"\bđể\s+\S*\s*(?:Ủy|Uỷ|UBND|Sở|Bộ|Thủ)", before
                ):
                    continue
                if _OTHERS_REPORT.search(before):
                    continue
                if directing and re.search(r"chế\s+độ", before[-40:]):
                    continue
                if re.search(r"chế\s+độ[^;]{0,30}$", before) and directing:
                    continue
                return True
        return False


def _predicate_start(toks: Sequence[Tok], i: int) -> bool:
    """What may follow a subject: an action, `phải`, `cần`, `căn cứ`, `theo`."""
    if ACTIONS.match(toks, i):
        return True
    return toks[i].low in ("phải", "cần") or (
        i + 1 < len(toks)
        and (toks[i].low, toks[i + 1].low) in (("căn", "cứ"), ("theo", "chức"))
    )


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def extract_tasks(source: str, header: Header) -> list[TaskDraft]:
    """Proposed tasks of a directive whose header has been read."""
    drafts = Reader(source, header).run()
    rows = table_rows(
        source, Reference(header.issued_on, header.issued_year, header.issued_month)
    )
    if not rows:
        return drafts
    # A task table: each row is a task; what the outline made of its lines is not.
    kept = [
        d for d in drafts if not any(d.start < r.end and r.start < d.end for r in rows)
    ]
    for r in rows:
        kept.append(
            TaskDraft(
                start=r.start,
                end=r.end,
                content=r.content,
                lead=r.lead,
                lead_source="table",
                cooperating=r.cooperating,
                deadline=r.deadline,
                period=r.period,
                must_report=r.must_report,
            )
        )
    kept.sort(key=lambda d: d.start)
    return kept
