"""The verdict of `make load` (issue 12, SECURITY.md 57), from Locust's --csv.

Passes when every page kind's p95 is under 1 s and nothing failed: no error
of any kind (5xx, refused connection, time-out, a 4xx where a page was
expected), signing in included. Prints p50/p95/p99 per page kind and, with
`--json`, one JSON line for docs/PERFORMANCE.md.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

GOAL_P95_MS = 1000.0


def _number(value: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def figures(prefix: str) -> dict:
    rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").open(encoding="utf-8")))
    kinds = {}
    for row in rows:
        if row["Name"] == "Aggregated":
            continue
        kind = kinds.setdefault(
            row["Name"], {"requests": 0, "failures": 0, "p50": 0, "p95": 0, "p99": 0}
        )
        kind["requests"] += int(row["Request Count"])
        kind["failures"] += int(row["Failure Count"])
        for share, column in (("p50", "50%"), ("p95", "95%"), ("p99", "99%")):
            kind[share] = max(kind[share], _number(row[column]))
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    failures_path = Path(f"{prefix}_failures.csv")
    errors = (
        list(csv.DictReader(failures_path.open(encoding="utf-8")))
        if failures_path.exists()
        else []
    )
    pages = {k: v for k, v in kinds.items() if not k.startswith("setup:")}
    return {
        "requests": int(total["Request Count"]) if total else 0,
        "failures": int(total["Failure Count"]) if total else 0,
        "rps": round(_number(total["Requests/s"]), 2) if total else 0.0,
        "kinds": kinds,
        "p95_ms": max((v["p95"] for v in pages.values()), default=0.0),
        "errors": [
            f"{e['Method']} {e['Name']}: {e['Error']} x{e['Occurrences']}"
            for e in errors
        ],
    }


def verdict(result: dict) -> list[str]:
    """What is wrong with the run; empty when it passes."""
    problems = []
    pages = {k: v for k, v in result["kinds"].items() if not k.startswith("setup:")}
    if not pages or not sum(v["requests"] for v in pages.values()):
        problems.append("no page was requested")
    for name, kind in sorted(pages.items()):
        if kind["p95"] >= GOAL_P95_MS:
            problems.append(f"{name}: p95 {kind['p95']:.0f} ms is not under 1 s")
    if result["failures"]:
        problems.append(f"{result['failures']} requests failed")
    return problems


def main(argv: list[str]) -> int:
    result = figures(argv[0])
    print(
        f"load: {result['requests']} requests ({result['rps']}/s), "
        f"{result['failures']} failures"
    )
    print(f"  {'page kind':<22} {'n':>6} {'fail':>5} {'p50':>7} {'p95':>7} {'p99':>7}")
    for name, kind in sorted(result["kinds"].items()):
        print(
            f"  {name:<22} {kind['requests']:>6} {kind['failures']:>5} "
            f"{kind['p50']:>5.0f}ms {kind['p95']:>5.0f}ms {kind['p99']:>5.0f}ms"
        )
    for error in result["errors"][:20]:
        print("  error:", error)
    problems = verdict(result)
    for problem in problems:
        print("  FAIL:", problem)
    if "--json" in argv:
        print(json.dumps({**result, "problems": problems}, ensure_ascii=False))
    print("load verdict:", "PASS" if not problems else "FAIL")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
