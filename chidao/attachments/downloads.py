"""The one way a stored file leaves the server (SECURITY.md 3, 38).

Always as a download, never inline; the Vietnamese name kept through RFC 6266
`filename*`; nosniff and a sandbox policy in case a browser renders it anyway.
Behind nginx (ATTACHMENT_ACCEL_REDIRECT set, files on the local store) the app
authorises and names the file, and nginx sends the bytes from an `internal`
location (X-Accel-Redirect), which no client can request directly.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse

from chidao.lib.http import content_disposition

from .filetypes import SAFE_MIMES
from .models import Attachment

security_log = logging.getLogger("chidao.security")


def _missing(attachment: Attachment) -> Http404:
    security_log.error(
        "attachment missing from storage: id=%s stored=%s",
        attachment.pk,
        attachment.stored_name,
    )
    return Http404()


def _accel_prefix() -> str:
    """The nginx internal location, when nginx can read the stored files."""
    prefix = settings.ATTACHMENT_ACCEL_REDIRECT
    if prefix and isinstance(default_storage, FileSystemStorage):
        return "/" + prefix.strip("/") + "/"
    return ""


def download_response(attachment: Attachment) -> HttpResponse:
    """Send a clean attachment; callers have checked visibility and status."""
    mime = attachment.content_type_detected
    if mime not in SAFE_MIMES:
        mime = "application/octet-stream"
    prefix = _accel_prefix()
    if prefix:
        if not default_storage.exists(attachment.stored_name):
            raise _missing(attachment)
        response: HttpResponse = HttpResponse(content_type=mime)
        response["X-Accel-Redirect"] = prefix + quote(attachment.stored_name)
        response["Content-Length"] = "0"
    else:
        try:
            file = default_storage.open(attachment.stored_name, "rb")
        except FileNotFoundError as exc:
            raise _missing(attachment) from exc
        response = FileResponse(file, content_type=mime)
    response["Content-Disposition"] = content_disposition(attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    # base-uri and frame-ancestors do not fall back to default-src (SECURITY.md 29).
    response["Content-Security-Policy"] = (
        "default-src 'none'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; sandbox"
    )
    return response
