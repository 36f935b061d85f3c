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
- Also reported: must_report accuracy and period accuracy (gold `periodic`
  monthly/quarterly/half-year/yearly ↔ month/quarter/half_year/year).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from chidao.lib.text import fold

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


@dataclass
class DocumentScore:
    id: str
    gold: int
    proposed: int
    pairs: list[Pair] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return len(self.pairs)

    def ratio(self, attr: str) -> float | None:
        if not self.pairs:
            return None
        return sum(getattr(p, attr) for p in self.pairs) / len(self.pairs)

    def as_row(self) -> dict:
        return {
            "id": self.id,
            "gold": self.gold,
            "proposed": self.proposed,
            "matched": self.matched,
            "precision": _div(self.matched, self.proposed),
            "recall": _div(self.matched, self.gold),
            "f1": _f1(self.matched, self.proposed, self.gold),
            "lead_accuracy": self.ratio("lead_ok"),
            "deadline_accuracy": self.ratio("deadline_ok"),
            "must_report_accuracy": self.ratio("report_ok"),
            "period_accuracy": self.ratio("period_ok"),
        }


def _div(a: int, b: int) -> float | None:
    return a / b if b else None


def _f1(matched: int, proposed: int, gold: int) -> float | None:
    if not proposed and not gold:
        return None
    if not matched:
        return 0.0
    p, r = matched / proposed, matched / gold
    return 2 * p * r / (p + r)


def _locate(text: str, span: str) -> tuple[int, int] | None:
    at = text.find(span)
    if at >= 0:
        return at, at + len(span)
    # Tolerate whitespace differences.
    pattern = r"\s+".join(re.escape(w) for w in span.split())
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def score_document(
    doc_id: str, text: str, gold: dict, proposal: Proposal
) -> DocumentScore:
    gold_tasks = gold.get("tasks", [])
    proposed = proposal.to_json()["tasks"]
    spans_p = [(t.span_start, t.span_end) for t in proposal.tasks]
    spans_g = [_locate(text, g["source_span"]) for g in gold_tasks]
    candidates = []
    for gi, gs in enumerate(spans_g):
        if gs is None:
            continue
        for pi, ps in enumerate(spans_p):
            overlap = min(gs[1], ps[1]) - max(gs[0], ps[0])
            if overlap > 0:
                words_g = _words(gold_tasks[gi].get("content") or "")
                words_p = _words(proposed[pi].get("content") or "")
                similarity = len(words_g & words_p) / (len(words_g | words_p) or 1)
                candidates.append((overlap, similarity, gi, pi))
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    score = DocumentScore(doc_id, len(gold_tasks), len(proposed))
    for _overlap, _sim, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        g, p = gold_tasks[gi], proposed[pi]
        mine = {name_key(n) for n in p["lead_agencies"]}
        options = [g.get("lead_agencies") or []]
        if g.get("lead_agencies_resolved"):
            options.append(g["lead_agencies_resolved"])
        lead_ok = any(mine == {name_key(n) for n in opt} for opt in options)
        score.pairs.append(
            Pair(
                gold=g,
                proposed=p,
                lead_ok=lead_ok,
                deadline_ok=(p["deadline"] or None) == (g.get("deadline") or None),
                report_ok=bool(p["must_report"]) == bool(g.get("must_report")),
                period_ok=p["period"] == GOLD_PERIODS.get(g.get("periodic")),
            )
        )
    score.missed = [g for i, g in enumerate(gold_tasks) if i not in used_g]
    score.extra = [p for i, p in enumerate(proposed) if i not in used_p]
    return score


@dataclass
class Report:
    documents: list[DocumentScore]

    def totals(self) -> dict:
        gold = sum(d.gold for d in self.documents)
        proposed = sum(d.proposed for d in self.documents)
        pairs = [p for d in self.documents for p in d.pairs]
        matched = len(pairs)

        def acc(attr: str) -> float | None:
            return sum(getattr(p, attr) for p in pairs) / matched if matched else None

        return {
            "id": "TOTAL",
            "gold": gold,
            "proposed": proposed,
            "matched": matched,
            "precision": _div(matched, proposed),
            "recall": _div(matched, gold),
            "f1": _f1(matched, proposed, gold),
            "lead_accuracy": acc("lead_ok"),
            "deadline_accuracy": acc("deadline_ok"),
            "must_report_accuracy": acc("report_ok"),
            "period_accuracy": acc("period_ok"),
        }

    def to_json(self, *, errors: bool = False) -> dict:
        out: dict = {
            "documents": [d.as_row() for d in self.documents],
            "totals": self.totals(),
        }
        if errors:
            out["errors"] = {
                d.id: {
                    "missed": [g["source_span"] for g in d.missed],
                    "extra": [p["source_span"] for p in d.extra],
                    "wrong": [
                        {
                            "span": p.gold["source_span"][:120],
                            "lead": [
                                p.proposed["lead_agencies"],
                                p.gold.get("lead_agencies"),
                            ],
                            "deadline": [
                                p.proposed["deadline"],
                                p.gold.get("deadline"),
                            ],
                            "must_report": [
                                p.proposed["must_report"],
                                p.gold.get("must_report"),
                            ],
                            "period": [p.proposed["period"], p.gold.get("periodic")],
                        }
                        for p in d.pairs
                        if not (
                            p.lead_ok and p.deadline_ok and p.report_ok and p.period_ok
                        )
                    ],
                }
                for d in self.documents
            }
        return out


def evaluate_directory(directory: Path) -> Report:
    """Read every annotated document of `directory` and score the reader."""
    documents = []
    for gold_path in sorted(directory.glob("*.json")):
        text_path = gold_path.with_suffix(".txt")
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            proposal = read_directive(text, refuse_classified=False)
        except Exception as exc:  # noqa: BLE001 - one document must not stop the run
            proposal = read_directive("", refuse_classified=False)
            logger.exception("The reader failed on %s: %s", text_path.name, exc)
        documents.append(
            score_document(gold.get("id") or gold_path.stem, text, gold, proposal)
        )
    return Report(documents)


def format_table(report: Report) -> str:
    headers = [
        "id",
        "gold",
        "prop",
        "match",
        "P",
        "R",
        "F1",
        "lead",
        "deadline",
        "report",
        "period",
    ]
    rows = [d.as_row() for d in report.documents] + [report.totals()]

    def fmt(value: object) -> str:
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:.2f}"
        return str(value)

    keys = [
        "id",
        "gold",
        "proposed",
        "matched",
        "precision",
        "recall",
        "f1",
        "lead_accuracy",
        "deadline_accuracy",
        "must_report_accuracy",
        "period_accuracy",
    ]
    table = [headers] + [[fmt(r[k]) for k in keys] for r in rows]
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
