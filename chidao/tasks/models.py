"""Tasks, their reports, comments, extension requests and append-only events."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chidao.agencies.models import Agency
from chidao.directives.models import Directive, search_key
from chidao.lib.urls import id_url

from . import standing

if TYPE_CHECKING:
    from chidao.accounts.models import User
    from chidao.workdays.calendar import WorkCalendar


class Sector(models.Model):
    """A field of state management (lĩnh vực), kept by the admin."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    code = models.SlugField(_("code"), max_length=32, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def search_text_of(content: str, directive: Directive) -> str:
    """What the accent-free search matches: the task and its directive."""
    return search_key(f"{content} {directive.number} {directive.summary}")


def _agency_ids_for(user: User) -> set[int]:
    return Agency.objects.subtree_ids(user.agency_id)


class TaskQuerySet(models.QuerySet["Task"]):
    def visible_to(self, user: User) -> TaskQuerySet:
        """All tasks for office, leaders and admins; else the user's agency's.

        An agency user sees tasks its agency leads or helps with, those its own
        units lead (Art. 9.2), and sub-tasks of tasks it helps with; never a
        task the Office has not handed over yet.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.reads_all:
            return self.all()
        if user.agency_id is None:
            return self.none()
        helping = Task.cooperating_agencies.through.objects.filter(
            agency_id=user.agency_id
        ).values("task_id")
        # A UNION of three index lookups, not `lead IN (…) OR id IN (…) OR
        # parent_id IN (…)`: an OR across a subquery cannot use an index and
        # reads every task (issue 12: 3–4 times slower at 1M).
        led = Task.objects.filter(lead_agency_id__in=_agency_ids_for(user))
        mine = (
            led.order_by()
            .values("pk")
            .union(
                helping.order_by(),
                Task.objects.filter(parent_id__in=helping).order_by().values("pk"),
            )
        )
        never_handed_over = Q(state=Task.State.DRAFT) | Q(handed_over_at__isnull=True)
        return self.filter(pk__in=mine).exclude(never_handed_over)

    def visible_led_by_agency_of(self, user: User) -> TaskQuerySet:
        """`visible_to(user)` narrowed to what the user's own agency leads,
        without the UNION: an agency sees every task it leads once handed
        over (the same rows, a fraction of the work at 1M: issue 12)."""
        return self._visible_part(user, Q(lead_agency_id=user.agency_id))

    def visible_led_by_units_of(self, user: User) -> TaskQuerySet:
        """`visible_to(user)` narrowed to what the units below the user's
        agency lead (Art. 9.2), without the UNION, as above."""
        units = _agency_ids_for(user) - {user.agency_id} if user.agency_id else set()
        return self._visible_part(user, Q(lead_agency_id__in=units))

    def visible_helped_by_agency_of(self, user: User) -> TaskQuerySet:
        """`visible_to(user)` narrowed to the tasks the user's own agency
        cooperates on (directly), without the UNION, as above."""
        helping = Task.cooperating_agencies.through.objects.filter(
            agency_id=user.agency_id
        ).values("task_id")
        return self._visible_part(user, Q(pk__in=helping))

    def _visible_part(self, user: User, part: Q) -> TaskQuerySet:
        # Each part is inside `visible_to`'s UNION; the hand-over rule stays.
        if not getattr(user, "is_authenticated", False) or user.agency_id is None:
            return self.none()
        if user.reads_all:
            return self.filter(part)
        never_handed_over = Q(state=Task.State.DRAFT) | Q(handed_over_at__isnull=True)
        return self.filter(part).exclude(never_handed_over)

    def open(self) -> TaskQuerySet:
        """Not confirmed done and not cancelled, now."""
        return self.exclude(state__in=Task.CLOSED_STATES)

    # -- standing as of a day (standing.py decides; these name its rules) --

    def with_standing(self, as_of: date) -> TaskQuerySet:
        """Join each task's history row valid on `as_of` (as `h`) and annotate
        `report_status` from it: what was true that day, whenever asked."""
        valid = Q(history__valid_from__lte=as_of) & (
            Q(history__valid_to__isnull=True) | Q(history__valid_to__gt=as_of)
        )
        return self.annotate(h=FilteredRelation("history", condition=valid)).annotate(
            report_status=standing.status_expression(as_of)
        )

    def _standing(self, as_of: date) -> TaskQuerySet:
        if "report_status" in self.query.annotations:
            return self
        return self.with_standing(as_of)

    def counted(self, as_of: date) -> TaskQuerySet:
        """What reports count as of `as_of`: handed over, not cancelled, not a
        sub-task (its parent counts for it)."""
        # Not `parent__isnull=True`: SQLite would walk the parent index over
        # nearly every task instead of using the narrower filters.
        return (
            self._standing(as_of)
            .filter(report_status__isnull=False)
            .exclude(parent__isnull=False)
        )

    def overdue(self, as_of: date) -> TaskQuerySet:
        """Open and past the deadline in force on `as_of`, accepted or not."""
        return self._standing(as_of).filter(report_status__in=standing.OPEN_OVERDUE)

    def due_soon(
        self, as_of: date, calendar: WorkCalendar | None = None
    ) -> TaskQuerySet:
        """Within the deadline, which is no more than 3 working days away."""
        until = standing.due_soon_until(as_of, calendar)
        return self._standing(as_of).filter(standing.due_soon_q(as_of, until))

    def awaiting_confirmation(self, as_of: date) -> TaskQuerySet:
        """Reported done, not yet confirmed by the Office (Art. 8.2)."""
        return self._standing(as_of).filter(report_status__in=standing.AWAITING)

    def report_late(self, as_of: date) -> TaskQuerySet:
        """Art. 7.2a: the report limit passed with no report filed by it."""
        return self._standing(as_of).filter(
            standing.report_late_q(ProgressReport, as_of)
        )

    def with_handover_status(self, as_of: date) -> TaskQuerySet:
        """Annotate `handover_status` (standing.HANDOVER_STATUSES) as of `as_of`."""
        if "handover_status" in self.query.annotations:
            return self
        return self._standing(as_of).annotate(
            handover_status=standing.handover_expression(as_of)
        )

    def search(self, text: str) -> TaskQuerySet:
        """Match content, directive number or summary without accents."""
        key = search_key(text)
        if not key:
            return self
        return self.filter(search_text__contains=key)


class Task(models.Model):
    """One thing to do, from one directive (Art. 2, 4, 5.1)."""

    class Kind(models.TextChoices):
        # Art. 4.1a, 4.1b, 4.2a, 4.2b.
        DEADLINE_REPORT = "deadline_report", _("With deadline, must submit or report")
        DEADLINE_ONLY = "deadline_only", _("With deadline, no submission or report")
        PERIODIC_REPORT = "periodic_report", _("No deadline, periodic report")
        NO_REPORT = "no_report", _("No deadline, no report")

    class Period(models.TextChoices):
        NONE = "", _("None")
        MONTH = "month", _("Monthly")
        QUARTER = "quarter", _("Quarterly")
        HALF_YEAR = "half_year", _("Half-yearly")
        YEAR = "year", _("Yearly")

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("task state", "Draft")
        HANDED_OVER = "handed_over", pgettext_lazy("task state", "Handed over")
        ACCEPTED = "accepted", pgettext_lazy("task state", "Accepted")
        RETURNED = "returned", pgettext_lazy("task state", "Returned")
        REPORTED_DONE = "reported_done", pgettext_lazy("task state", "Reported done")
        CONFIRMED_DONE = "confirmed_done", pgettext_lazy("task state", "Confirmed done")
        CANCELLED = "cancelled", pgettext_lazy("task state", "Cancelled")

    DEADLINE_KINDS = frozenset({Kind.DEADLINE_REPORT, Kind.DEADLINE_ONLY})
    CLOSED_STATES = frozenset({State.CONFIRMED_DONE, State.CANCELLED})

    directive = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    content = models.TextField(_("task content"))
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    cooperating_agencies = models.ManyToManyField(
        Agency,
        verbose_name=_("cooperating agencies"),
        blank=True,
        related_name="cooperating_tasks",
    )
    tracking_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tracking officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tracked_tasks",
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    kind = models.CharField(_("kind of task"), max_length=20, choices=Kind.choices)
    original_deadline = models.DateField(_("original deadline"), null=True, blank=True)
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("The deadline in force, after approved extensions."),
    )
    period = models.CharField(
        _("reporting period"), max_length=12, choices=Period.choices, blank=True
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=State.choices,
        default=State.DRAFT,
        db_index=True,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Art. 7.2a: deadline + 5 working days; recomputed whenever either moves.
    report_due = models.DateField(_("report due"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["deadline"], name="task_deadline_idx"),
            models.Index(fields=["lead_agency", "state"], name="task_lead_state_idx"),
            # The task list's default order (issue 12: 3 s at 1M without it).
            models.Index(fields=["-created_at", "-id"], name="task_created_idx"),
            # Today's list and queues for those who read every task, counted
            # from the index (state, overdue: tasks.reach.listed).
            models.Index(fields=["state", "deadline"], name="task_state_deadline_idx"),
            # The Office's work queues, per tracking officer (selectors).
            models.Index(
                fields=["tracking_officer", "state", "deadline"],
                condition=Q(parent__isnull=True),
                name="task_office_queue_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["deadline_report", "deadline_only"])
                | Q(deadline__isnull=False),
                name="task_deadline_kinds_have_deadline",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["deadline_report", "deadline_only"])
                | Q(deadline__isnull=True),
                name="task_no_deadline_kinds_have_none",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:100]

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        # Derived column, kept beside the row it is derived from.
        self.search_text = search_text_of(self.content, self.directive)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return id_url("tasks:detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.state not in self.CLOSED_STATES

    @property
    def has_deadline(self) -> bool:
        return self.kind in self.DEADLINE_KINDS

    def compute_report_due(self, calendar: WorkCalendar | None = None) -> date | None:
        """Art. 7.2a: 5 working days after the deadline in force."""
        return standing.report_due_for(self.deadline, calendar)

    def can_attach(self, user: User) -> bool:
        """Files may be added by the Office and by the lead agency's people."""
        from .permissions import is_lead_agency, is_tracker

        return is_tracker(user, self) or is_lead_agency(user, self)


