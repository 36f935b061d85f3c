"""Writing and checking the audit trail.

`record()` is the one call every app makes; `snapshot()` turns a row into the
before/after dicts. `verify_chain()` recomputes every hash.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from .context import current
from .models import AuditEvent

GENESIS = "0" * 64
# Any constant: the advisory lock that serialises writers on PostgreSQL.
_CHAIN_LOCK = 672_2019


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The concrete field values of `obj` (foreign keys as ids), JSON-ready.

    Password hashes and other secrets are never copied into the trail.
    """
    names = (
        list(fields)
        if fields is not None
        else [f.attname for f in obj._meta.concrete_fields]
    )
    data = {}
    for name in names:
        if name in {"password", "digest", "token_key"}:
            continue
        data[name] = _jsonable(getattr(obj, name, None))
    return data


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys whose values differ, on each side."""
    keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
    return ({k: before.get(k) for k in keys}, {k: after.get(k) for k in keys})


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    # SQLite runs write transactions one at a time (transaction_mode IMMEDIATE).


@transaction.atomic
def record(
    action: str,
    *,
    obj: models.Model | None = None,
    by: Any = None,
    before: dict | None = None,
    after: dict | None = None,
    object_type: str = "",
    object_id: object = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append one event: `by` did `action` to `obj`, turning `before` into `after`."""
    _lock_chain()
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    context = current.get()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        at=timezone.now(),
        actor_id=getattr(by, "pk", None),
        actor=(by.get_username() if hasattr(by, "get_username") else str(by or ""))[
            :150
        ],
        action=action,
        object_type=object_type or (obj._meta.label if obj is not None else ""),
        object_id=str(object_id or (obj.pk if obj is not None else ""))[:64],
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        before=_jsonable(before or {}),
        after=_jsonable(after or {}),
        request_id=context.request_id,
        ip=context.ip,
        prev_hash=last.hash if last else GENESIS,
    )
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


def verify_chain() -> Iterator[ChainProblem]:
    """Every row whose hash or link to the previous row does not hold."""
    previous = GENESIS
    expected_seq = 1
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            yield ChainProblem(
                event.seq, f"rows {expected_seq}–{event.seq - 1} missing"
            )
        if event.prev_hash != previous:
            yield ChainProblem(event.seq, "does not follow the row before it")
        if event.compute_hash() != event.hash:
            yield ChainProblem(event.seq, "content changed after it was written")
        previous = event.hash
        expected_seq = event.seq + 1
