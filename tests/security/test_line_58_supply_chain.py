"""Dependencies pinned and audited, an SBOM, no secrets in the repository
(SECURITY.md 58). CI runs the tools themselves (`make secrets audit-deps
sbom`); these tests hold the inputs those runs rely on."""

import json
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PIN = re.compile(r"^[A-Za-z0-9_.\[\]-]+==[0-9][^\s]*$")


def _requirements(name: str) -> list[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return [
        line.split("#")[0].strip()
        for line in lines
        if line.split("#")[0].strip() and not line.startswith("-r")
    ]


def test_line_58_every_dependency_is_pinned_exactly() -> None:
    for name in ("requirements.txt", "requirements-dev.txt"):
        loose = [r for r in _requirements(name) if not PIN.match(r)]
        assert not loose, f"{name}: {loose}"


def test_line_58_accepted_vulnerabilities_carry_a_reason(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from scripts.ci import audit_dependencies

    assert audit_dependencies.IGNORE_FILE.exists()
    audit_dependencies.ignored()  # exits on an entry without a reason
    bad = tmp_path / "ignore"
    bad.write_text("PYSEC-2099-1\n")
    audit_dependencies.IGNORE_FILE, saved = bad, audit_dependencies.IGNORE_FILE
    try:
        import pytest

        with pytest.raises(SystemExit, match="needs a reason"):
            audit_dependencies.ignored()
    finally:
        audit_dependencies.IGNORE_FILE = saved


def test_line_58_the_secret_baseline_is_there_and_audited() -> None:
    baseline = json.loads((ROOT / ".secrets.baseline").read_text(encoding="utf-8"))
    assert baseline["results"], "baseline of known test strings"
    for path in baseline["results"]:
        # Only test values, CI throw-away values, placeholders of the
        # deployment template and markers are accepted into the baseline.
        assert (
            "tests" in path
            or path.startswith(
                ("chidao/settings/", "chidao/attachments/", "scripts/ci/")
            )
            or path in {"deploy/chidao.env.example", "chidao/audit/admin.py"}
        ), path


def test_line_58_settings_read_secrets_only_from_the_environment() -> None:
    source = (ROOT / "chidao/settings/base.py").read_text(encoding="utf-8")
    assert 'SECRET_KEY = env.str("DJANGO_SECRET_KEY"' in source
    assert 'env.db("DATABASE_URL"' in source
    assert not re.search(r"postgres://\w+:\w+@", source)


def test_line_58_the_sbom_target_builds_cyclonedx(tmp_path: Path) -> None:
    out = tmp_path / "sbom.json"
    done = subprocess.run(  # noqa: S603
        [
            str(Path(sys.executable).parent / "cyclonedx-py"),
            "environment",
            "--of",
            "JSON",
            "-o",
            str(out),
            sys.executable,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    sbom = json.loads(out.read_text(encoding="utf-8"))
    assert sbom["bomFormat"] == "CycloneDX"
    names = {c["name"].lower() for c in sbom["components"]}
    assert {"django", "djangorestframework", "django-rest-knox"} <= names
