"""Small template helpers for task lists: sortable column headers."""

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.translation import gettext as _

from chidao.lib.dates import show_day
from chidao.tasks import naming
from chidao.tasks.models import Task
from chidao.tasks.naming import TITLE_LENGTH

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_link(context: dict, key: str, label: str) -> str:
    """A column header that sorts by `key`, toggling the direction, filters kept."""
    request = context["request"]
    current = context.get("sort") or ""
    params: QueryDict = request.GET.copy()
    params.pop("page", None)
    if current == key:
        params["sort"] = f"-{key}"
        arrow, state = " ▲", "ascending"
    elif current == f"-{key}":
        params["sort"] = key
        arrow, state = " ▼", "descending"
    else:
        params["sort"] = key
        arrow, state = "", "none"
    return format_html(
        '<a href="?{}" class="sort sort-{}">{}{}</a>',
        params.urlencode(),
        state,
        label,
        arrow,
    )


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key) if mapping else None


@register.filter
def field_label(name: str) -> str:
    """The translated label of a Task field, for the edits in the timeline."""
    from chidao.tasks.models import Task

    try:
        return str(Task._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - an unknown name is shown as it is
        return name


@register.filter
def change_value(value: object, name: str) -> object:
    """A recorded value as the page shows it: choice codes become their labels."""
    from chidao.tasks.models import Task

    choices = {"kind": Task.Kind, "period": Task.Period}.get(name)
    if choices is not None and value in choices.values:
        return choices(value).label
    return value


@register.filter
def task_title(task: Task, length: int = TITLE_LENGTH) -> str:
    """ "312/TB-VP · Kiểm tra, xử lý vi phạm…" (tasks/naming.py)."""
    return naming.task_title(task, length)


# A list row's two busiest cells, written here rather than included per row:
# an include cost ~0.1 ms a row (issue 12: a work-queue page shows 85 rows).


@register.simple_tag
def status_badge(task: Task) -> str:
    """The task's status badge (`selectors.display_status`), or nothing."""
    badge = getattr(task, "badge", None)
    if not badge or not badge[0]:
        return ""
    return format_html('<span class="status status-{}">{}</span>', badge[0], badge[1])


@register.simple_tag
def deadline_cell(task: Task) -> str:
    """The deadline dd/mm/yyyy with "còn 3 ngày làm việc" beside it (UI.md);
    with no deadline, the next periodic report's due day if any."""
    dates = getattr(task, "dates", None)
    if task.deadline:
        shown = show_day(task.deadline)
        text = dates.deadline_text if dates is not None else ""
        if not text:
            return shown
        tone = "late" if dates.is_overdue else "soon" if dates.due_soon else "muted"
        return format_html('{}<br><small class="{}">{}</small>', shown, tone, text)
    nothing = format_html('<span class="muted">{}</span>', _("No deadline"))
    if dates is not None and dates.next_period_due:
        return format_html(
            "{}<br><small>{}: {}</small>",
            nothing,
            _("Next periodic report"),
            show_day(dates.next_period_due),
        )
    return nothing
