"""Thresholds of the load run (SECURITY.md 57): p95 of page views under 1 s,
no 5xx. Reads Locust's `--csv` output."""

import csv
import sys
from pathlib import Path


def figures(prefix: str) -> dict:
    rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").open(encoding="utf-8")))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    # Page views only: signing in (argon2 on purpose) is set-up, not a page.
    pages = [
        r
        for r in rows
        if r["Name"] not in ("Aggregated",) and not (r["Name"].startswith("setup:"))
    ]
    failures = list(
        csv.DictReader(Path(f"{prefix}_failures.csv").open(encoding="utf-8"))
    )
    server_errors = sum(
        int(f["Occurrences"])
        for f in failures
        if "HTTPError('5" in f["Error"] or "50" in f["Error"][:40]
    )
    return {
        "requests": int(total["Request Count"]),
        # The worst page's p95: never below the p95 of all page views.
        "p95_ms": max((float(r["95%"] or 0) for r in pages), default=0.0),
        "median_ms": float(total["50%"] or 0),
        "failures": int(total["Failure Count"]),
        "failures_5xx": server_errors,
    }


def verdict(result: dict) -> list[str]:
    """What is wrong with the run; empty when it passes."""
    problems = []
    if result["requests"] == 0:
        problems.append("no request was made")
    if result["p95_ms"] >= 1000:
        problems.append(f"p95 {result['p95_ms']:.0f} ms is not under 1 s")
    if result["failures_5xx"]:
        problems.append(f"{result['failures_5xx']} answers were 5xx")
    return problems


if __name__ == "__main__":
    result = figures(sys.argv[1])
    print(
        f"load figures: {result['requests']} requests, median "
        f"{result['median_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
        f"{result['failures']} failures ({result['failures_5xx']} 5xx)"
    )
    problems = verdict(result)
    for problem in problems:
        print("  FAIL:", problem)
    sys.exit(1 if problems else 0)