def directives_visible_to(user: User) -> models.QuerySet[Directive]:
    """All for office staff, leaders and admins; else those with a visible task.

    Lives here, not on Directive: whether an agency sees a directive is decided
    by its tasks, and `directives` knows nothing of tasks.
    """
    if not getattr(user, "is_authenticated", False):
        return Directive.objects.none()
    if user.reads_all:
        return Directive.objects.all()
    visible = Task.objects.visible_to(user).filter(directive=OuterRef("pk"))
    return Directive.objects.filter(Exists(visible))


class TaskEntryQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> TaskEntryQuerySet:
        """Entries of the tasks `user` may see; everything else is a 404."""
        return self.filter(task__in=Task.objects.visible_to(user).values("pk"))


class TaskEntry:
    """What reports and comments share: shown on, and guarded by, their task."""

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return self.task.get_absolute_url()

    def can_attach(self, user: User) -> bool:
        """Only the author adds files to an entry."""
        return self.by_id == user.pk


class ProgressReport(TaskEntry, models.Model):
    """An agency's update on a task (báo cáo tiến độ, kết quả; Art. 6.2b)."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="reports"
    )
    text = models.TextField(_("report"))
    # Issue 15: what holds the agency back and what it asks of the leaders;
    # the periodic report gathers both per agency (Art. 9.1b).
    difficulties = models.TextField(_("difficulties and obstacles"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    is_done = models.BooleanField(_("task completed"), default=False)
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("reported at"), default=timezone.now)
    # The local day of `at`: the Art. 7.2 limits are counted in days.
    filed_on = models.DateField(_("filed on"), editable=False)

    objects = TaskEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["task", "filed_on"], name="report_task_filed_idx"),
        ]

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        self.filed_on = timezone.localdate(self.at)
        super().save(*args, **kwargs)


class SignOff(models.Model):
    """An officer's "done" report awaiting the agency head's approval (Art. 8.1).

    Not a progress report yet: the Office, the reports and the Art. 7.2 clocks
    see the report only once the head approves it, from that day on (the
    `ProgressReport` is then written, `report` names it).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting the head's approval")
        APPROVED = "approved", _("Approved by the head")
        SENT_BACK = "sent_back", _("Sent back by the head")

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="sign_offs"
    )
    text = models.TextField(_("report"))
    completed_on = models.DateField(_("completion date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("reported at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    report = models.OneToOneField(
        ProgressReport,
        verbose_name=_("progress report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sign_off",
    )

    class Meta:
        verbose_name = _("head's sign-off")
        verbose_name_plural = _("heads' sign-offs")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(state="pending"),
                name="one_pending_sign_off_per_task",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Comment(TaskEntry, models.Model):
    """An exchange on a task between the Office and the agencies (Art. 8)."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="comments"
    )
    text = models.TextField(_("comment"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("written at"), default=timezone.now)

    objects = TaskEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["at", "id"]


class ExtensionRequest(models.Model):
    """A lead agency's request to move a deadline (gia hạn)."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Awaiting decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        on_delete=models.PROTECT,
        related_name="extensions",
    )
    old_deadline = models.DateField(_("deadline before"))
    new_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(state="requested"),
                name="one_open_extension_request_per_task",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_deadline} → {self.new_deadline}"


class Direction(models.Model):
    """A leader's direction (ý kiến chỉ đạo) on a task or a whole directive.

    Art. 9.1c: the Office gathers the leaders' direction; a leader writes it,
    or an office lead writes it down for them (`by` is then not `leader`).
    `task` is empty for a direction on the whole directive.
    """

    directive = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        on_delete=models.PROTECT,
        related_name="directions",
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directions",
    )
    text = models.TextField(_("direction"))
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("directing leader"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("leader's direction")
        verbose_name_plural = _("leaders' directions")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["directive", "at"], name="direction_dir_idx")]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        if self.task_id is not None:
            return id_url("tasks:detail", self.task_id)
        return self.directive.get_absolute_url()

    @property
    def on_behalf(self) -> bool:
        """Written down by an office lead for the leader."""
        return self.by_id != self.leader_id


