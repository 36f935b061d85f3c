"""The one way a stored file leaves the server (SECURITY.md 3, 38).

Always as a download, never inline; the Vietnamese name kept through RFC 6266
`filename*`; nosniff and a sandbox policy in case a browser renders it anyway.
"""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from chidao.lib.http import content_disposition

from .filetypes import SAFE_MIMES
from .models import Attachment

security_log = logging.getLogger("chidao.security")


def download_response(attachment: Attachment) -> FileResponse:
    """Stream a clean attachment; callers have checked visibility and status."""
    mime = attachment.content_type_detected
    if mime not in SAFE_MIMES:
        mime = "application/octet-stream"
    try:
        file = default_storage.open(attachment.stored_name, "rb")
    except FileNotFoundError as exc:
        security_log.error(
            "attachment missing from storage: id=%s stored=%s",
            attachment.pk,
            attachment.stored_name,
        )
        raise Http404 from exc
    response = FileResponse(file, content_type=mime)
    response["Content-Disposition"] = content_disposition(attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    # base-uri and frame-ancestors do not fall back to default-src (SECURITY.md 29).
    response["Content-Security-Policy"] = (
        "default-src 'none'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; sandbox"
    )
    return response
