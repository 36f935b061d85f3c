"""CI: known vulnerabilities in the installed, pinned dependencies (SECURITY.md 58).

Runs pip-audit over the environment that `make install-dev` built from
requirements.txt and requirements-dev.txt (every pin and what it pulls in).
A vulnerability fails the run unless `.pip-audit-ignore` lists its id with a
reason. When the vulnerability service cannot be reached, the packages it
could not audit are named; PIP_AUDIT_STRICT=1 makes that a failure too.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IGNORE_FILE = ROOT / ".pip-audit-ignore"


def ignored() -> dict[str, str]:
    """`ID  reason` per line; a line without a reason is an error."""
    found = {}
    if not IGNORE_FILE.exists():
        return found
    for number, line in enumerate(IGNORE_FILE.read_text().splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        vuln, _sep, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{IGNORE_FILE.name}:{number}: {vuln} needs a reason")
        found[vuln] = reason.strip()
    return found


def main() -> int:
    skip = ignored()
    command = [
        str(Path(sys.executable).parent / "pip-audit"),
        "--local",
        "--format",
        "json",
        "--progress-spinner",
        "off",
    ]
    for vuln in skip:
        command += ["--ignore-vuln", vuln]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(done.stdout, done.stderr, sep="\n")
        return 2
    found, unaudited = [], []
    for dep in report.get("dependencies", []):
        if "skip_reason" in dep:
            unaudited.append(dep["name"])
        for vuln in dep.get("vulns", []):
            if vuln["id"] not in skip:
                found.append(f"{dep['name']} {dep['version']}: {vuln['id']}")
    audited = len(report.get("dependencies", [])) - len(unaudited)
    print(f"pip-audit: {audited} packages audited, {len(found)} vulnerabilities")
    for line in found:
        print("  VULNERABLE", line)
    for vuln, reason in skip.items():
        print(f"  ignored {vuln}: {reason}")
    if unaudited:
        print(
            f"  WARNING: {len(unaudited)} packages could not be audited (the "
            "vulnerability service did not answer for them): "
            + ", ".join(unaudited[:10])
            + ("…" if len(unaudited) > 10 else "")
        )
    if found:
        return 1
    if unaudited and os.environ.get("PIP_AUDIT_STRICT") == "1":
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
