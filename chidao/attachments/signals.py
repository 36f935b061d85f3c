"""Hooks for the apps below: a refused or infected upload is a task event.

`attachment_refused(sender, attachment, parent, reason, by)` is sent after
every refusal: `attachment` is None when nothing was stored (type or size),
and `by` is None when a later re-scan found the problem.
"""

from django.dispatch import Signal

attachment_refused = Signal()
