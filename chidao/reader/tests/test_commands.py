"""manage.py read_directive and evaluate_reader."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SAMPLES = Path(__file__).parent / "samples"


@pytest.mark.django_db
def test_read_directive_prints_the_proposal_as_json():
    out = StringIO()
    call_command(
        "read_directive",
        str(SAMPLES / "hcm-cv-1551-2016.txt"),
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["directive"]["number"] == "1551/UBND-VX"
    (task,) = data["tasks"]
    assert task["lead_agencies"] == ["Sở Y tế"]
    assert task["deadline"] == "2016-04-17"


@pytest.mark.django_db
def test_read_directive_matches_the_registry_when_it_has_agencies(stc, ubnd):
    # The registry is Lào Cai's here, like the document's issuer.
    ubnd.name = "Ủy ban nhân dân tỉnh Lào Cai"
    ubnd.save()
    out = StringIO()
    text = SAMPLES.parent / "synthetic" / "synthetic-tb-ketluan-vp.txt"
    call_command("read_directive", str(text), "--detail", stdout=out)
    tasks = json.loads(out.getvalue())["tasks"]
    finance = [t for t in tasks if t["lead_agencies"] == ["Sở Tài chính"]]
    assert finance[0]["lead_agency_matches"][0] == {
        "name": "Sở Tài chính",
        "written": "Sở Tài chính",
        "id": stc.id,
        "matched": True,
    }


@pytest.mark.django_db
def test_another_provinces_agencies_stay_as_written(stc, ubnd):
    # ubnd is An Giang's committee; the document comes from Lào Cai.
    out = StringIO()
    text = SAMPLES.parent / "synthetic" / "synthetic-tb-ketluan-vp.txt"
    call_command("read_directive", str(text), "--detail", stdout=out)
    tasks = json.loads(out.getvalue())["tasks"]
    finance = [t for t in tasks if t["lead_agencies"] == ["Sở Tài chính"]]
    assert finance[0]["lead_agency_matches"][0]["matched"] is False
    assert all(not m["matched"] for t in tasks for m in t["cooperating_agency_matches"])


@pytest.mark.django_db
def test_read_directive_text_format_and_missing_file():
    out = StringIO()
    call_command(
        "read_directive",
        str(SAMPLES / "bacgiang-cv-722-2013.txt"),
        "--format",
        "text",
        stdout=out,
    )
    assert "Chủ trì: Sở Tài nguyên và Môi trường" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("read_directive", str(SAMPLES / "missing.txt"))


def test_evaluate_reader_table_and_json():
    out = StringIO()
    call_command("evaluate_reader", str(SAMPLES), stdout=out)
    assert "TOTAL" in out.getvalue()
    out = StringIO()
    call_command("evaluate_reader", str(SAMPLES), "--format", "json", stdout=out)
    totals = json.loads(out.getvalue())["totals"]
    assert totals["gold"] == 87
    assert totals["f1"] >= 0.85


def test_evaluate_reader_refuses_a_folder_without_annotations(tmp_path):
    with pytest.raises(CommandError):
        call_command("evaluate_reader", str(tmp_path))


@pytest.mark.django_db
def test_review_preselects_exact_names_of_another_provinces_document(stc, ubnd):
    from chidao.reader.agencies import Gazetteer
    from chidao.reader.reader import read_directive

    text = (SAMPLES.parent / "synthetic" / "synthetic-tb-ketluan-vp.txt").read_text()
    proposal = read_directive(
        text, gazetteer=Gazetteer.from_db(), match_foreign_names=True
    )
    leads = [m for t in proposal.tasks for m in t.lead_agencies]
    finance = [m for m in leads if m.written == "Sở Tài chính"]
    assert finance and all(m.matched and m.id == stc.id for m in finance)
    # Group phrases of another province are never expanded to our agencies.
    assert all(m.matched is False for m in leads if m.written.startswith("UBND các"))
