"""Every line of SECURITY.md has a test that fails when the line breaks.

The table is read from ../shared/SECURITY.md when it is there (a developer's
machine) and otherwise from the repository's copy, docs/SECURITY-CHECKS.md
(CI's clean clone); the two must not drift apart. A test proves line N when
its name starts `test_line_N_` (several lines: `test_line_4_6_…`). Most live
here in tests/security, one module per line or group; tests of one app's
module that prove a line keep their place and carry the line in their name.
Run with `-s` to see the map.
"""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SHARED = ROOT.parent / "shared" / "SECURITY.md"
REPO_COPY = ROOT / "docs" / "SECURITY-CHECKS.md"
# Lines not met yet, each with the reason; listed here so that the gap is
# printed by every run and cannot be forgotten. A line leaves this list when
# a test_line_N_ test proves it.
GAPS = {
    57: "`make load` (300 sessions signing in at 2/s, 3 min, gunicorn on "
    "PostgreSQL with 1M tasks) runs and judges: 0 errors, 16.5 requests/s "
    "served, p50 230-470 ms, but p95 1.6-5.1 s (was 5.6-17 s): two shared "
    "cores still run near capacity (pages cost 57-177 ms of server CPU "
    "each, LOAD_MODE=cpu make load; docs/PERFORMANCE.md)",
}
ROW = re.compile(r"^\|\s*(\d+)\s*\|")
NAME = re.compile(r"^test_line_((?:\d+_)+)")


def table_lines(text: str) -> list[int]:
    return [int(m.group(1)) for line in text.splitlines() if (m := ROW.match(line))]


def security_table() -> str:
    return (SHARED if SHARED.exists() else REPO_COPY).read_text(encoding="utf-8")


def _test_files() -> list[Path]:
    found = list((ROOT / "tests").rglob("test_*.py"))
    found += [p for p in (ROOT / "chidao").rglob("test_*.py") if "tests" in p.parts]
    return sorted(found)


def line_tests() -> dict[int, list[str]]:
    """Line number → the tests that name it (path::function)."""
    covered: dict[int, list[str]] = {}
    for path in _test_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            match = NAME.match(node.name)
            if match is None:
                continue
            for number in filter(None, match.group(1).split("_")):
                covered.setdefault(int(number), []).append(
                    f"{path.relative_to(ROOT)}::{node.name}"
                )
    return covered


def test_the_repository_copy_matches_the_shared_table() -> None:
    if SHARED.exists():
        assert table_lines(REPO_COPY.read_text(encoding="utf-8")) == table_lines(
            SHARED.read_text(encoding="utf-8")
        ), "docs/SECURITY-CHECKS.md is behind ../shared/SECURITY.md: copy it again"
        assert REPO_COPY.read_text(encoding="utf-8") == SHARED.read_text(
            encoding="utf-8"
        )


def test_every_line_of_security_md_has_a_test() -> None:
    lines = table_lines(security_table())
    assert lines == list(range(1, len(lines) + 1)), "the table is not numbered 1..N"
    covered = line_tests()
    for number in lines:
        tests = covered.get(number, [])
        example = tests[0] if tests else "—"
        print(f"line {number:2}: {len(tests):3} test(s), e.g. {example}")  # noqa: T201
    missing = [n for n in lines if n not in covered]
    covered_count = len(lines) - len(missing)
    print(f"SECURITY.md coverage: {covered_count} of {len(lines)} lines")  # noqa: T201
    for number, reason in GAPS.items():
        print(f"  gap, line {number}: {reason}")  # noqa: T201
    assert not [n for n in missing if n not in GAPS], (
        f"lines without a test_line_N_ test: {[n for n in missing if n not in GAPS]}"
    )
    assert not [n for n in GAPS if n in covered], "a gap is proven: drop it from GAPS"


def test_no_test_names_a_line_that_does_not_exist() -> None:
    lines = set(table_lines(security_table()))
    stray = {n: t for n, t in line_tests().items() if n not in lines}
    assert not stray, stray