class DirectionRequest(models.Model):
    """The Office asks a leader for direction on a task (xin ý kiến, Art. 9.1c),
    e.g. when agencies disagree on it; the leader's direction answers it."""

    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        on_delete=models.PROTECT,
        related_name="direction_requests",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader asked"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answer = models.OneToOneField(
        Direction,
        verbose_name=_("answer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for direction")
        verbose_name_plural = _("requests for direction")
        ordering = ["asked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(answer__isnull=True),
                name="one_open_direction_request_per_task",
            ),
        ]

    def __str__(self) -> str:
        return self.question[:80]


class AppendOnly(Exception):
    """Raised when code tries to change or remove a recorded event."""


class TaskEventQuerySet(models.QuerySet["TaskEvent"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnly("Task events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Task events cannot be deleted.")


class TaskEvent(models.Model):
    """One step in a task's history: who, when, from, to, why (append-only)."""

    class Action(models.TextChoices):
        CREATE = "create", pgettext_lazy("task event", "Created")
        UPDATE = "update", pgettext_lazy("task event", "Edited")
        HAND_OVER = "hand_over", pgettext_lazy("task event", "Handed over")
        ACCEPT = "accept", pgettext_lazy("task event", "Accepted")
        RETURN = "return", pgettext_lazy("task event", "Returned")
        REVISE = "revise", pgettext_lazy("task event", "Revised for hand-over")
        REPORT = "report", pgettext_lazy("task event", "Progress report")
        CONFIRM = "confirm", pgettext_lazy("task event", "Confirmed done")
        REOPEN = "reopen", pgettext_lazy("task event", "Reopened")
        REQUEST_EXTENSION = (
            "request_extension",
            pgettext_lazy("task event", "Extension requested"),
        )
        APPROVE_EXTENSION = (
            "approve_extension",
            pgettext_lazy("task event", "Extension approved"),
        )
        REFUSE_EXTENSION = (
            "refuse_extension",
            pgettext_lazy("task event", "Extension refused"),
        )
        CANCEL = "cancel", pgettext_lazy("task event", "Cancelled")
        COMMENT = "comment", pgettext_lazy("task event", "Comment")
        SUBTASK = "subtask", pgettext_lazy("task event", "Sub-task handed to a unit")
        AGENCY_MOVED = "agency_moved", pgettext_lazy("task event", "Agency merged")
        FILE_REFUSED = "file_refused", pgettext_lazy("task event", "File refused")
        CORRECT_COMPLETION = (
            "correct_completion",
            pgettext_lazy("task event", "Completion date corrected"),
        )
        DIRECT = "direct", pgettext_lazy("task event", "Leader's direction")
        URGE = "urge", pgettext_lazy("task event", "Urged")
        APPROVE_DONE = (
            "approve_done",
            pgettext_lazy("task event", "Done report approved by the head"),
        )
        SEND_BACK_DONE = (
            "send_back_done",
            pgettext_lazy("task event", "Done report sent back by the head"),
        )
        ASK_DIRECTION = (
            "ask_direction",
            pgettext_lazy("task event", "Direction asked of a leader"),
        )

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    from_state = models.CharField(
        _("from state"), max_length=20, choices=Task.State.choices, blank=True
    )
    to_state = models.CharField(
        _("to state"), max_length=20, choices=Task.State.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = TaskEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        ordering = ["at", "id"]
        indexes = [
            # The periodic report's returns, extensions and reopenings: a few
            # rare actions among millions of events (reports.filing._events).
            models.Index(fields=["action", "task"], name="task_event_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if self.pk is not None:
            raise AppendOnly("Task events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs) -> tuple[int, dict[str, int]]:  # noqa: ANN002, ANN003
        raise AppendOnly("Task events cannot be deleted.")


class TaskHistory(models.Model):
    """What was true of a task from `valid_from` until the day before `valid_to`.

    Written in the same transaction as every change of the task (see
    `history.record`), so "as of D" is the one row whose range holds D, and a
    report as of a past day gives the same figures whenever it is run. The
    row without `valid_to` is the task as it is now.
    """

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="history"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=Task.State.choices)
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    tracking_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tracking officer"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind of task"), max_length=20, choices=Task.Kind.choices)
    period = models.CharField(_("reporting period"), max_length=12, blank=True)
    deadline = models.DateField(_("deadline"), null=True)
    original_deadline = models.DateField(_("original deadline"), null=True)
    report_due = models.DateField(_("report due"), null=True)
    handed_over_on = models.DateField(_("handed over on"), null=True)
    completed_on = models.DateField(_("completed on"), null=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True)

    class Meta:
        verbose_name = _("task history")
        verbose_name_plural = _("task history")
        ordering = ["task", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "valid_from"], name="task_history_one_row_a_day"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="task_history_range_not_empty",
            ),
        ]
        indexes = [
            models.Index(
                fields=["task"],
                condition=Q(valid_to__isnull=True),
                name="task_history_current_idx",
            ),
            # Whether an open row begins after a day (a clock set back):
            # reports.queries.period_overdue_tasks.
            models.Index(
                fields=["valid_from"],
                condition=Q(valid_to__isnull=True),
                name="task_history_open_from_idx",
            ),
            # The roll-up's day change: open tasks whose deadline just passed.
            models.Index(
                fields=["deadline"],
                condition=Q(
                    valid_to__isnull=True, state__in=list(standing.OVERDUE_STATES)
                ),
                name="task_history_open_deadline_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.valid_from}–{self.valid_to or ''} {self.state}"


class PeriodicUpdate(models.Model):
    """Art. 7.2b: one period of a task without a deadline, whose update is due.

    An update filed after `opens_after` (the previous period's due day) and no
    later than `due_on` is on time; one filed later is late; none is missed.
    Whether it was filed is read from the progress reports as of any day.
    """

    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="periodic_updates",
    )
    period = models.CharField(
        _("reporting period"), max_length=12, choices=Task.Period.choices
    )
    starts_on = models.DateField(_("period starts on"))
    ends_on = models.DateField(_("period ends on"))
    opens_after = models.DateField(_("counts reports after"))
    due_on = models.DateField(_("update due on"))

    class Meta:
        verbose_name = _("periodic update")
        verbose_name_plural = _("periodic updates")
        ordering = ["task", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "starts_on"], name="periodic_update_once_a_period"
            ),
        ]
        indexes = [
            models.Index(fields=["due_on"], name="periodic_update_due_idx"),
            # A task's updates due by a day, in one index range: without it
            # the planner ANDed the two indexes above per task (issue 12:
            # the year's dashboard outcomes, 5 s at 1M).
            models.Index(
                fields=["task", "due_on"], name="periodic_update_task_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.starts_on}–{self.ends_on} → {self.due_on}"


class StandingCount(models.Model):
    """How many tasks stood in `status` on the roll-up's day (issue 12).

    Derived, never typed in: `rollup` keeps it in the same transaction as each
    history row and recomputes it from the history to check it. Two groupings
    share the table: by lead agency, and by directing leader x sector (what
    the dashboard and the summary API show); a third holds the Office's
    hand-over standing by tracking officer. A key of 0 means "none" (so the
    unique constraint holds; NULLs never collide).
    """

    class Grouping(models.IntegerChoices):
        AGENCY = 1, _("lead agency")
        LEADER_SECTOR = 2, _("directing leader and sector")
        # Art. 7.1: the hand-over standing (`status`) by tracking officer.
        HANDOVER = 3, _("hand-over by tracking officer")

    grouping = models.PositiveSmallIntegerField(_("grouping"), choices=Grouping.choices)
    # The first day of the month the task's directive was issued in.
    month = models.DateField(_("issue month"))
    key_a = models.BigIntegerField(_("agency or leader"))
    key_b = models.BigIntegerField(_("sector"))
    status = models.CharField(_("report status"), max_length=32)
    n = models.IntegerField(_("tasks"), default=0)
    # Of these tasks: done within the first deadline (Art. 10.4) for the two
    # report status groupings; awaiting confirmation (Art. 8.2) for hand-overs.
    extra = models.IntegerField(_("of which"), default=0)

    class Meta:
        verbose_name = _("standing count")
        verbose_name_plural = _("standing counts")
        constraints = [
            models.UniqueConstraint(
                fields=["grouping", "month", "key_a", "key_b", "status"],
                name="standing_count_one_row",
            )
        ]

    def __str__(self) -> str:
        return f"{self.grouping} {self.month} {self.key_a}/{self.key_b} {self.status}"


class StandingRollup(models.Model):
    """The one row saying which day the standing counts hold (None: not built)."""

    day = models.DateField(_("as of"), null=True)
    built_at = models.DateTimeField(_("built at"), null=True)

    class Meta:
        verbose_name = _("standing roll-up")
        verbose_name_plural = _("standing roll-up")

    def __str__(self) -> str:
        return f"{self.day}"


class TaskReach(models.Model):
    """An agency that sees a task now, with what its lists filter and sort on.

    One row per (agency, task) of `Task.objects.visible_to` for that agency's
    users (issue 12): an agency list at 1M reads these rows from two indexes
    instead of a UNION of tens of thousands of tasks and their history rows.
    Derived, never typed in: `reach` rewrites a task's rows in the same
    transaction as its history, its cooperating agencies or the agency tree
    change, and `reach.check` compares them with the tasks.
    """

    # Indexed first in each index below.
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="+"
    )
    # The agency is the task's own lead / one of its cooperating agencies (the
    # work queues' two parts); neither: a unit's task or a helped sub-task.
    leads = models.BooleanField(_("leads"))
    helps = models.BooleanField(_("cooperates"))
    # Copies of the task's fields (its history row valid today).
    created_at = models.DateTimeField(_("created at"))
    state = models.CharField(_("state"), max_length=20, choices=Task.State.choices)
    deadline = models.DateField(_("deadline"), null=True)
    report_due = models.DateField(_("report due"), null=True)
    completed_on = models.DateField(_("completed on"), null=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True)

    class Meta:
        verbose_name = _("task reach")
        verbose_name_plural = _("task reach")
        constraints = [
            models.UniqueConstraint(fields=["agency", "task"], name="task_reach_once")
        ]
        indexes = [
            # The list's default order; its filters checked in the index.
            # (The trailing columns are keys, not INCLUDE, which SQLite lacks.)
            models.Index(
                fields=["agency", "-created_at", "-task", "state", "deadline"],
                name="task_reach_created_idx",
            ),
            # The filters and the work queues' counts, from the index alone.
            models.Index(
                fields=[
                    "agency",
                    "state",
                    "deadline",
                    "leads",
                    "helps",
                    "report_due",
                    "task",
                ],
                name="task_reach_state_idx",
            ),
            # The list and the queues sorted by deadline.
            models.Index(
                fields=["agency", "deadline", "task", "state", "leads", "helps"],
                name="task_reach_deadline_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.task_id}"
