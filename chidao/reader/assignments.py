"""From the body of a directive to proposed tasks: the passes of the reader.

The body is read in passes over its structure, each a function or method
that can be tested on its own:

1. blocks (`text.segment`): paragraphs and items (`I.`, `1.`, `a)`, `-`,
   `Điều 2.`), with Markdown and converter marks normalised in the view;
2. items (`Outline`): where each block sits in the numbered outline, which
   items are headings that name an agency (`1. Sở Công Thương`) or a topic,
   which are bare agency bullets (`- Sở Y tế;`) and what a heading passes down
   (lead, deadline, frequency);
3. sentences (`Reader._sentences`): a sentence that opens a list
   (`Chủ tịch UBND tỉnh yêu cầu ... thực hiện các nội dung sau:`) frames what
   follows; the others are cut into clauses and analysed (`clauses`);
4. task candidates (`grouping.group_clauses`): clauses grouped into tasks,
   split where the lead, the deadline or the frequency changes;
5. drafts (`Reader._draft`): each candidate gets its lead (its own, its
   heading's, the framing sentence's or the addressees'), deadline, period
   and must_report;
6. tables (`tables.table_rows`): rows of a task table replace what the
   outline made of their lines.

The annotation rules of the development samples (README) are the
specification: approvals, execution formulas, conditional clauses, requests
to the public and to enterprises, statements of responsibility and purpose
clauses are not tasks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from chidao.lib.text import fold

from .agencies import (
    Mention,
    Tok,
    is_entity_start,
    parse_agencies,
    parse_agency_text,
    tokenize,
)
from .clauses import ACTIONS, Clause, ClauseContext, cut_clauses
from .deadlines import (
    Deadline,
    Period,
    Reference,
    exempt_year,
    find_deadline,
    find_period,
)
from .grouping import group_clauses
from .header import Header
from .reporting import must_report
from .tables import table_rows
from .text import Block, View, segment, sentence_bounds

_INFORMED = re.compile(
    r"\b(?:tinh uy|thanh uy|huyen uy|dang uy|hdnd|hoi dong nhan dan|ban thuong vu|"
    r"ban bi thu|quoc hoi|doan dai bieu)\b"
)
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
# "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục tiêu chung": the aims of a plan, not assignments.
_AIMS = re.compile(
    r"^(?:(?:mục\s+đích|mục\s+tiêu|yêu\s+cầu|quan\s+điểm)(?:\s+(?:chung|cụ\s+thể|"
    r"tổng\s+quát))?(?:\s*[,;]\s*|\s+và\s+|\s*$))+$",
    re.IGNORECASE,
)
# "Ủy ban nhân dân tỉnh ban hành Kế hoạch ... như sau:": the issuer presents it.
_PRESENTS = re.compile(r"^ban\s+hành\b", re.IGNORECASE)
_FOR_WHOM = re.compile(r"^(?:Đối\s+với|Về\s+phía)\s+")
_DUTY_TAIL = re.compile(
    r"\s*(?:có\s+trách\s+nhiệm|có\s+nhiệm\s+vụ|thực\s+hiện\s+các\s+nhiệm\s+vụ\s+sau)\s*$"
)
_ADDRESSEE_KINDS = ("cong_van", "cong_dien")


@dataclass
class TaskDraft:
    start: int  # source offsets of the source span
    end: int
    content: str
    lead: list[Mention]
    lead_source: str  # explicit, heading, framing, addressees, table
    cooperating: list[Mention] = field(default_factory=list)
    deadline: Deadline | None = None
    deadline_inherited: bool = False
    period: Period | None = None
    must_report: bool = False
    block: Block | None = field(default=None, repr=False)


@dataclass
class Frame:
    """An item of the outline and what it passes down to the items under it."""

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


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _starts_with_action(toks: Sequence[Tok], i: int) -> bool:
    return i < len(toks) and ACTIONS.match(toks, i) is not None


def _whole_heading(toks: Sequence[Tok], end: int) -> bool:
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


def _heading_subject(bare: str) -> str:
    """`Trách nhiệm của X có trách nhiệm`: the X a heading is about."""
    m_resp = _RESPONSIBILITY_OF.match(bare)
    return _DUTY_TAIL.sub("", bare[m_resp.end() :] if m_resp else bare)


def heading_agencies(bare: str) -> list[Mention] | None:
    """The agencies an item heading names (`1. Sở Công Thương`,
    `Trách nhiệm của UBND các xã`, `Đối với các Ban Quản lý ...`), if it does."""
    m_resp = _RESPONSIBILITY_OF.match(bare)
    subject_text = _heading_subject(bare)
    toks = tokenize(subject_text)
    found = parse_agencies(toks, 0) if toks else None
    if not found:
        return None
    rest_words = any(t.word for t in toks[found.end :])
    if not (m_resp or not rest_words or _whole_heading(toks, found.end)):
        return None
    if rest_words:
        # "Các cơ quan, tổ chức, ... được giao quản lý ...": one name.
        return parse_agency_text(subject_text, whole=True)
    return found.mentions


class Outline:
    """The items of the body as a stack of frames (pass 2)."""

    def __init__(self) -> None:
        self.root = Frame(kind="root")
        self.stack: list[Frame] = [self.root]

    def place(self, block: Block) -> Frame:
        """The frame of `block`: a new item closes its siblings and their children."""
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

    def child_follows(self, block: Block, frame: Frame, nxt: Block | None) -> bool:
        """Does the next block sit under this one?"""
        if nxt is None:
            return False
        if nxt.kind:
            return nxt.kind != block.kind and nxt.kind not in [
                f.kind for f in self.stack[:-1]
            ]
        return frame.ends_open

    def parents(self, frame: Frame) -> list[Frame]:
        idx = self.stack.index(frame) if frame in self.stack else len(self.stack) - 1
        return list(reversed(self.stack[: idx + 1]))

    def heading_lead(self, frame: Frame) -> tuple[list[Mention] | None, str]:
        """The lead a frame inherits from its headings and framing sentences."""
        for f in self.parents(frame):
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
        return None, ""

    def framing_lead(self, frame: Frame) -> list[Mention] | None:
        for f in self.parents(frame):
            if f.framing_lead:
                return f.framing_lead
        return self.root.framing_lead

    def deadline(self, frame: Frame, lead: list[Mention]) -> Deadline | None:
        """A deadline a framing sentence gave the items under it (for this lead)."""
        for f in self.parents(frame):
            if f.framing_deadline is not None:
                if f.framing_deadline_lead is None or {
                    fold(m.name) for m in lead
                } == set(f.framing_deadline_lead):
                    return f.framing_deadline
                return None
        return None

    def period(self, frame: Frame) -> Period | None:
        for f in self.parents(frame):
            if f.framing_period is not None:
                return f.framing_period
        return None

    def skipped(self, frame: Frame) -> bool:
        return any(f.skip for f in self.parents(frame))

    def pending_to_lead(self) -> None:
        """`Có trách nhiệm:` after a list of agencies: they lead what follows."""
        for owner in reversed(self.stack):
            if owner.pending:
                owner.lead = owner.pending
                owner.pending = []
                return


def _skippable(text: str) -> bool:
    """An empty block, a parenthesised note or a table rule."""
    if not text or text.startswith("(") and text.endswith((")", ")./.", ").")):
        return True
    return bool(re.match(r"^\|?\s*-{3}", text))


class Reader:
    """Reads the body of one directive."""

    def __init__(self, source: str, header: Header) -> None:
        self.source = source
        self.header = header
        self.ctx = ClauseContext.of(header)
        self.ref = self.ctx.ref
        self.drafts: list[TaskDraft] = []
        self.outline = Outline()
        self.zone = False  # after the framing sentence of the document
        self._first_group = True

    def run(self) -> list[TaskDraft]:
        blocks = segment(self.source, self.header.body_start, self.header.body_end)
        for idx, block in enumerate(blocks):
            nxt = blocks[idx + 1] if idx + 1 < len(blocks) else None
            self._block(block, nxt)
        return self.drafts

    # --- pass 2: items ---------------------------------------------------------

    def _block(self, block: Block, nxt: Block | None) -> None:
        text = block.text.strip()
        if _skippable(text):
            return
        frame = self.outline.place(block)
        frame.ends_open = text.rstrip(" *").endswith(":")
        child_follows = self.outline.child_follows(block, frame, nxt)
        if block.kind and self._heading(block, frame, child_follows):
            return
        if not block.kind and is_caps(text) and not text.endswith(":"):
            return  # a heading line of capitals
        if not block.kind and _HAS_DUTY.match(text):
            self.outline.pending_to_lead()
            return
        if self._agency_bullet(block):
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
        if _AIMS.match(bare):
            frame.skip = True  # its items state aims, which nobody is assigned
            return True
        if is_caps(bare):
            return True
        for_whom = _FOR_WHOM.match(bare)
        if for_whom and is_entity_start(tokenize(bare[for_whom.end() :]), 0):
            bare = bare[for_whom.end() :]  # "Đối với UBND các xã, phường": an agency
        elif _TOPIC_START.match(bare) and not _RESPONSIBILITY_OF.match(bare):
            return child_follows or len(words) <= 12
        mentions = heading_agencies(bare)
        if mentions is not None:
            frame.lead = mentions
            frame.skip = all(m.non_state for m in mentions)
            return True
        if not child_follows or len(words) > 25:
            return False
        return (
            is_caps(bare)
            or bool(_TOPIC_START.match(bare))
            or not _starts_with_action(tokenize(_heading_subject(bare)), 0)
        )

    def _agency_bullet(self, block: Block) -> bool:
        """`- Sở Công Thương (đối với ...);`: a name in a list of lead agencies."""
        if block.kind not in ("dash", "num", "letter"):
            return False
        text = block.text.strip().rstrip(";.,").strip()
        toks = tokenize(text)
        found = parse_agencies(toks, 0)
        if not found or any(t.word for t in toks[found.end :]):
            return False
        stack = self.outline.stack
        parent = stack[-2] if len(stack) > 1 else self.outline.root
        parent.pending.extend(found.mentions)
        return True

    # --- pass 3: sentences ---------------------------------------------------------

    def _sentences(self, block: Block, frame: Frame, child_follows: bool) -> None:
        text = block.view.text
        sentences = sentence_bounds(text)
        clauses: list[Clause] = []
        self._first_group = True
        for s_idx, (a, b) in enumerate(sentences):
            sentence = text[a:b]
            last = s_idx == len(sentences) - 1
            if sentence.rstrip().endswith(":") and self._is_framing(
                sentence, last and child_follows
            ):
                self._candidates(block, frame, clauses)
                clauses = []
                self._framing(block.view, a, b, frame)
                continue
            prezone = not self.zone
            for c in cut_clauses(block.view, a, b, self.ctx):
                c.prezone = prezone
                clauses.append(c)
        self._candidates(block, frame, clauses)

    def _is_framing(self, sentence: str, opens_list: bool) -> bool:
        if _FRAMING_END.search(sentence.rstrip()):
            return True
        return opens_list and len(sentence.split()) >= 4

    def _framing(self, view: View, a: int, b: int, frame: Frame) -> None:
        """A sentence that opens a list: who the list is for, when, how often."""
        sentence = view.text[a:b]
        if frame is self.outline.root or (
            not self.zone and len(self.outline.stack) <= 2
        ):
            self.zone = True
        lead = self._framing_subject(sentence)
        if lead:
            frame.framing_lead = lead
        dl = find_deadline(sentence, self.ref)
        last = self.drafts[-1] if self.drafts else None
        if dl and dl.on:
            frame.framing_deadline = dl
            frame.framing_deadline_lead = [fold(m.name) for m in lead] if lead else None
        elif (
            last is not None
            and last.block is frame.block
            and last.deadline
            and last.deadline.on
        ):
            # "... trình Thủ tướng trước ngày 20/10/2024. Trong đó chú ý ...:"
            frame.framing_deadline = last.deadline
            frame.framing_deadline_lead = [fold(m.name) for m in last.lead]
        period = find_period(sentence)
        if period:
            frame.framing_period = period

    def _framing_subject(self, sentence: str) -> list[Mention] | None:
        toks = tokenize(sentence)
        for i, tok in enumerate(toks):
            if tok.low not in ("yêu", "giao", "đề") or i + 1 >= len(toks):
                continue
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
        if found and not all(self.ctx.is_issuer(m) for m in found.mentions):
            rest = toks[found.end :]
            presents = _PRESENTS.match(sentence[rest[0].start :]) if rest else None
            if rest and ACTIONS.match(rest, 0) and not presents:
                return found.mentions
        return None

    # --- pass 4: task candidates ---------------------------------------------------

    def _candidates(self, block: Block, frame: Frame, clauses: list[Clause]) -> None:
        label = next((c.label for c in clauses if c.label), "")
        if label and block.kind:
            frame.label_period = find_period(label)
        for group in group_clauses(block.view.text, clauses):
            self._draft(block, frame, group, self._first_group, label)
            self._first_group = False

    # --- pass 5: drafts ------------------------------------------------------------

    def _addressees_lead(self) -> list[Mention] | None:
        """Items without a subject in a letter are for its addressees."""
        if not self.zone or self.header.kind not in _ADDRESSEE_KINDS:
            return None
        # Addressees told "để báo cáo" (party committees, people's councils)
        # and enterprises are not the agencies that carry out the tasks.
        leads = [
            m
            for m in self.header.addressees
            if not m.non_state and not _INFORMED.search(fold(m.name))
        ]
        return leads or None

    def _lead(
        self, frame: Frame, subject: list[Mention] | None
    ) -> tuple[list[Mention] | None, str]:
        """The lead of a task candidate and where it comes from."""
        if subject is not None and all(m.vague for m in subject):
            framing = self.outline.framing_lead(frame)
            if framing:
                return framing, "framing"
        if subject is not None:
            return subject, "explicit"
        if self.outline.skipped(frame):
            return None, "skip"
        lead, source = self.outline.heading_lead(frame)
        if lead or source == "skip":
            return lead, source
        addressees = self._addressees_lead()
        return (addressees, "addressees") if addressees else (None, "")

    def _deadline(
        self, group: list[Clause], frame: Frame, lead: list[Mention]
    ) -> tuple[Deadline | None, bool]:
        deadline = next(
            (c.deadline for c in group if c.deadline and c.deadline.on), None
        ) or next((c.deadline for c in group if c.deadline), None)
        if deadline is not None:
            return deadline, False
        inherited = self.outline.deadline(frame, lead)
        return inherited, inherited is not None

    def _period(
        self, group: list[Clause], block: Block, frame: Frame, label: str
    ) -> Period | None:
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
        framing_period = self.outline.period(frame)
        if period is None:
            return framing_period
        if period.period is None and framing_period and framing_period.period:
            return framing_period
        return period

    def _continues_item(
        self, draft: TaskDraft, subject: list[Mention] | None, frame: Frame
    ) -> bool:
        """A paragraph without a subject goes on with the item before it."""
        prev = frame.last_task
        block = draft.block
        if (
            subject is not None
            or block is None
            or block.kind
            or prev is None
            or not self.drafts
            or self.drafts[-1] is not prev
            or prev.block is None
            or not prev.block.kind
        ):
            return False
        prev.end = max(prev.end, draft.end)
        prev.must_report = prev.must_report or draft.must_report
        if (prev.deadline is None or prev.deadline.on is None) and (
            draft.deadline and draft.deadline.on
        ):
            prev.deadline = draft.deadline
        return True

    def _draft(
        self, block: Block, frame: Frame, group: list[Clause], first: bool, label: str
    ) -> None:
        """A task candidate becomes a draft with its lead, deadline and period."""
        view = block.view
        subject = next((c.subject for c in group if c.subject), None)
        if all(c.prezone for c in group) and not (
            subject and any(c.strong for c in group)
        ):
            return  # background before the sentence that opens the directions
        if subject is None and not any(c.has_action for c in group):
            return
        lead, lead_source = self._lead(frame, subject)
        if not lead or all(m.non_state for m in lead):
            return
        if lead_source == "framing" and self.outline.skipped(frame):
            return
        a, b = group[0].start, group[-1].end
        src_start, src_end = view.span(a, b)
        if first and not view.text[:a].strip():
            src_start = block.start  # the first task of an item starts at its marker
        deadline, inherited = self._deadline(group, frame, lead)
        period = self._period(group, block, frame, label)
        draft = TaskDraft(
            start=src_start,
            end=src_end,
            content=_content(view, group),
            lead=lead,
            lead_source=lead_source,
            cooperating=_cooperating(group),
            deadline=_exempted(deadline, period, view.text),
            deadline_inherited=inherited,
            period=period,
            # "Báo cáo quý: gửi trước ngày ...": what the label names is a report.
            must_report=must_report(view, group)
            or bool(label and re.match(r"(?i)báo\s+cáo\b", label)),
            block=block,
        )
        if self._continues_item(draft, subject, frame):
            return
        self.drafts.append(draft)
        frame.last_task = draft


def _cooperating(group: list[Clause]) -> list[Mention]:
    coop: list[Mention] = []
    for c in group:
        for m in c.cooperating:
            if fold(m.name) not in {fold(x.name) for x in coop}:
                coop.append(m)
    return coop


def _exempted(
    deadline: Deadline | None, period: Period | None, text: str
) -> Deadline | None:
    """`riêng năm 2026 thực hiện báo cáo năm`: the first half-year report moves on."""
    if not (deadline and deadline.on and period and period.period == "half_year"):
        return deadline
    year = exempt_year(text)
    if year is None or deadline.on.year != year:
        return deadline
    return Deadline(
        deadline.on.replace(year=year + 1),
        deadline.text,
        deadline.start,
        deadline.end,
        deadline.kind,
    )


def _content(view: View, group: list[Clause]) -> str:
    text = view.text
    first = group[0]
    start = first.action if first.action else first.start
    parts = [
        text[(start if idx == 0 else c.start) : c.end] for idx, c in enumerate(group)
    ]
    content = " ".join(p.strip() for p in parts)
    dl = next((c.deadline for c in group if c.deadline), None)
    if dl and dl.text and content.rstrip(" .;,/").endswith(dl.text):
        content = content.rstrip(" .;,/")[: -len(dl.text)]
    content = re.sub(r"\s+", " ", content).strip(" ;,.:/")
    return re.sub(r",?\s*(?:hoàn\s+thành|xong)$", "", content).strip(" ;,")


def extract_tasks(source: str, header: Header) -> list[TaskDraft]:
    """Proposed tasks of a directive whose header has been read."""
    drafts = Reader(source, header).run()
    rows = table_rows(
        source, Reference(header.issued_on, header.issued_year, header.issued_month)
    )
    if not rows:
        return drafts
    # Pass 6, a task table: each row is a task; what the outline made of its
    # lines is not.
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
