"""The agency tree: the committee, its office, departments, localities, units."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.lib.text import fold


class AgencyQuerySet(models.QuerySet["Agency"]):
    def by_electronic_code(self, code: str) -> "Agency | None":
        """The agency whose mã định danh is `code` (None when unknown or empty)."""
        code = (code or "").strip()
        return self.filter(electronic_code__iexact=code).first() if code else None

    def active(self, on: date | None = None) -> "AgencyQuerySet":
        """Agencies valid on `on` (all currently valid ones when omitted)."""
        qs = self.filter(dissolved_on__isnull=True) if on is None else self
        if on is not None:
            qs = qs.filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=on),
                Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on),
            )
        return qs

    def search(self, text: str) -> "AgencyQuerySet":
        """Match code or name without Vietnamese accents."""
        # PostgreSQL refuses NUL in a query; no code or name contains one.
        text = text.replace("\x00", "")
        folded = fold(text)
        if not folded:
            return self
        return self.filter(
            Q(search_name__contains=folded) | Q(code__iexact=text.strip())
        )

    def subtree_ids(self, root_id: int) -> set[int]:
        """Ids of `root_id` and every agency below it, one query per level."""
        ids = {root_id}
        frontier = {root_id}
        while frontier:
            frontier = (
                set(
                    self.model.objects.filter(parent_id__in=frontier).values_list(
                        "id", flat=True
                    )
                )
                - ids
            )
            ids |= frontier
        return ids


class Agency(models.Model):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("People's Committee")
        OFFICE = "office", _("Office of the Committee")
        OFFICE_DIVISION = "office_division", _("Office division")
        DEPARTMENT = "department", _("Department")
        LOCALITY = "locality", _("Locality")
        UNIT = "unit", _("Unit")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(
        _("short name"),
        max_length=64,
        blank=True,
        help_text=_("Abbreviation used in documents, e.g. Sở TC."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    # Mã định danh điện tử (QĐ 20/2020/QĐ-TTg, QCVN 102:2016): `NNN.NN.NN.XNN`,
    # level 1 on the right. The From/To codes of edXML messages resolve to it.
    # Kept as data, checked loosely: test gateways use other forms.
    electronic_code = models.CharField(
        _("electronic identification code"),
        max_length=50,
        blank=True,
        default="",
        db_index=True,
        help_text=_("Mã định danh, for example 000.00.00.H41."),
    )
    # Art. 8.1: the head answers for what the agency reports, so an officer's
    # "done" report waits for the agency lead's approval before the Office
    # sees it. Only where the agency has an active lead to approve it.
    needs_head_sign_off = models.BooleanField(
        _("done reports need the head's approval"),
        default=True,
        help_text=_(
            "An officer's report that a task is done goes to the agency lead "
            "to approve before it reaches the Office (Art. 8.1)."
        ),
    )
    # Folded name, code and short name: accent-insensitive search on any database.
    search_name = models.CharField(max_length=400, editable=False, db_index=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(dissolved_on__gte=models.F("valid_from")),
                name="agency_dissolved_after_valid_from",
            ),
            models.UniqueConstraint(
                fields=["electronic_code"],
                condition=~Q(electronic_code=""),
                name="agency_electronic_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        # Derived column, kept beside the row it is derived from.
        self.search_name = fold(f"{self.name} {self.short_name} {self.code}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    @property
    def is_office(self) -> bool:
        return self.kind in (self.Kind.OFFICE, self.Kind.OFFICE_DIVISION)


class AgencyMerge(models.Model):
    """A recorded dissolution of one agency into its successor."""

    dissolved = models.OneToOneField(
        Agency, on_delete=models.PROTECT, related_name="merge_record"
    )
    into = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="absorbed_merges"
    )
    effective_on = models.DateField(_("effective on"))
    note = models.TextField(_("note"), blank=True)
    tasks_moved = models.PositiveIntegerField(default=0)
    users_moved = models.PositiveIntegerField(default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency merge")
        verbose_name_plural = _("agency merges")

    def __str__(self) -> str:
        return f"{self.dissolved} → {self.into}"
