"""Hooks for apps that store dates computed from the calendar."""

from django.dispatch import Signal

# Sent with `day` (a date) after a DayOverride is added, changed or removed, once
# the calendar cache is cleared. Receivers recompute stored due dates; workdays
# itself knows nothing of them.
calendar_changed = Signal()
