"""Forms of the task pages: parsing and shape-checking only, no side effects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.accounts.models import Role, User
from chidao.agencies.models import Agency
from chidao.directives.models import Directive
from chidao.lib.bounds import TEXT_MAX
from chidao.lib.dates import DayField
from chidao.lib.forms import QuickHiddenInput, QuickSelect, QuickTextInput

from .models import Sector, Task
from .standing import ReportStatus

# The largest id a BigAutoField holds on SQLite and PostgreSQL: a larger number
# in a filter would overflow the query instead of finding nothing.
MAX_ID = 2**63 - 1


def lead_agency_choices() -> Any:
    return Agency.objects.active().exclude(kind=Agency.Kind.COMMITTEE)


def grouped_agency_choices(agencies: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    """Departments, localities, the Office, then each agency's own units under
    it: a unit is never mistaken for its agency (issue 16)."""
    rows = list(agencies.select_related("parent").order_by("name"))
    named = {
        Agency.Kind.DEPARTMENT: str(_("Departments and agencies")),
        Agency.Kind.LOCALITY: str(_("Localities")),
        Agency.Kind.OFFICE: str(_("The Office")),
        Agency.Kind.OFFICE_DIVISION: str(_("The Office")),
    }
    groups: dict[str, list[tuple[int, str]]] = {}
    for label in named.values():
        groups.setdefault(label, [])
    for agency in rows:
        if agency.kind in named:
            label = named[agency.kind]
        else:
            parent = agency.parent.name if agency.parent else ""
            label = str(_("Units of %(agency)s") % {"agency": parent})
        groups.setdefault(label, []).append((agency.pk, agency.name))
    return [(label, choices) for label, choices in groups.items() if choices]


def tracking_officer_choices() -> Any:
    return (
        User.objects.filter(is_active=True)
        .with_role(Role.TRACKING_OFFICER, Role.OFFICE_LEAD)
        .order_by("full_name")
    )


class TaskFieldsForm(forms.Form):
    """The fields of one task (Art. 5.1 c-đ-e), for one row or one page."""

    content = forms.CharField(
        label=_("Task content"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lead_agency = forms.ModelChoiceField(
        label=_("Lead agency"), queryset=Agency.objects.none()
    )
    cooperating_agencies = forms.ModelMultipleChoiceField(
        label=_("Cooperating agencies"),
        queryset=Agency.objects.none(),
        required=False,
        # js/agency_select.js turns it into a searchable list (Tom Select).
        widget=forms.SelectMultiple(
            attrs={
                "size": 4,
                "data-searchable": "",
                "data-placeholder": _("Type to find an agency…"),
            }
        ),
        help_text=_("Hold Ctrl to choose several."),
    )
    # js/task_kind.js shows the deadline or the period the kind asks for.
    kind = forms.ChoiceField(
        label=_("Kind of task"),
        choices=Task.Kind.choices,
        widget=forms.Select(
            attrs={
                "data-task-kind": "",
                "data-deadline-kinds": " ".join(sorted(Task.DEADLINE_KINDS)),
                "data-period-kinds": Task.Kind.PERIODIC_REPORT,
            }
        ),
    )
    deadline = DayField(label=_("Deadline"), required=False)
    period = forms.ChoiceField(
        label=_("Reporting period"), choices=Task.Period.choices, required=False
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.none(), required=False
    )
    tracking_officer = forms.ModelChoiceField(
        label=_("Tracking officer"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = lead_agency_choices()
        self.fields["lead_agency"].queryset = agencies
        self.fields["cooperating_agencies"].queryset = agencies
        groups = grouped_agency_choices(agencies)
        self.fields["lead_agency"].widget.choices = [("", "---------"), *groups]
        self.fields["cooperating_agencies"].widget.choices = groups
        if "sector" in self.fields:  # a subclass may leave these out
            self.fields["sector"].queryset = Sector.objects.filter(active=True)
        if "tracking_officer" in self.fields:
            self.fields["tracking_officer"].queryset = tracking_officer_choices()

    @classmethod
    def initial_for(cls, task: Task) -> dict[str, Any]:
        """The task's values for the fields this form shows."""
        values = {
            "content": task.content,
            "lead_agency": task.lead_agency_id,
            "cooperating_agencies": list(
                task.cooperating_agencies.values_list("pk", flat=True)
            ),
            "kind": task.kind,
            "deadline": task.deadline,
            "period": task.period,
            "sector": task.sector_id,
            "tracking_officer": task.tracking_officer_id,
        }
        return {name: v for name, v in values.items() if name in cls.base_fields}

    def task_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["cooperating_agencies"] = list(data.get("cooperating_agencies") or [])
        data["period"] = data.get("period") or ""
        return data


