"""Security events as one JSON line each (SECURITY.md 45, 47).

Each line says who (account), from where (ip), what (action, target), the
result and when (ISO 8601 with offset). Passwords, session keys and tokens are
never passed in; JSON escaping keeps a crafted user name on one line.
"""

import json
import logging

from django.http import HttpRequest
from django.utils import timezone

from .net import client_ip

logger = logging.getLogger("chidao.security")


def log_security_event(
    action: str,
    *,
    result: str,
    request: HttpRequest | None = None,
    account: str = "",
    target: str = "",
) -> None:
    """Write one structured security line."""
    line = {
        "at": timezone.localtime().isoformat(),
        "action": action,
        "result": result,
        "account": account[:150],
        "ip": client_ip(request),
        "target": target or (request.path if request is not None else ""),
    }
    logger.info(json.dumps(line, ensure_ascii=False))
