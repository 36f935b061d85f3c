"""Build each task's history from the events already stored, and date reports.

The events say when each step happened; the values a step did not record
(an edit stored the agency's name, not its id) are taken back from the task
as it is now, walking the edits backwards. The last row always equals the
task, so what is true today stays true.
"""

from datetime import date

from django.db import migrations
from django.utils import timezone
from django.utils.dateparse import parse_date

STEP_STATES = {
    "hand_over": "handed_over",
    "accept": "accepted",
    "return": "returned",
    "revise": "draft",
    "confirm": "confirmed_done",
    "reopen": "accepted",
    "cancel": "cancelled",
}
COPIED = (
    "state",
    "lead_agency_id",
    "tracking_officer_id",
    "sector_id",
    "kind",
    "period",
    "deadline",
    "original_deadline",
    "report_due",
    "completed_on",
    "confirmed_on",
)


def _day(value):
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else parse_date(str(value))


def _report_due(deadline):
    if deadline is None:
        return None
    from chidao.workdays.calendar import add_working_days

    return add_working_days(deadline, 5)


def _initial(task, events, agencies_by_name):
    """The task's values before its first event, from its edits backwards."""
    values = {name: getattr(task, name) for name in COPIED}
    for event in reversed(events):
        data = event.data or {}
        if event.action == "update":
            for name, (old, _new) in (data.get("changes") or {}).items():
                if name in ("deadline",):
                    values["deadline"] = _day(old)
                elif name in ("kind", "period"):
                    values[name] = old or ""
                elif name == "lead_agency" and old in agencies_by_name:
                    values["lead_agency_id"] = agencies_by_name[old]
        elif event.action == "approve_extension" and data.get("old_deadline"):
            values["deadline"] = _day(data["old_deadline"])
        elif event.action == "agency_moved" and data.get("role") == "lead":
            values["lead_agency_id"] = data.get("from") or values["lead_agency_id"]
    values.update(
        state="draft",
        original_deadline=values["deadline"],
        report_due=_report_due(values["deadline"]),
        completed_on=None,
        confirmed_on=None,
    )
    values["handed_over_on"] = None
    return values


def _apply(values, event, agencies_by_name):
    data = event.data or {}
    on = timezone.localdate(event.at)
    action = event.action
    if event.to_state:
        values["state"] = event.to_state
    elif action in STEP_STATES:
        values["state"] = STEP_STATES[action]
    if action == "hand_over":
        values["handed_over_on"] = on
    elif action == "report" and data.get("done"):
        values["completed_on"] = _day(data.get("completed_on"))
    elif action == "confirm":
        values["confirmed_on"] = on
    elif action == "reopen":
        values["completed_on"] = values["confirmed_on"] = None
    elif action == "approve_extension" and data.get("new_deadline"):
        values["deadline"] = _day(data["new_deadline"])
        values["report_due"] = _report_due(values["deadline"])
    elif action == "agency_moved" and data.get("role") == "lead" and data.get("to"):
        values["lead_agency_id"] = data["to"]
    elif action == "update":
        for name, (_old, new) in (data.get("changes") or {}).items():
            if name == "deadline":
                values["deadline"] = values["original_deadline"] = _day(new)
                values["report_due"] = _report_due(values["deadline"])
            elif name in ("kind", "period"):
                values[name] = new or ""
            elif name == "lead_agency" and new in agencies_by_name:
                values["lead_agency_id"] = agencies_by_name[new]


def build(apps, schema_editor):
    Task = apps.get_model("tasks", "Task")
    TaskEvent = apps.get_model("tasks", "TaskEvent")
    TaskHistory = apps.get_model("tasks", "TaskHistory")
    ProgressReport = apps.get_model("tasks", "ProgressReport")
    Agency = apps.get_model("agencies", "Agency")

    reports = []
    for report in ProgressReport.objects.filter(filed_on__isnull=True).iterator():
        report.filed_on = timezone.localdate(report.at)
        reports.append(report)
    ProgressReport.objects.bulk_update(reports, ["filed_on"], batch_size=1000)

    agencies_by_name = dict(Agency.objects.values_list("name", "pk"))
    rows = []
    for task in Task.objects.order_by("pk").iterator(chunk_size=500):
        events = list(TaskEvent.objects.filter(task_id=task.pk).order_by("at", "id"))
        values = _initial(task, events, agencies_by_name)
        start = timezone.localdate(task.created_at)
        timeline = [(start, dict(values))]
        for event in events:
            _apply(values, event, agencies_by_name)
            on = max(timezone.localdate(event.at), timeline[-1][0])
            if values != timeline[-1][1]:
                if on == timeline[-1][0]:
                    timeline[-1] = (on, dict(values))
                else:
                    timeline.append((on, dict(values)))
        now = {name: getattr(task, name) for name in COPIED}
        now["handed_over_on"] = (
            timezone.localdate(task.handed_over_at) if task.handed_over_at else None
        )
        if timeline[-1][1] != now:
            # What the events could not say: the task as it is wins.
            timeline[-1] = (timeline[-1][0], now)
        for index, (on, row) in enumerate(timeline):
            until = timeline[index + 1][0] if index + 1 < len(timeline) else None
            rows.append(
                TaskHistory(task_id=task.pk, valid_from=on, valid_to=until, **row)
            )
        if len(rows) >= 2000:
            TaskHistory.objects.bulk_create(rows)
            rows = []
    TaskHistory.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0002_history_and_periodic_updates"),
        ("agencies", "__latest__"),
        ("workdays", "__latest__"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
