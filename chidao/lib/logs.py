"""One JSON object per log line on stdout, for journald and a log shipper.

Lines that are already JSON (the security log, SECURITY.md 45) are nested as
an object under "event" rather than quoted as a string.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from django.utils import timezone
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter


class JsonFormatter(BaseJsonFormatter):
    """time (ISO 8601 with offset), level, logger, message or event, exc_info."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("json_ensure_ascii", False)
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)

    def add_fields(
        self,
        log_data: dict[str, Any],
        record: logging.LogRecord,
        message_dict: dict[str, Any],
    ) -> None:
        log_data["time"] = datetime.fromtimestamp(
            record.created, tz=timezone.get_default_timezone()
        ).isoformat(timespec="milliseconds")
        super().add_fields(log_data, record, message_dict)
        message = log_data.get("message")
        if isinstance(message, str) and message.startswith("{"):
            try:
                event = json.loads(message)
            except ValueError:
                return
            if isinstance(event, dict):
                log_data["event"] = event
                del log_data["message"]
