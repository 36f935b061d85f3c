"""Agency names in directive text: where they start and end, and the registry.

`parse_agencies` reads a list of agency names at a position of a normalised
text (`Sở Y tế, các Sở - ngành liên quan và Ủy ban nhân dân các quận - huyện`),
strips leadership titles, drops parentheses and writes out short forms; it
stops where the action begins. `Gazetteer` matches names as written against
the agency registry without accents or abbreviations.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from chidao.lib.text import fold

from . import lexicon
from .text import clean, repair_name

_TOKEN = re.compile(r"\w+(?:&\w+)*|[^\w\s]")
# Old and new tone placement: "Uỷ"/"Ủy", "hoá"/"hóa", "thuỷ"/"thủy".
_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_OLD_TONE = re.compile("|".join(_OLD_TONES))


@lru_cache(maxsize=8192)
def low(text: str) -> str:
    """Lower case with one tone placement; accents kept (Trưởng is not Trường)."""
    text = unicodedata.normalize("NFC", text).lower()
    return _OLD_TONE.sub(lambda m: _OLD_TONES[m.group()], text)


class Tok(NamedTuple):
    """A word or a punctuation mark of a text, with its offsets."""

    text: str
    low: str  # lower case, tone placement unified
    start: int
    end: int

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def word(self) -> bool:
        return self.text[:1].isalnum()


@lru_cache(maxsize=2048)
def tokenize(text: str) -> tuple[Tok, ...]:
    """Words and punctuation of `text` with their offsets (cached: texts repeat)."""
    return tuple(
        Tok(m.group(), low(m.group()), m.start(), m.end())
        for m in _TOKEN.finditer(text)
    )


class Trie:
    """Longest match of folded token sequences.

    Every trie built from the lexicon keeps its phrases, so that an evaluation
    can withhold some of them (`withholding`) and build it again. A closed
    enumeration of public facts (the provinces) is not withheld: an unseen
    province's name is in it as much as a seen one's.
    """

    def __init__(
        self, phrases: Iterable[str] = (), *, withholdable: bool = True
    ) -> None:
        self.phrases: list[str] = list(phrases)
        self.root: dict = {}
        self._build(self.phrases)
        if withholdable:
            _TRIES.add(self)

    def _build(self, phrases: Iterable[str]) -> None:
        self.root = {}
        for phrase in phrases:
            self.add(phrase)

    def add(self, phrase: str, value: object = True) -> None:
        node = self.root
        for tok in tokenize(phrase):
            node = node.setdefault(tok.low, {})
        node[None] = value

    def match(self, toks: Sequence[Tok], i: int) -> tuple[int, object] | None:
        """(end index, value) of the longest phrase starting at toks[i]."""
        node = self.root
        best = None
        j = i
        while j < len(toks) and toks[j].low in node:
            node = node[toks[j].low]
            j += 1
            if None in node:
                best = (j, node[None])
        return best


_TRIES: weakref.WeakSet[Trie] = weakref.WeakSet()


def lexicon_phrases() -> set[str]:
    """Every phrase of every lexicon trie (what `withholding` can withhold)."""
    return {phrase for trie in list(_TRIES) for phrase in trie.phrases}


@contextmanager
def withholding(phrases: Iterable[str]) -> Iterator[None]:
    """Read as if the lexicon did not have `phrases` (leave-one-out evaluation)."""
    withheld = {low(p) for p in phrases}
    tries = list(_TRIES)
    try:
        for trie in tries:
            trie._build(p for p in trie.phrases if low(p) not in withheld)
        yield
    finally:
        for trie in tries:
            trie._build(trie.phrases)


MINISTRIES = Trie(lexicon.MINISTRIES)
DEPARTMENTS = Trie(lexicon.DEPARTMENTS)
BODIES = Trie(lexicon.BODIES)
PROVINCES = Trie(lexicon.PROVINCES, withholdable=False)
TITLES = Trie(lexicon.TITLES)
HEADS = Trie(lexicon.HEADS)
GROUP_NOUNS = Trie(lexicon.GROUP_NOUNS)
LOCAL_KINDS = Trie(lexicon.LOCAL_KINDS)
STOPS = Trie(lexicon.STOP_WORDS)
COMMITTEE = Trie(["Ủy ban nhân dân", "Uỷ ban nhân dân", "UBND", "UB nhân dân", "UB"])
# Name-internal phrases that would otherwise read as an action.
QUALIFIERS = Trie(
    [
        "có liên quan",
        "liên quan",
        "được giao",
        "trực thuộc",
        "thuộc",
        "nêu trên",
        "trên địa bàn",
        "có rừng",
        "cấp tỉnh",
        "cấp huyện",
        "cấp xã",
        "chức năng",
    ]
)
_NAME_HEADS = {"ban chi dao", "ban chi huy", "hoi dong", "ban quan ly", "uy ban"}
_LONE_GROUP = Trie(
    [
        "cơ quan",
        "chính quyền",
        "địa phương",
        "đơn vị",
        "lực lượng",
        "thành viên",
        "chủ rừng",
        "ngành",
        "Ngành",
    ]
)
_NON_STATE = [fold(w) for w in lexicon.NON_STATE]


@dataclass
class Mention:
    """One agency as the text names it."""

    name: str  # as written: titles and parentheses dropped, spaces repaired
    start: int  # view offsets of the whole mention (title included)
    end: int
    group: bool = False  # "các sở, ban, ngành", "UBND các xã"
    reference: bool = False  # "các Bộ, ngành nêu trên": the addressees
    expanded_from: str = ""  # "Các Bộ: Công Thương, Tài chính"

    @property
    def non_state(self) -> bool:
        low = fold(self.name)
        if re.search(r"\b(?:co quan|so|bo|uy ban|ubnd|ban|nganh|don vi)\b", low):
            return False
        return any(w in low for w in _NON_STATE)

    @property
    def vague(self) -> bool:
        """A bare reference such as `các cơ quan, đơn vị` naming no one."""
        low = fold(self.name)
        low = re.sub(r"^(?:cac|nhung)\s+", "", low)
        words = [w for w in re.split(r"[,\s]+", low) if w and w != "va"]
        vague = {"co", "quan", "don", "vi", "to", "chuc", "dia", "phuong"}
        return bool(words) and all(w in vague for w in words)


def _stop_at(toks: Sequence[Tok], i: int) -> bool:
    if i < len(toks) and toks[i].low == "dự":
        # "... Trung ương dự, chỉ đạo": attends; "Ban Quản lý dự án": a noun.
        return i + 1 >= len(toks) or toks[i + 1].low not in lexicon.ATTEND_COMPOUNDS
    return i < len(toks) and STOPS.match(toks, i) is not None


def _skip_paren(toks: Sequence[Tok], i: int) -> int:
    """Index after the parenthesis opening at toks[i] (or i if none)."""
    if i < len(toks) and toks[i].text == "(":
        depth = 0
        for j in range(i, len(toks)):
            if toks[j].text == "(":
                depth += 1
            elif toks[j].text == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
    return i


def _after_titles(toks: Sequence[Tok], i: int) -> int:
    """Index after the titles at toks[i] (`Đồng chí Bí thư`, `Chủ tịch`), if any.

    `Giám đốc: Sở X, Sở Y`: a colon after a title opens the list of the
    bodies they head.
    """
    j = i
    for _ in range(3):
        t = TITLES.match(toks, j)
        if not t or t[0] >= len(toks):
            break
        j = t[0]
    if j > i and j + 1 < len(toks) and toks[j].text == ":":
        j += 1
    return j


def is_entity_start(toks: Sequence[Tok], i: int) -> bool:
    """Can an agency name start at toks[i] (after optional titles)?"""
    if i >= len(toks) or not toks[i].word:
        return False
    j = _after_titles(toks, i)
    if j > i and _bare_start(toks, j):
        return True
    return _bare_start(toks, i)


# A head word followed by these is an ordinary word: "Báo cáo", "Ban hành".
_NOT_NAMES = {
    ("báo", "cáo"),
    ("ban", "hành"),
    ("hội", "nghị"),
    ("hội", "thảo"),
    ("phòng", "chống"),
    ("phòng", "ngừa"),
    ("phòng", "cháy"),
    ("phòng", ","),
    ("trường", "hợp"),
    ("vụ", "việc"),
    ("đội", "ngũ"),
    ("đoàn", "kết"),
    ("hội", "đủ"),
    ("quỹ", "đất"),
    ("cơ", "sở"),
    ("trung", "tâm"),
    ("đài", "thọ"),
    ("ban", "đầu"),
    ("ban", "ngày"),
    ("đoàn", "thể"),
    ("tổ", "chức"),
    ("thường", "trực"),
    ("hạt", "nhân"),
}


def _not_a_name(toks: Sequence[Tok], i: int) -> bool:
    if i + 1 >= len(toks):
        return False
    pair = (toks[i].low, toks[i + 1].low)
    if pair == ("trung", "tâm"):
        return False
    if pair == ("thường", "trực"):
        return i + 2 >= len(toks) or not toks[i + 2].cap
    return pair in _NOT_NAMES


def _bare_start(toks: Sequence[Tok], i: int) -> bool:
    if i >= len(toks):
        return False
    tok = toks[i]
    if _not_a_name(toks, i):
        return False
    if tok.low in ("các", "những"):
        return i + 1 < len(toks) and (
            GROUP_NOUNS.match(toks, i + 1) is not None
            or HEADS.match(toks, i + 1) is not None
        )
    if COMMITTEE.match(toks, i) or BODIES.match(toks, i):
        return True
    if tok.cap and HEADS.match(toks, i):
        return True
    return _LONE_GROUP.match(toks, i) is not None or _local_place(toks, i)


def _local_kinds(toks: Sequence[Tok], j: int) -> tuple[int, int, bool]:
    """`huyện, thị xã, thành phố` at j: (end, how many kinds, several of them)."""
    kinds = 0
    several = False
    while j < len(toks):
        k = LOCAL_KINDS.match(toks, j)
        if not k:
            break
        j = k[0]
        kinds += 1
        if (
            j + 1 < len(toks)
            and toks[j].text in (",", "-", "/", "và")
            and LOCAL_KINDS.match(toks, j + 1)
            and not (j + 2 < len(toks) and toks[j + 2].cap and toks[j + 2].word)
        ):
            j += 1
            several = True  # "UBND huyện, thị xã, thành phố": all of them
            continue
        break
    return j, kinds, several


def _capitalised_run(toks: Sequence[Tok], k: int) -> int:
    n = k
    while n < len(toks) and (toks[n].cap or toks[n].text.isdigit()) and toks[n].word:
        n += 1
    return n


def _listed_names(toks: Sequence[Tok], k: int) -> tuple[int, list[str]]:
    """`Yên Bái, Văn Phú` after `UBND các phường:`: the names and where they end."""
    names: list[str] = []
    while k < len(toks) and toks[k].cap and toks[k].word:
        n = _capitalised_run(toks, k)
        if n == k:
            break
        names.append(" ".join(t.text for t in toks[k:n]))
        k = n
        if (
            k + 1 < len(toks)
            and toks[k].text in (",", "và")
            and toks[k + 1].cap
            and not is_entity_start(toks, k + 1)
        ):
            k += 1
            continue
        break
    return k, names


def _proper_place(toks: Sequence[Tok], j: int) -> int:
    """A proper name: `tỉnh Quảng Nam`, `phường Văn Phú`, `phường 5`."""
    p = PROVINCES.match(toks, j)
    if p:
        return p[0]
    while j < len(toks) and toks[j].word and (toks[j].cap or toks[j].text.isdigit()):
        if is_entity_start(toks, j) and toks[j].low != "thành":
            break
        j += 1
    return j


def _committee(toks: Sequence[Tok], i: int) -> tuple[int, bool, list[str]] | None:
    """Parse `UBND [các] kinds [Name]` at i; (end, plural, list names)."""
    m = COMMITTEE.match(toks, i)
    if not m:
        return None
    j = m[0]
    plural = j < len(toks) and toks[j].low in ("các", "những")
    j += 1 if plural else 0
    j, kinds, several = _local_kinds(toks, j)
    plural = plural or several
    if j < len(toks) and toks[j].text == ":" and kinds:
        k, names = _listed_names(toks, j + 1)
        if names:
            return k, plural, names
    if not plural and kinds:
        j = _proper_place(toks, j)
    return j, plural, []


def _nested_after_thuoc(toks: Sequence[Tok], j: int) -> int:
    """`thuộc Bộ Quốc phòng`: a nested proper name after `thuộc`."""
    if toks[j - 1].low == "thuộc" and j < len(toks) and is_entity_start(toks, j):
        inner = parse_entity(toks, j)
        if inner:
            return inner[1]
    return j


def _qualifying_comma(toks: Sequence[Tok], j: int) -> bool:
    """`các tỉnh bị bão, lũ`: a comma between lower-case qualifiers."""
    nxt = toks[j + 1]
    if nxt.low == "khu":
        return True
    return (
        nxt.word
        and not nxt.cap
        and not _stop_at(toks, j + 1)
        and not is_entity_start(toks, j + 1)
        and GROUP_NOUNS.match(toks, j + 1) is None
    )


def _qualifiers(toks: Sequence[Tok], j: int, *, commas: bool, limit: int = 14) -> int:
    """Extend a name over lower-case qualifiers (`liên quan`, `bị bão, lũ`)."""
    count = 0
    while j < len(toks) and count < limit:
        q = QUALIFIERS.match(toks, j)
        if q:
            j = _nested_after_thuoc(toks, q[0])
            count += 1
            continue
        tok = toks[j]
        if tok.text == "-" and j + 1 < len(toks) and toks[j + 1].word:
            j += 1
            continue
        if tok.text == "," and commas and j + 1 < len(toks):
            if not _qualifying_comma(toks, j):
                break
            j += 1
            continue
        if (
            not tok.word
            or (tok.cap and is_entity_start(toks, j))
            or _stop_at(toks, j)
            or tok.low in ("và", "hoặc", "cùng")
        ):
            break
        j += 1
        count += 1
    return j


def _group(toks: Sequence[Tok], i: int) -> int | None:
    """`các sở, ban, ngành [qualifiers]` at i (after "các"); end index."""
    g = GROUP_NOUNS.match(toks, i) or HEADS.match(toks, i)
    if not g:
        return None
    j = g[0]
    while j + 1 < len(toks) and toks[j].text in (",", "-", "/", "và"):
        nxt = GROUP_NOUNS.match(toks, j + 1)
        if not nxt:
            break
        # "các cơ quan, đơn vị" goes on; "và các ..." starts a new name.
        j = nxt[0]
    j = _managing(toks, j)
    return _qualifiers(toks, j, commas=True)


def _managing(toks: Sequence[Tok], j: int) -> int:
    """`sở quản lý (nhà nước)`, `cơ quan quản lý`: a modifier, not the action."""
    if j + 1 < len(toks) and toks[j].low == "quản" and toks[j + 1].low == "lý":
        if toks[j - 1].low in ("sở", "quan", "vị", "ban", "bộ", "phận"):
            j += 2
            if j + 1 < len(toks) and toks[j].low == "nhà" and toks[j + 1].low == "nước":
                j += 2
    return j


_PROJECT_BOARD_WORDS = frozenset(
    "dự án đầu tư xây dựng các công trình khu vực chuyên ngành dân dụng giao thông "
    "nông nghiệp phát triển nông thôn".split()
)


# What begins the clause after the long name of a topical body ("Ban Chỉ đạo
# Trung ương về các vấn đề cấp bách trong bảo vệ ... khẩn trương tổ chức ...").
_CLAUSE_START = Trie(
    "khẩn trương|chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|phải|cần|tiếp tục|"
    "tập trung|thực hiện|triển khai|tổ chức|chỉ đạo|chủ động|kịp thời|sớm|theo dõi|"
    "hướng dẫn|rà soát|kiểm tra|tham mưu|báo cáo|xây dựng|đôn đốc|nghiên cứu|đề xuất|"
    "là|được|đã|đang|có".split("|"),
    withholdable=False,
)


def _in_topic(toks: Sequence[Tok], j: int) -> bool:
    """Inside the topic of a body's name (after `về`), a word goes on the name
    unless it begins the clause or another agency."""
    tok = toks[j]
    if _CLAUSE_START.match(toks, j) or tok.low in ("hoặc", "cùng"):
        return False
    return not (tok.low == "và" and is_entity_start(toks, j + 1))


@dataclass
class _NameScan:
    topical: bool  # "Ban Chỉ đạo ...", "Hội đồng ...": names that run on
    project_board: bool
    topic: bool = False  # after "về": the topic of the body's name
    count: int = 0


def _joining_and(toks: Sequence[Tok], j: int) -> bool:
    """`Bộ Kế hoạch và Đầu tư`, `Phòng Thương binh và xã hội`: `và` in a name."""
    return (
        toks[j].low == "và"
        and j + 1 < len(toks)
        and toks[j + 1].word
        and not is_entity_start(toks, j + 1)
        and not _stop_at(toks, j + 1)
    )


def _topical_comma(toks: Sequence[Tok], j: int) -> bool:
    """`Ban Chỉ đạo phòng, chống thiên tai`: a comma inside a topical name."""
    nxt = toks[j + 1]
    return (
        nxt.word
        and not nxt.cap
        and not _stop_at(toks, j + 1)
        and not is_entity_start(toks, j + 1)
    )


def _name_step(toks: Sequence[Tok], j: int, scan: _NameScan) -> int | None:
    """Where the name goes on after toks[j], or None where it ends."""
    tok = toks[j]
    if scan.topical and tok.low == "về":
        scan.topic = True
    if scan.topic and tok.word and not tok.cap and _in_topic(toks, j):
        scan.count += 1
        return j + 1
    if tok.text in ("-", "&") and j + 1 < len(toks) and toks[j + 1].word:
        return j + 1
    if tok.text == ",":
        ok = scan.topical and j + 1 < len(toks) and _topical_comma(toks, j)
        return j + 1 if ok else None
    if not tok.word:
        return None
    if tok.cap or tok.text.isdigit():
        if scan.count and COMMITTEE.match(toks, j) is None and _is_new_entity(toks, j):
            return None
        scan.count += 1
        return j + 1
    if scan.project_board and tok.low in _PROJECT_BOARD_WORDS:
        # "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"
        # (Decree 15/2021): the words of its field are its name, not actions.
        scan.count += 1
        return j + 1
    if _stop_at(toks, j) or tok.low in ("và", "hoặc", "cùng"):
        return j + 1 if _joining_and(toks, j) else None
    scan.count += 1
    return j + 1


def _named(toks: Sequence[Tok], i: int) -> int:
    """A head and its proper name: `Trung tâm Y tế huyện`."""
    h = HEADS.match(toks, i)
    j = h[0] if h else i + 1
    head = fold(" ".join(t.low for t in toks[i : j + 2]))
    scan = _NameScan(
        topical=any(head.startswith(n) for n in _NAME_HEADS),
        project_board=head.startswith("ban quan ly du an"),
    )
    j = _managing(toks, j)
    while j < len(toks) and scan.count < (30 if scan.topic else 20):
        if (
            QUALIFIERS.match(toks, j)
            and toks[j].low in ("có", "liên")
            and not toks[j].cap
            and not (scan.topic and _in_topic(toks, j))
        ):
            return _qualifiers(toks, j, commas=scan.topical)  # "... có liên quan"
        nxt = _name_step(toks, j, scan)
        if nxt is None:
            break
        j = nxt
    return j


def _place(toks: Sequence[Tok], j: int) -> int:
    """`Sở Tài chính [tỉnh Lào Cai]`, `Trung tâm Y tế [huyện]`: an optional place."""
    k = LOCAL_KINDS.match(toks, j)
    if not k:
        return j
    j = k[0]
    p = PROVINCES.match(toks, j)
    if p:
        return p[0]
    while (
        j < len(toks) and toks[j].word and toks[j].cap and not is_entity_start(toks, j)
    ):
        j += 1
    return j


def _is_new_entity(toks: Sequence[Tok], j: int) -> bool:
    """A capitalised word that opens another agency rather than continuing."""
    m = HEADS.match(toks, j)
    return bool(m) and toks[j].low in ("sở", "bộ") and j > 0 and toks[j - 1].text == ","


def _short_list(
    toks: Sequence[Tok], j: int, trie: Trie, head: str
) -> tuple[int, list[str]] | None:
    """`Công Thương, Tài chính, ...` after `Các Bộ:`; full names pass through."""
    names: list[str] = []
    k = j
    while k < len(toks):
        m = trie.match(toks, k)
        if m and toks[k].cap:
            names.append(f"{head} {_join(toks, k, m[0])}")
            k = m[0]
        elif is_entity_start(toks, k) and toks[k].cap:
            ent = parse_entity(toks, k)
            if not ent:
                break
            names.append(ent[0].name)
            k = ent[1]
        else:
            break
        k = _skip_paren(toks, k)
        if k + 1 < len(toks) and toks[k].text in (",", "và", ";"):
            nxt = k + 1
            if toks[nxt].cap and (trie.match(toks, nxt) or is_entity_start(toks, nxt)):
                k = nxt
                continue
        break
    if not names:
        return None
    return k, names


def _join(toks: Sequence[Tok], a: int, b: int) -> str:
    out = ""
    for idx in range(a, b):
        t = toks[idx]
        if (
            idx > a
            and toks[idx - 1].end < t.start
            or (idx > a and t.text[:1].isalnum() and toks[idx - 1].text[-1:].isalnum())
        ):
            out += " "
        out += t.text
    return out


_Span = tuple[int, bool, list[str]]  # end index, group, names of a short list


def _committee_entity(toks: Sequence[Tok], k: int) -> _Span | None:
    """`UBND tỉnh Quảng Nam`, `UBND các xã, phường`, `UBND các phường: A, B`."""
    c = _committee(toks, k)
    if not c:
        return None
    end, plural, names = c
    if names:
        head = _join(toks, k, end).split(":")[0].strip()
        head = re.sub(r"\s+(?:các|những)\s+", " ", f" {head} ").strip()
        return end, plural, [f"{head} {n}" for n in names]
    if plural:
        return _qualifiers(toks, end, commas=True), True, []
    return _qualifiers(toks, end, commas=False, limit=4), False, []


def _ministries_entity(toks: Sequence[Tok], k: int) -> _Span:
    """`các Bộ: Công Thương, ...`, `các Bộ Tài nguyên và Môi trường, Tư pháp`."""
    trie = MINISTRIES if toks[k].low == "bộ" else DEPARTMENTS
    head = "Bộ" if toks[k].low == "bộ" else "Sở"
    after = k + 1
    if toks[after].text == ":":
        after += 1
    elif toks[after].text == "," and GROUP_NOUNS.match(toks, after + 1):
        # "Các Sở, ngành: Công Thương, Nội vụ, Công an tỉnh"
        g = _group(toks, k)
        if g is not None and g < len(toks) and toks[g].text == ":":
            after = g + 1
    sl = _short_list(toks, after, trie, head) if after < len(toks) else None
    if sl and (toks[after - 1].text == ":" or trie.match(toks, k + 1)):
        return sl[0], True, sl[1]
    return _group(toks, k) or k + 1, True, []


def _plural_entity(toks: Sequence[Tok], k: int) -> _Span | None:
    """After `các`/`những`: a group (`các sở, ban, ngành`) or named bodies."""
    if toks[k].low in ("bộ", "sở") and k + 1 < len(toks):
        return _ministries_entity(toks, k)
    h = HEADS.match(toks, k)
    if toks[k].cap and h and h[0] < len(toks) and toks[h[0]].cap and toks[h[0]].word:
        # "các Phòng Thương binh và xã hội", "các Ban Quản lý dự án ..."
        return _named(toks, k), True, []
    g = _group(toks, k)
    return (g, True, []) if g is not None else None


def _department_entity(toks: Sequence[Tok], k: int) -> int:
    """`Sở Tài chính [tỉnh X]`, `Bộ Công an`, `Sở Y tế Hà Nội`."""
    b = BODIES.match(toks, k)
    trie = MINISTRIES if toks[k].low == "bộ" else DEPARTMENTS
    m = trie.match(toks, k + 1)
    if b and (not m or b[0] >= m[0]):
        return _place(toks, b[0])
    if m:
        return _place(toks, m[0])
    return _named(toks, k)


def _lone_group_entity(toks: Sequence[Tok], k: int) -> _Span:
    """`cơ quan Thi hành án`, `thành viên Ban Chỉ đạo`, `các đơn vị liên quan`."""
    lone = _LONE_GROUP.match(toks, k) or (k + 1, True)
    if lone[0] < len(toks) and toks[lone[0]].cap and toks[lone[0]].word:
        if HEADS.match(toks, lone[0]):
            return _named(toks, lone[0]), False, []
        return _named(toks, k), False, []
    g = _group(toks, k)
    return (g if g is not None else k + 1), True, []


def _single_entity(toks: Sequence[Tok], k: int) -> _Span | None:
    committee = _committee_entity(toks, k)
    if committee:
        return committee
    if toks[k].low in ("bộ", "sở") and toks[k].cap:
        return _department_entity(toks, k), False, []
    b = BODIES.match(toks, k)
    if b:
        end = b[0]
        if end < len(toks) and toks[end].cap and not is_entity_start(toks, end):
            end = _named(toks, k)
        return _place(toks, end), False, []
    if toks[k].cap and HEADS.match(toks, k):
        return _named(toks, k), False, []
    if _LONE_GROUP.match(toks, k):
        return _lone_group_entity(toks, k)
    if _local_place(toks, k):
        return _place(toks, k), False, []
    return None


def _local_place(toks: Sequence[Tok], k: int) -> bool:
    """`tỉnh Ninh Bình`, `thành phố Huế`: a place named as a body (`phối hợp
    với tỉnh Ninh Bình`)."""
    kind = LOCAL_KINDS.match(toks, k)
    return bool(kind and not toks[k].cap and kind[0] < len(toks) and toks[kind[0]].cap)


def _mention(
    toks: Sequence[Tok], i: int, name_start: int, end: int, group: bool
) -> tuple[Mention, int]:
    # Trailing parenthesis: part of the mention, not of the name.
    name_end = end
    while name_end > name_start and not toks[name_end - 1].word:
        if toks[name_end - 1].text == ")":
            break
        name_end -= 1
    end = _skip_paren(toks, end)
    written = _join(toks, name_start, name_end)
    mention = Mention(
        name=repair_name(written),
        start=toks[i].start,
        end=toks[end - 1].end if end > i else toks[i].end,
        group=group,
        reference=bool(re.search(r"\bneu tren\b|\bnoi tren\b", fold(written))),
    )
    return mention, end


def parse_entity(
    toks: Sequence[Tok], i: int
) -> tuple[Mention, int, list[Mention]] | None:
    """One agency at toks[i]: (mention, end index, extra mentions of a short list)."""
    if i >= len(toks):
        return None
    j = i
    t = TITLES.match(toks, j)
    after = _after_titles(toks, j)
    if after > j and _bare_start(toks, after):
        j = after
    elif t and t[0] < len(toks) and toks[t[0]].text == ",":
        # A bare title in a list: "Bộ trưởng, Thủ trưởng cơ quan ngang bộ".
        bare = Mention(_join(toks, i, t[0]), toks[i].start, toks[t[0] - 1].end)
        return bare, t[0], []
    plural = toks[j].low in ("các", "những")
    found = _plural_entity(toks, j + 1) if plural else _single_entity(toks, j)
    if found is None:
        return None
    end, group, extra = found
    mention, end = _mention(toks, i, j, end, group or plural)
    extras = [
        Mention(repair_name(n), mention.start, mention.end, expanded_from=mention.name)
        for n in extra
    ]
    return mention, end, extras


@dataclass
class AgencyList:
    mentions: list[Mention]
    end: int  # token index after the list

    @property
    def names(self) -> list[str]:
        return [m.name for m in self.mentions]


def parse_agencies(toks: Sequence[Tok], i: int) -> AgencyList | None:
    """A list of agencies at toks[i], joined by `,` `;` `và` `/`."""
    mentions: list[Mention] = []
    j = i
    while j < len(toks):
        if not is_entity_start(toks, j):
            break
        ent = parse_entity(toks, j)
        if not ent:
            break
        mention, end, extras = ent
        mentions.extend(extras or [mention])
        j = end
        if j + 1 < len(toks) and toks[j].text in (",", ";", "và", "/", "cùng", "hoặc"):
            if is_entity_start(toks, j + 1):
                j += 1
                continue
            if toks[j].text == "," and j + 2 < len(toks) and toks[j + 1].low == "và":
                if is_entity_start(toks, j + 2):
                    j += 2
                    continue
        break
    if not mentions:
        return None
    return AgencyList(mentions, j)


def parse_agency_text(text: str, *, whole: bool = False) -> list[Mention]:
    """The agencies of a short text that is only a list of names.

    With `whole`, a text the parser cannot read to its end is one name.
    """
    text = clean(text)
    toks = tokenize(text)
    found = parse_agencies(toks, 0)
    rest = [t for t in toks[found.end :] if t.word] if found else toks
    if whole and (not found or rest):
        start = 0
        t = TITLES.match(toks, 0)
        if t and t[0] < len(toks):
            start = toks[t[0]].start
        name = repair_name(text[start:])
        return [Mention(name, 0, len(text), group=True)] if name else []
    return found.mentions if found else []


def normalize_tones(text: str) -> str:
    """`Thanh Hoá` → `Thanh Hóa`: the current tone placement, case kept."""

    def fix(m: re.Match) -> str:
        new = _OLD_TONES[m.group().lower()]
        return (
            new.upper()
            if m.group().isupper()
            else (new[0].upper() + new[1:] if m.group()[0].isupper() else new)
        )

    return re.sub("(?i)" + _OLD_TONE.pattern, fix, unicodedata.normalize("NFC", text))


# --- The registry ------------------------------------------------------------

_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "ub": "uy ban",
    "hdnd": "hoi dong nhan dan",
    "tp": "thanh pho",
    "tx": "thi xa",
    "bql": "ban quan ly",
    "kcn": "khu cong nghiep",
    "kkt": "khu kinh te",
    "bch": "bo chi huy",
    "mttq": "mat tran to quoc",
    "vp": "van phong",
    "vpcp": "van phong chinh phu",
    "ttg": "thu tuong",
}
# "Sở TC", "Sở KH&ĐT": department short forms after "Sở" or "Bộ".
_DEPT_ABBREVIATIONS = {
    "tc": "tai chinh",
    "nv": "noi vu",
    "tp": "tu phap",
    "khdt": "ke hoach va dau tu",
    "ct": "cong thuong",
    "nnmt": "nong nghiep va moi truong",
    "nnptnt": "nong nghiep va phat trien nong thon",
    "tnmt": "tai nguyen va moi truong",
    "xd": "xay dung",
    "gtvt": "giao thong van tai",
    "khcn": "khoa hoc va cong nghe",
    "gddt": "giao duc va dao tao",
    "yt": "y te",
    "vhttdl": "van hoa the thao va du lich",
    "tttt": "thong tin va truyen thong",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "ngv": "ngoai vu",
    "dttg": "dan toc va ton giao",
}
_DEPARTMENT_GROUP = re.compile(
    r"^(?:cac\s+)?(?:so|so,? ban,? nganh|so - nganh|so,? nganh|so,? ban,? nganh,? "
    r"(?:don vi|co quan))(?:\s+(?:tinh|thanh pho|cap tinh|thuoc tinh|thuoc "
    r"(?:ubnd|uy ban nhan dan) (?:tinh|thanh pho)))?$"
)
_LOCALITY_GROUP = re.compile(
    r"^(?:ubnd|uy ban nhan dan)\s+cac\s+"
    r"(?:huyen|quan|thi xa|thanh pho|xa|phuong|thi tran)"
    r"(?:\s*[,-]?\s*(?:va\s+)?(?:huyen|quan|thi xa|thanh pho|xa|phuong|thi tran))*"
    r"(?:\s+(?:tren dia ban tinh|thuoc tinh))?$"
)


def _key(name: str) -> str:
    """Comparison key: folded, abbreviations written out, no spaces or `và`."""
    low = fold(name).replace("&", "").replace(".", " ")
    words = re.findall(r"\w+", low)
    out: list[str] = []
    for idx, w in enumerate(words):
        prev = words[idx - 1] if idx else ""
        if prev in ("so", "bo") and w in _DEPT_ABBREVIATIONS:
            out.append(_DEPT_ABBREVIATIONS[w])
        elif w in _ABBREVIATIONS:
            out.append(_ABBREVIATIONS[w])
        else:
            out.append(w)
    text = " ".join(out)
    text = re.sub(r"\b(?:va|cac)\b", " ", text)
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class AgencyRecord:
    id: int
    name: str
    short_name: str = ""
    kind: str = ""
    active: bool = True


@dataclass(frozen=True)
class AgencyMatch:
    """An agency of a proposed task: matched to the registry or as written."""

    name: str
    written: str
    id: int | None = None
    matched: bool = False

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "written": self.written,
            "id": self.id,
            "matched": self.matched,
        }


@dataclass
class Gazetteer:
    """The agency registry, matched without accents and abbreviations."""

    records: list[AgencyRecord] = field(default_factory=list)
    # False for another province's document: exact names only, no group
    # expansion and no dropping of a province qualifier.
    expand: bool = True

    def __post_init__(self) -> None:
        self._by_key: dict[str, AgencyRecord] = {}
        for rec in self.records:
            if not rec.active:
                continue
            for variant in (rec.name, rec.short_name):
                if variant:
                    self._by_key.setdefault(_key(variant), rec)

    @classmethod
    def from_db(cls) -> Gazetteer:
        """The Agency registry (active agencies)."""
        from chidao.agencies.models import Agency

        rows = Agency.objects.active().values_list("id", "name", "short_name", "kind")
        return cls([AgencyRecord(i, n, s or "", k) for i, n, s, k in rows])

    def __bool__(self) -> bool:
        return bool(self.records)

    def names_only(self) -> Gazetteer:
        """The same registry, matching exact names only."""
        return Gazetteer(self.records, expand=False)

    def is_own_issuer(self, issuing_body: str | None) -> bool:
        """Whether a document issued by `issuing_body` comes from this registry's
        province: its committee or office, named with the province's name.

        An unknown issuer (pasted body text) counts as ours.
        """
        if not issuing_body:
            return True
        places = set()
        for rec in self.records:
            if rec.kind == "committee":
                found = re.search(r"\b(?:tinh|thanh pho)\s+(.+)$", fold(rec.name))
                if found:
                    places.add(found.group(1).strip())
        if not places:
            return True
        issuer = fold(issuing_body)
        return any(issuer.endswith(place) for place in places)

    def of_kind(self, kind: str) -> list[AgencyRecord]:
        return [r for r in self.records if r.kind == kind and r.active]

    def lookup(self, name: str) -> AgencyRecord | None:
        key = _key(name)
        rec = self._by_key.get(key)
        if rec:
            return rec
        if not self.expand:
            return None
        # "Sở Y tế tỉnh Lào Cai" is the registry's "Sở Y tế".
        trimmed = re.sub(r"(?:tinh|thanhpho|huyen)(?:[a-z]+)?$", "", key)
        if trimmed != key:
            return self._by_key.get(trimmed)
        return None

    def match(self, written: str) -> list[AgencyMatch]:
        """Registry agencies for a name as written; group phrases expand."""
        rec = self.lookup(written)
        if rec:
            return [AgencyMatch(rec.name, written, rec.id, True)]
        if not self.expand:
            return [AgencyMatch(written, written, None, False)]
        low = fold(written).replace("-", " - ")
        low = re.sub(r"\s+", " ", low).strip()
        if _DEPARTMENT_GROUP.match(low.replace(" - ", " - ")):
            found = self.of_kind("department")
        elif _LOCALITY_GROUP.match(low):
            found = self.of_kind("locality")
        else:
            found = []
        if found:
            return [AgencyMatch(r.name, written, r.id, True) for r in found]
        return [AgencyMatch(written, written, None, False)]
