"""HTTP helpers: downloads (attachments, reports, exports) and API.md errors."""

import re
import unicodedata
from urllib.parse import quote

from django.http import JsonResponse
from django.utils.translation import gettext as _


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback and the exact name as UTF-8 (RFC 6266).

    Django's `content_disposition_header` sends only `filename*` for a
    Vietnamese name; the fallback keeps old browsers from saving "download".
    """
    folded = name.replace("đ", "d").replace("Đ", "D")
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    fallback = re.sub(r"[^A-Za-z0-9._ -]", "_", folded).strip() or "download"
    return (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    )


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("The request could not be processed."), "bad_request"),
        403: (_("You are not allowed to do this."), "permission_denied"),
        404: (_("Not found."), "not_found"),
        405: (_("This method is not allowed here."), "method_not_allowed"),
        413: (_("The request is too large."), "too_large"),
        429: (_("Too many requests. Try again later."), "throttled"),
        500: (_("Something went wrong on the server. Try again later."), "error"),
    }


def api_error(status: int, detail: str = "") -> JsonResponse:
    """The JSON error answer for `status`, as API.md fixes it."""
    default, code = _messages().get(
        status, (_("The request could not be processed."), "error")
    )
    detail = detail or default
    return JsonResponse(
        {"detail": detail, "code": code},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
