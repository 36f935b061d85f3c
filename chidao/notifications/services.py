"""Sending notices: in-app rows first, then e-mail for the rows just created."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from uuid import uuid4

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from chidao.accounts.models import User
from chidao.lib.errors import NotAllowed

from .models import Notification

log = logging.getLogger(__name__)

CHUNK = 500


@dataclass(frozen=True)
class Notice:
    """One notice for one user; `key` makes it once-only for that user."""

    recipient: User
    title: str
    body: str = ""
    url: str = ""
    key: str | None = None


def notify(
    users: Iterable[User],
    *,
    title: str,
    body: str = "",
    url: str = "",
    key: str | None = None,
    email: bool = True,
) -> int:
    """Notify each active user once per `key`; returns how many notices are new."""
    return deliver(
        [Notice(u, title=title, body=body, url=url, key=key) for u in users],
        email=email,
    )


def language_of(user: User) -> str:
    """The language `user` reads notices in (the site's unless they chose)."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def written_for(
    users: Iterable[User],
    render: Callable[[], tuple[str, str]],
    *,
    url: str = "",
    key: str | None = None,
) -> list[Notice]:
    """One notice per user, its (title, body) rendered in that user's language."""
    texts: dict[str, tuple[str, str]] = {}
    notices = []
    for user in users:
        language = language_of(user)
        if language not in texts:
            with translation.override(language):
                texts[language] = render()
        title, body = texts[language]
        notices.append(Notice(user, title=title, body=body, url=url, key=key))
    return notices


def deliver(notices: Iterable[Notice], *, email: bool = True) -> int:
    """Store many notices in a fixed number of queries; e-mail the new ones.

    A (recipient, key) pair that already exists is skipped, also when another
    worker inserts it at the same moment (the unique constraint decides). The
    e-mails go out after the surrounding transaction commits.
    """
    wanted: dict[tuple[int, str | None], Notice] = {}
    unkeyed: list[Notice] = []
    for notice in notices:
        if not notice.recipient.is_active:
            continue
        if notice.key is None:
            unkeyed.append(notice)
        else:
            wanted.setdefault((notice.recipient.pk, notice.key), notice)
    for pair in _existing(wanted):
        wanted.pop(pair, None)
    todo = [*wanted.values(), *unkeyed]
    if not todo:
        return 0
    batch = uuid4().hex
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=n.recipient,
                title=n.title[:300],
                body=n.body,
                url=n.url[:500],
                key=n.key,
                batch=batch,
            )
            for n in todo
        ],
        ignore_conflicts=True,
        batch_size=CHUNK,
    )
    created = list(
        Notification.objects.filter(batch=batch).values_list("pk", flat=True)
    )
    if email:
        for start in range(0, len(created), CHUNK):
            transaction.on_commit(
                partial(send_emails, created[start : start + CHUNK]), robust=True
            )
    return len(created)


def _existing(
    pairs: dict[tuple[int, str | None], Notice],
) -> set[tuple[int, str | None]]:
    """The (recipient, key) pairs already notified: skipped before inserting."""
    found: set[tuple[int, str | None]] = set()
    keys = sorted({key for _pk, key in pairs})
    recipients = {pk for pk, _key in pairs}
    # In chunks: SQLite limits the number of parameters in one query.
    for start in range(0, len(keys), CHUNK):
        found.update(
            Notification.objects.filter(
                key__in=keys[start : start + CHUNK], recipient_id__in=recipients
            ).values_list("recipient_id", "key")
        )
    return found & pairs.keys()


def _absolute(url: str) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") and base else url


def send_emails(ids: list[int]) -> int:
    """E-mail the not yet e-mailed notices `ids` to recipients with an address."""
    rows = list(
        Notification.objects.filter(
            pk__in=ids, emailed_at__isnull=True, recipient__is_active=True
        )
        .exclude(recipient__email="")
        .select_related("recipient")
    )
    if not rows:
        return 0
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for n in rows:
            text = render_to_string(
                "notifications/email.txt",
                {"notification": n, "link": _absolute(n.url)},
            )
            messages.append(
                EmailMessage(
                    subject=f"[ChiDao] {n.title}"[:250],
                    body=text,
                    to=[n.recipient.email],
                )
            )
    try:
        sent = get_connection().send_messages(messages) or 0
    except Exception:  # the notice stays in-app; e-mail is best effort
        log.exception("Could not e-mail %d notifications", len(messages))
        return 0
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
        emailed_at=timezone.now()
    )
    return sent


def mark_read(
    notification: Notification, *, by: User, at: datetime | None = None
) -> Notification:
    """Mark one of the user's own notices read (no-op when already read)."""
    if notification.recipient_id != by.pk:
        raise NotAllowed
    at = at or timezone.now()
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=at
    )
    notification.refresh_from_db(fields=["read_at"])
    return notification


def mark_all_read(*, by: User, at: datetime | None = None) -> int:
    """Mark all the user's unread notices read; returns how many."""
    return (
        Notification.objects.for_user(by).unread().update(read_at=at or timezone.now())
    )
