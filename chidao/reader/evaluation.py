"""Score the reader against annotated directives (`NAME.txt` + `NAME.json`).

Definitions (also printed by `manage.py evaluate_reader --help`):

- A proposed task matches a gold task when their source spans overlap in the
  text (character offsets). Pairs are taken one-to-one, greedily, largest
  overlap first; equal overlaps are ordered by the word overlap of the two
  contents.
- Precision = matched / proposed, recall = matched / gold, F1 their harmonic
  mean; totals are micro-averaged over all tasks of all documents.
- Lead-agency accuracy: share of matched tasks whose set of proposed lead
  agencies equals the gold `lead_agencies`, or the gold
  `lead_agencies_resolved` when present. Names are compared folded (no
  accents, lower case), with `Ủy ban nhân dân` ≡ `UBND`, and without spaces and
  punctuation (so `xãhội` ≡ `xã hội`).
- Deadline accuracy: share of matched tasks whose deadline equals the gold
  `deadline`; two nulls are equal.
- Dated deadline accuracy: the same, over the matched tasks whose gold
  deadline is a date.
- Also reported: must_report accuracy and period accuracy (gold `periodic`
  monthly/quarterly/half-year/yearly ↔ month/quarter/half_year/year).
- Issue date and number: share of documents whose proposed issue date and
  số/ký hiệu equal the gold `issued_date` and `number_symbol` (spaces
  ignored; two nulls are equal).

Leave one issuer out (`--leave-one-out issuer`): the reader is rule-based,
so "training" is the lexicon it was given (agency names, titles, provinces,
verbs) and the rules in its code. To estimate how it reads an issuer it has
never seen, each issuer's documents are read with every lexicon phrase that
no other issuer's document of the corpus contains withheld: whatever the
lexicon knows only because of that issuer (its province's name, a
department only it has, a verb only it uses) is taken away. `source` does the
same per source folder (one round of collection). Code rules cannot be
withheld mechanically; the discipline for them is that a rule must read a
general pattern of the annotation rules (and is tested on a synthetic text of
its own), never one document's wording.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from chidao.lib.text import fold

from .agencies import lexicon_phrases, withholding
from .reader import Proposal, read_directive

logger = logging.getLogger(__name__)

GOLD_PERIODS = {
    "monthly": "month",
    "quarterly": "quarter",
    "half-year": "half_year",
    "yearly": "year",
    None: None,
}


def name_key(name: str) -> str:
    low = fold(name)
    low = re.sub(r"\buy ban nhan dan\b", "ubnd", low)
    return re.sub(r"[\W_]+", "", low)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold(text)))


@dataclass
class Pair:
    gold: dict
    proposed: dict
    lead_ok: bool
    deadline_ok: bool
    report_ok: bool
    period_ok: bool

    @property
    def dated(self) -> bool:
        return bool(self.gold.get("deadline"))


@dataclass
class DocumentScore:
    id: str
    gold: int
    proposed: int
    pairs: list[Pair] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)
    kind: str = ""
    issuer: str = ""
    source: str = ""
    number_ok: bool = True
    date_ok: bool = True

    @property
    def matched(self) -> int:
        return len(self.pairs)

    def ratio(self, attr: str) -> float | None:
        if not self.pairs:
            return None
        return sum(getattr(p, attr) for p in self.pairs) / len(self.pairs)

    def as_row(self) -> dict:
        row = _scores(self.gold, self.proposed, self.pairs)
        row.update(
            {
                "id": self.id,
                "kind": self.kind,
                "issue_date_ok": self.date_ok,
                "number_ok": self.number_ok,
            }
        )
        return row


def _div(a: int, b: int) -> float | None:
    return a / b if b else None


def _f1(matched: int, proposed: int, gold: int) -> float | None:
    if not proposed and not gold:
        return None
    if not matched:
        return 0.0
    p, r = matched / proposed, matched / gold
    return 2 * p * r / (p + r)


def _scores(gold: int, proposed: int, pairs: Sequence[Pair]) -> dict:
    matched = len(pairs)

    def acc(attr: str, among: Sequence[Pair] = pairs) -> float | None:
        return sum(getattr(p, attr) for p in among) / len(among) if among else None

    return {
        "gold": gold,
        "proposed": proposed,
        "matched": matched,
        "precision": _div(matched, proposed),
        "recall": _div(matched, gold),
        "f1": _f1(matched, proposed, gold),
        "lead_accuracy": acc("lead_ok"),
        "deadline_accuracy": acc("deadline_ok"),
        "dated_deadline_accuracy": acc("deadline_ok", [p for p in pairs if p.dated]),
        "must_report_accuracy": acc("report_ok"),
        "period_accuracy": acc("period_ok"),
    }


def _locate(text: str, span: str) -> tuple[int, int] | None:
    at = text.find(span)
    if at >= 0:
        return at, at + len(span)
    # Tolerate whitespace differences.
    pattern = r"\s+".join(re.escape(w) for w in span.split())
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def _candidates(text: str, gold_tasks: list[dict], proposal: Proposal) -> list[tuple]:
    """(overlap, word similarity, gold index, proposed index) of overlapping spans."""
    proposed = proposal.to_json()["tasks"]
    spans_p = [(t.span_start, t.span_end) for t in proposal.tasks]
    out = []
    for gi, g in enumerate(gold_tasks):
        gs = _locate(text, g["source_span"])
        if gs is None:
            continue
        words_g = _words(g.get("content") or "")
        for pi, ps in enumerate(spans_p):
            overlap = min(gs[1], ps[1]) - max(gs[0], ps[0])
            if overlap > 0:
                words_p = _words(proposed[pi].get("content") or "")
                similarity = len(words_g & words_p) / (len(words_g | words_p) or 1)
                out.append((overlap, similarity, gi, pi))
    out.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    return out


def _pair(g: dict, p: dict) -> Pair:
    mine = {name_key(n) for n in p["lead_agencies"]}
    options = [g.get("lead_agencies") or []]
    if g.get("lead_agencies_resolved"):
        options.append(g["lead_agencies_resolved"])
    return Pair(
        gold=g,
        proposed=p,
        lead_ok=any(mine == {name_key(n) for n in opt} for opt in options),
        deadline_ok=(p["deadline"] or None) == (g.get("deadline") or None),
        report_ok=bool(p["must_report"]) == bool(g.get("must_report")),
        period_ok=p["period"] == GOLD_PERIODS.get(g.get("periodic")),
    )


def _number_key(value: str | None) -> str | None:
    return re.sub(r"\s+", "", value) if value else None


def score_document(
    doc_id: str, text: str, gold: dict, proposal: Proposal
) -> DocumentScore:
    gold_tasks = gold.get("tasks", [])
    proposed = proposal.to_json()["tasks"]
    directive = proposal.directive
    issued = directive.issued_on.isoformat() if directive.issued_on else None
    score = DocumentScore(
        doc_id,
        len(gold_tasks),
        len(proposed),
        kind=gold.get("doc_type") or "",
        issuer=name_key(gold.get("issuing_body") or ""),
        number_ok=_number_key(directive.number)
        == _number_key(gold.get("number_symbol")),
        date_ok=issued == (gold.get("issued_date") or None),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _overlap, _sim, gi, pi in _candidates(text, gold_tasks, proposal):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        score.pairs.append(_pair(gold_tasks[gi], proposed[pi]))
    score.missed = [g for i, g in enumerate(gold_tasks) if i not in used_g]
    score.extra = [p for i, p in enumerate(proposed) if i not in used_p]
    return score


@dataclass
class Report:
    documents: list[DocumentScore]

    def totals(self, label: str = "TOTAL") -> dict:
        docs = self.documents
        out = _scores(
            sum(d.gold for d in docs),
            sum(d.proposed for d in docs),
            [p for d in docs for p in d.pairs],
        )
        out["id"] = label
        out["documents"] = len(docs)
        out["issue_date_accuracy"] = _div(sum(d.date_ok for d in docs), len(docs))
        out["number_accuracy"] = _div(sum(d.number_ok for d in docs), len(docs))
        return out

    def by_kind(self) -> dict[str, Report]:
        kinds: dict[str, list[DocumentScore]] = {}
        for d in self.documents:
            kinds.setdefault(d.kind or "?", []).append(d)
        return {k: Report(v) for k, v in sorted(kinds.items())}

    def errors(self) -> dict:
        return {
            d.id: {
                "missed": [g["source_span"] for g in d.missed],
                "extra": [p["source_span"] for p in d.extra],
                "wrong": [_wrong(p) for p in d.pairs if not _right(p)],
            }
            for d in self.documents
        }

    def to_json(self, *, errors: bool = False) -> dict:
        out: dict = {
            "documents": [d.as_row() for d in self.documents],
            "totals": self.totals(),
            "kinds": {k: r.totals(k) for k, r in self.by_kind().items()},
        }
        if errors:
            out["errors"] = self.errors()
        return out


def _right(p: Pair) -> bool:
    return p.lead_ok and p.deadline_ok and p.report_ok and p.period_ok


def _wrong(p: Pair) -> dict:
    return {
        "span": p.gold["source_span"][:120],
        "lead": [p.proposed["lead_agencies"], p.gold.get("lead_agencies")],
        "deadline": [p.proposed["deadline"], p.gold.get("deadline")],
        "must_report": [p.proposed["must_report"], p.gold.get("must_report")],
        "period": [p.proposed["period"], p.gold.get("periodic")],
    }


@dataclass
class Document:
    """An annotated document: NAME.txt and NAME.json of one folder."""

    id: str
    text: str
    gold: dict
    source: str  # the folder it comes from

    @property
    def issuer(self) -> str:
        return name_key(self.gold.get("issuing_body") or "") or self.id


def load_documents(directories: Iterable[Path]) -> list[Document]:
    documents = []
    for directory in directories:
        for gold_path in sorted(Path(directory).glob("*.json")):
            text_path = gold_path.with_suffix(".txt")
            if not text_path.exists():
                continue
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            documents.append(
                Document(
                    gold.get("id") or gold_path.stem,
                    text_path.read_text(encoding="utf-8"),
                    gold,
                    Path(directory).name,
                )
            )
    return documents


def _read(doc: Document) -> DocumentScore:
    try:
        proposal = read_directive(doc.text, refuse_classified=False)
    except Exception as exc:  # noqa: BLE001 - one document must not stop the run
        proposal = read_directive("", refuse_classified=False)
        logger.exception("The reader failed on %s: %s", doc.id, exc)
    score = score_document(doc.id, doc.text, doc.gold, proposal)
    score.source = doc.source
    return score


def evaluate(documents: Sequence[Document]) -> Report:
    """Read every document and score the reader (the plain score)."""
    return Report([_read(d) for d in documents])


def _folded_words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


def specific_phrases(documents: Sequence[Document], group: str, by: str) -> set[str]:
    """Lexicon phrases that only documents of `group` contain (by issuer/source)."""
    texts: dict[str, list[str]] = {}
    for d in documents:
        key = d.issuer if by == "issuer" else d.source
        texts.setdefault(key, []).append(_folded_words(d.text))
    own = " ".join(texts.get(group, []))
    others = " ".join(t for key, ts in texts.items() if key != group for t in ts)
    out = set()
    for phrase in lexicon_phrases():
        needle = _folded_words(phrase)
        if needle.strip() and needle in own and needle not in others:
            out.add(phrase)
    return out


def evaluate_left_out(documents: Sequence[Document], by: str = "issuer") -> Report:
    """Each group's documents read with the phrases only that group supports
    withheld (see the module notes: leave one issuer / source out)."""
    groups: dict[str, list[Document]] = {}
    for d in documents:
        groups.setdefault(d.issuer if by == "issuer" else d.source, []).append(d)
    scores: dict[str, DocumentScore] = {}
    for key, members in groups.items():
        with withholding(specific_phrases(documents, key, by)):
            for d in members:
                scores[d.id] = _read(d)
    return Report([scores[d.id] for d in documents])


def evaluate_directory(directory: Path) -> Report:
    """Read every annotated document of `directory` and score the reader."""
    return evaluate(load_documents([directory]))


_COLUMNS = [
    ("id", "id"),
    ("gold", "gold"),
    ("prop", "proposed"),
    ("match", "matched"),
    ("P", "precision"),
    ("R", "recall"),
    ("F1", "f1"),
    ("lead", "lead_accuracy"),
    ("deadline", "deadline_accuracy"),
    ("report", "must_report_accuracy"),
    ("period", "period_accuracy"),
]
_KIND_COLUMNS = [
    ("kind", "id"),
    ("docs", "documents"),
    ("gold", "gold"),
    ("F1", "f1"),
    ("R", "recall"),
    ("lead", "lead_accuracy"),
    ("dated dl", "dated_deadline_accuracy"),
    ("deadline", "deadline_accuracy"),
    ("date", "issue_date_accuracy"),
    ("number", "number_accuracy"),
]


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    table = [headers, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(table):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
        if n == 0 or n == len(table) - 2:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_table(report: Report) -> str:
    rows = [d.as_row() for d in report.documents] + [report.totals()]
    return _table(
        [h for h, _ in _COLUMNS], [[_fmt(r[k]) for _, k in _COLUMNS] for r in rows]
    )


def format_kinds(report: Report, left_out: Report | None = None) -> str:
    """One line per kind of document; with `left_out`, its F1 and lead beside."""
    columns = list(_KIND_COLUMNS)
    headers = [h for h, _ in columns]
    if left_out is not None:
        headers += ["LOO F1", "LOO lead"]
    kinds = report.by_kind()
    loo = left_out.by_kind() if left_out is not None else {}
    rows = []
    for kind, sub in [*kinds.items(), ("TOTAL", report)]:
        totals = sub.totals(kind)
        row = [_fmt(totals[k]) for _, k in columns]
        if left_out is not None:
            other = (left_out if kind == "TOTAL" else loo[kind]).totals(kind)
            row += [_fmt(other["f1"]), _fmt(other["lead_accuracy"])]
        rows.append(row)
    return _table(headers, rows)
