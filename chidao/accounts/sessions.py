"""Database sessions whose idle expiry is written at most once a minute.

`SESSION_SAVE_EVERY_REQUEST` moves a session's expiry forward on every page
(the idle limit, SECURITY.md): a database write and a commit per GET, which
at 300 sessions was a write for every page read (issue 12). An unchanged
session is written again only when its stored expiry is more than
`REFRESH_SECONDS` behind the one the request would give, so a session may
end up to a minute before the idle limit, never after it. Any change to the
session's data is written as before.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

REFRESH_SECONDS = 60


class SessionStore(DatabaseStore):
    _stored_expiry: datetime | None = None

    def _get_session_from_db(self) -> Any:
        stored = super()._get_session_from_db()
        self._stored_expiry = stored.expire_date if stored is not None else None
        return stored

    def save(self, must_create: bool = False) -> None:
        if (
            not must_create
            and not self.modified
            and self.session_key is not None
            and self._stored_expiry is not None
            and self.get_expiry_date() - self._stored_expiry
            < timedelta(seconds=REFRESH_SECONDS)
        ):
            return
        super().save(must_create=must_create)
        self._stored_expiry = self.get_expiry_date()
