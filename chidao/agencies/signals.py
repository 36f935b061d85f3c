"""Hooks for apps below `agencies` (accounts, tasks) to follow a merge."""

from django.dispatch import Signal

# Sent inside the merge transaction with merge=AgencyMerge, by=User.
# Receivers move what belongs to the dissolved agency and return a count.
agency_merged = Signal()
