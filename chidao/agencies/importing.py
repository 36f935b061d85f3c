"""Import the agency tree from XLSX/CSV: all rows or none."""

from dataclasses import dataclass
from datetime import date
from typing import IO

from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from chidao.lib.tabular import RowErrors, TableError, read_rows
from chidao.lib.text import fold

from .models import Agency

# Header spellings accepted (folded): Vietnamese or English.
COLUMNS = {
    "code": ("ma", "code", "ma_co_quan"),
    "name": ("ten", "name", "ten_co_quan"),
    "short_name": ("ten_viet_tat", "short_name", "viet_tat"),
    "kind": ("loai", "kind"),
    "parent": ("co_quan_cap_tren", "parent", "ma_cap_tren", "parent_code"),
    "valid_from": ("hieu_luc_tu", "valid_from"),
    "email": ("email", "thu_dien_tu"),
    "electronic_code": (
        "ma_dinh_danh",
        "ma_dinh_danh_dien_tu",
        "electronic_code",
        "ma_dinh_danh_co_quan",
    ),
}
KIND_WORDS = {
    **{k.value: k.value for k in Agency.Kind},
    "ubnd": "committee",
    "van phong": "office",
    "phong": "office_division",
    "so": "department",
    "ban": "department",
    "nganh": "department",
    "dia phuong": "locality",
    "xa": "locality",
    "phuong": "locality",
    "huyen": "locality",
    "don vi": "unit",
}


@dataclass
class ImportResult:
    created: int
    updated: int
    errors: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors


def pick(row: dict[str, str], field: str) -> str:
    for header in COLUMNS[field]:
        if row.get(header):
            return row[header]
    return ""


def parse_day(value: str) -> date | None:
    if not value:
        return None
    if "/" in value:
        day, month, year = (int(p) for p in value.split("/"))
        return date(year, month, day)
    return parse_date(value[:10])


def import_agencies(upload: IO[bytes], filename: str) -> ImportResult:
    """Create or update agencies by code; refuse the whole file on any bad row."""
    errors = RowErrors()
    parsed: list[tuple[int, dict]] = []
    try:
        rows = list(read_rows(upload, filename))
    except TableError as exc:
        return ImportResult(0, 0, [str(exc)])
    codes_in_file: set[str] = set()
    electronic_in_file: dict[str, str] = {}
    for number, row in rows:
        code, name = pick(row, "code"), pick(row, "name")
        electronic = pick(row, "electronic_code").strip()
        if electronic:
            if electronic_in_file.setdefault(electronic.upper(), code) != code:
                errors.add(
                    number,
                    _("the electronic identification code %(code)s appears twice.")
                    % {"code": electronic},
                )
            elif (
                Agency.objects.filter(electronic_code__iexact=electronic)
                .exclude(code=code)
                .exists()
            ):
                errors.add(
                    number,
                    _(
                        "the electronic identification code %(code)s already "
                        "belongs to another agency."
                    )
                    % {"code": electronic},
                )
        kind = KIND_WORDS.get(fold(pick(row, "kind")))
        if not code:
            errors.add(number, _("the agency code is missing."))
        elif code in codes_in_file:
            errors.add(number, _("the code %(code)s appears twice.") % {"code": code})
        if not name:
            errors.add(number, _("the agency name is missing."))
        if kind is None:
            errors.add(
                number,
                _("unknown agency kind “%(kind)s”.") % {"kind": pick(row, "kind")},
            )
        try:
            valid_from = parse_day(pick(row, "valid_from"))
        except (ValueError, TypeError):
            errors.add(number, _("the date must be written dd/mm/yyyy."))
            valid_from = None
        codes_in_file.add(code)
        parsed.append(
            (
                number,
                {
                    "code": code,
                    "name": name,
                    "kind": kind,
                    "valid_from": valid_from,
                    "short_name": pick(row, "short_name"),
                    "parent": pick(row, "parent"),
                    "email": pick(row, "email"),
                    "electronic_code": electronic,
                },
            )
        )
    known = set(Agency.objects.values_list("code", flat=True)) | codes_in_file
    for number, data in parsed:
        if data["parent"] and data["parent"] not in known:
            errors.add(
                number,
                _("the parent agency %(code)s does not exist.")
                % {"code": data["parent"]},
            )
    if errors:
        return ImportResult(0, 0, errors.as_text())
    return _write(parsed)


@transaction.atomic
def _write(parsed: list[tuple[int, dict]]) -> ImportResult:
    created = updated = 0
    for _number, data in parsed:
        fields = {k: v for k, v in data.items() if k not in ("code", "parent")}
        if not fields["electronic_code"]:
            # A list without the column keeps the codes already entered.
            del fields["electronic_code"]
        _agency, was_created = Agency.objects.update_or_create(
            code=data["code"], defaults=fields
        )
        created += was_created
        updated += not was_created
    # Parents in a second pass: a child row may come before its parent's row.
    by_code = {a.code: a for a in Agency.objects.all()}
    for _number, data in parsed:
        agency = by_code[data["code"]]
        parent = by_code.get(data["parent"]) if data["parent"] else None
        if agency.parent_id != (parent.pk if parent else None):
            agency.parent = parent
            agency.save(update_fields=["parent"])
    return ImportResult(created, updated, [])
