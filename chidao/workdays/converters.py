from datetime import date


class IsoDateConverter:
    """`YYYY-MM-DD` in a URL path, as a date; anything else does not match."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)  # ValueError → no match → 404

    def to_url(self, value: date) -> str:
        return value.isoformat()
