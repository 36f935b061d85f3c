"""HTTP helpers shared by every download (attachments, reports, exports)."""

import re
import unicodedata
from urllib.parse import quote


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
