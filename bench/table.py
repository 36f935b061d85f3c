"""Markdown table of `bench.scale` JSON lines.

    python -m bench.table 1M.jsonl [100k.jsonl]

The first file gives the figures; the second (optional, same cases at
another size) adds its query count and worker RSS beside them.
"""

from __future__ import annotations

import json
import sys


def _lines(path: str) -> tuple[dict, dict[str, dict]]:
    head, cases = {}, {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith("{"):
                continue
            data = json.loads(line)
            if "case" in data:
                cases[data["case"]] = data
            else:
                head = data
    return head, cases


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f} ms"


def main(paths: list[str]) -> None:
    head, cases = _lines(paths[0])
    other = _lines(paths[1])[1] if len(paths) > 1 else {}
    print(
        f"{head.get('tasks', 0):,} tasks, {head.get('runs')} runs, load average "
        f"{head.get('load_average')} on {head.get('cpus')} CPUs at the start\n"
    )
    print(
        "| case | ChiDao p50 / p95 | floor p50 / p95 | goal | met | queries "
        "(one agency) | same at 100k | RSS 1M / 100k |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, d in cases.items():
        small = other.get(name, {})
        floor = (
            f"{_ms(d.get('floor_p50_ms'))} / {_ms(d.get('floor_p95_ms'))}"
            if "floor_p50_ms" in d
            else ""
        )
        one = f" ({d['queries_one_agency']})" if "queries_one_agency" in d else ""
        same = (
            ""
            if not small
            else (
                "yes"
                if small["queries"] == d["queries"]
                else f"no ({small['queries']})"
            )
        )
        rss = (
            f"{d['rss_mb']:.0f} / {small['rss_mb']:.0f} MB"
            if small
            else (f"{d['rss_mb']:.0f} MB")
        )
        print(
            f"| {name} ({d['runs']} runs) | {_ms(d['p50_ms'])} / {_ms(d['p95_ms'])} "
            f"| {floor} | < {d['goal_ms']:,} ms | {'yes' if d['goal_met'] else 'no'} "
            f"| {d['queries']}{one} | {same} | {rss} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
