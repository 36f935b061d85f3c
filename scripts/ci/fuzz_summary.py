"""Figures of one schemathesis run from its NDJSON report: requests sent,
500 answers, and schema findings by check (scripts/ci/fuzz_api.sh)."""

import json
import sys
from collections import Counter


def summarise(path: str) -> dict:
    requests = 0
    statuses: Counter[int] = Counter()
    findings: Counter[str] = Counter()
    failing: set[tuple[str, str]] = set()
    with open(path, encoding="utf-8") as report:
        for line in report:
            event = json.loads(line).get("ScenarioFinished")
            if not event:
                continue
            recorder = event.get("recorder", {})
            for interaction in recorder.get("interactions", {}).values():
                requests += 1
                response = interaction.get("response") or {}
                statuses[response.get("status_code", 0)] += 1
            for checks in recorder.get("checks", {}).values():
                for check in checks:
                    if check.get("status") == "failure":
                        findings[check["name"]] += 1
                        failing.add((recorder.get("label", ""), check["name"]))
    return {
        "requests": requests,
        "server_errors": sum(n for s, n in statuses.items() if s >= 500),
        "findings": dict(findings),
        "failing_operations": sorted(failing),
    }


if __name__ == "__main__":
    figures = summarise(sys.argv[1])
    print(
        f"fuzz figures: {figures['requests']} requests, "
        f"{figures['server_errors']} answers >= 500, findings {figures['findings']}"
    )
    for label, check in figures["failing_operations"][:30]:
        print(f"  {check}: {label}")
