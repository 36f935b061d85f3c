"""CI: no new secret in the tree (SECURITY.md 58).

detect-secrets scans the tracked files; every finding must already be in
`.secrets.baseline` (known test values and markers, by file and hash), so a
moved line does not fail the run but a new secret does. To accept a false
positive: `detect-secrets scan --baseline .secrets.baseline` and commit.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXCLUDE = r"(\.po$|\.mo$|\.png$|/vendor/|\.secrets\.baseline$)"


def findings(report: dict) -> set[tuple[str, str]]:
    return {
        (path, item["hashed_secret"])
        for path, items in report["results"].items()
        for item in items
    }


def main() -> int:
    done = subprocess.run(  # noqa: S603
        [
            str(Path(sys.executable).parent / "detect-secrets"),
            "scan",
            "--exclude-files",
            EXCLUDE,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    now = findings(json.loads(done.stdout))
    known = findings(json.loads((ROOT / ".secrets.baseline").read_text()))
    new = sorted(now - known)
    print(f"secret scan: {len(now)} findings, {len(new)} not in the baseline")
    for path, _hash in new:
        print(f"  NEW SECRET? {path}")
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