class TaskRowForm(TaskFieldsForm):
    """One row of the several-tasks table on the new-directive page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content"].widget.attrs["rows"] = 2
        self.fields["cooperating_agencies"].help_text = ""

    def has_changed(self) -> bool:
        """A row counts once it says what to do, who leads it or by when."""
        return any(
            str(self.data.get(self.add_prefix(name), "")).strip()
            for name in ("content", "lead_agency", "deadline")
        )


class TaskEditForm(TaskFieldsForm):
    version = forms.IntegerField(widget=QuickHiddenInput)


class ActionForm(forms.Form):
    """What one workflow step asks for (see `workflow.Step.form`)."""

    # The task's version when the page was shown: sent twice, or after someone
    # else acted, the form finds the task moved on (SECURITY.md 52, 54).
    version = forms.IntegerField(required=False, widget=QuickHiddenInput)

    @property
    def asks_for_input(self) -> bool:
        """False for a step that is one button (accept, confirm, hand over)."""
        return any(not field.is_hidden for field in self)

    def step_data(self) -> dict[str, Any]:
        """The cleaned input without the version, for `workflow.perform`."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ConfirmForm(ActionForm):
    pass


class ReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class OptionalReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("Note"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ApproveExtensionForm(OptionalReasonForm):
    new_deadline = DayField(
        label=_("Grant another date"),
        required=False,
        help_text=_("Leave it empty to grant the date asked for."),
    )


class ReportForm(ActionForm):
    text = forms.CharField(
        label=_("Progress and results"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    difficulties = forms.CharField(
        label=_("Difficulties and obstacles"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    proposals = forms.CharField(
        label=_("Proposals and recommendations"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    done = forms.BooleanField(label=_("The task is completed"), required=False)
    completed_on = DayField(label=_("Completion date"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("done") and not data.get("completed_on"):
            self.add_error("completed_on", _("Enter the date the task was completed."))
        return data


class ReopenForm(ReasonForm):
    done_wrongly = forms.BooleanField(
        label=_("The task was done wrongly (Art. 10.4)"),
        required=False,
        help_text=_("Counted in the reports as a task done wrongly."),
    )


class AdjustForm(ActionForm, TaskFieldsForm):
    """Art. 10.4: the office lead changes a task already handed over."""

    sector = None
    tracking_officer = None
    reason = forms.CharField(
        label=_("Reason for the adjustment"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = [
        "content",
        "lead_agency",
        "cooperating_agencies",
        "kind",
        "deadline",
        "period",
        "reason",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].help_text = _(
            "A new lead agency receives the task anew and accepts it."
        )

    def step_data(self) -> dict[str, Any]:
        data = super().step_data()
        data["cooperating_agencies"] = list(data.get("cooperating_agencies") or [])
        data["period"] = data.get("period") or ""
        return data


class ExtensionForm(ActionForm):
    new_deadline = DayField(label=_("New deadline"))
    reason = forms.CharField(
        label=_("Reason"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class CompletionForm(ActionForm):
    completed_on = DayField(label=_("Correct completion date"))
    reason = forms.CharField(
        label=_("Reason"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(ActionForm):
    text = forms.CharField(
        label=_("Comment"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def leader_choices() -> Any:
    """The leaders a direction can be written for (Chairman, Vice Chairmen)."""
    return (
        User.objects.filter(is_active=True).with_role(Role.LEADER).order_by("full_name")
    )


class DirectionForm(ActionForm):
    text = forms.CharField(
        label=_("Direction"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Only for an office lead writing a leader's direction down; a leader
    # writes their own and the page leaves the field out.
    on_behalf_of = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "The leader whose direction this is (default: the directing "
            "leader of the directive)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"].queryset = leader_choices()


class UrgeForm(ActionForm):
    message = forms.CharField(
        label=_("Message"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: what the agency must do now."),
    )


class AskDirectionForm(ActionForm):
    leader = forms.ModelChoiceField(
        label=_("Leader asked"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Default: the directing leader of the directive."),
    )
    question = forms.CharField(
        label=_("Question"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the leader must decide, e.g. the agencies' differing views."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leader_choices()


class SubtaskForm(forms.Form):
    lead_agency = forms.ModelChoiceField(
        label=_("Unit"), queryset=Agency.objects.none()
    )
    content = forms.CharField(
        label=_("What the unit must do"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    deadline = DayField(label=_("Deadline"), required=False)

    def __init__(self, *args: Any, parent: Task, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "subtask")
        super().__init__(*args, **kwargs)
        units = Agency.objects.subtree_ids(parent.lead_agency_id) - {
            parent.lead_agency_id
        }
        self.fields["lead_agency"].queryset = Agency.objects.active().filter(
            pk__in=units
        )


SORTS = {
    "deadline": ("deadline", "id"),
    "-deadline": ("-deadline", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "agency": ("lead_agency__name", "id"),
    "-agency": ("-lead_agency__name", "-id"),
    "state": ("state", "id"),
    "-state": ("-state", "-id"),
    "number": ("directive__number", "id"),
    "-number": ("-directive__number", "-id"),
}


class TaskFilterForm(forms.Form):
    """The list filters; all kept in the URL so lists can be shared."""

    q = forms.CharField(
        label=_("Text"), required=False, max_length=200, widget=QuickTextInput
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label="—",
        widget=QuickSelect,
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", "—"), *Task.State.choices],
        required=False,
        widget=QuickSelect,
    )
    report_status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", "—"),
            *ReportStatus.choices,
            ("due_soon", _("Due soon")),
            ("overdue_open", _("Overdue, accepted or not")),
        ],
        required=False,
        widget=QuickSelect,
    )
    deadline_from = DayField(label=_("Deadline from"), required=False)
    deadline_to = DayField(label=_("Deadline to"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[("", "—"), *Directive.Kind.choices],
        required=False,
        widget=QuickSelect,
    )
    task_kind = forms.ChoiceField(
        label=_("Kind of task"),
        choices=[("", "—"), *Task.Kind.choices],
        required=False,
        widget=QuickSelect,
    )
    leader = forms.ModelChoiceField(
        label=_("Directing leader"),
        queryset=User.objects.none(),
        required=False,
        empty_label="—",
        widget=QuickSelect,
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.none(),
        required=False,
        empty_label="—",
        widget=QuickSelect,
    )
    directive = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=QuickHiddenInput
    )
    issued_from = DayField(label=_("Issued from"), required=False)
    issued_to = DayField(label=_("Issued to"), required=False)
    as_of = DayField(label=_("Status as of"), required=False)
    # Set by the report pages' links so the list shows exactly the tasks counted.
    counted = forms.BooleanField(required=False, widget=QuickHiddenInput)
    lead_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), required=False, widget=QuickHiddenInput
    )
    tracking_officer = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, widget=QuickHiddenInput
    )
    without = forms.ChoiceField(
        choices=[
            ("", ""),
            ("leader", "leader"),
            ("sector", "sector"),
            ("tracking_officer", "tracking_officer"),
        ],
        required=False,
        widget=QuickHiddenInput,
    )
    handover = forms.ChoiceField(
        choices=[
            ("", ""),
            *((k, k) for k in ("handed", "on_time", "late", "pending_late", "pending")),
        ],
        required=False,
        widget=QuickHiddenInput,
    )
    sort = forms.ChoiceField(
        choices=[(k, k) for k in SORTS], required=False, widget=QuickHiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.exclude(
            kind=Agency.Kind.COMMITTEE
        )
        self.fields["leader"].queryset = User.objects.with_role(Role.LEADER).order_by(
            "full_name"
        )
        self.fields["sector"].queryset = Sector.objects.all()
        self.fields["lead_agency"].queryset = Agency.objects.all()
        self.fields["tracking_officer"].queryset = User.objects.all()
