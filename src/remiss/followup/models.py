"""Follow-up of the adopted strategy: action plans, insatser, indicators, yearly reports.

The chain an officer follows both ways: a point of an answer (kept by its answer and key, as
replies are) → the part of the strategy it changed (``AdoptionTrace``, from the compilation's
outcomes when the adopted version is recorded) → the insats that carries it out
(``InsatsSource``) → the indicators of its focus area (``Indicator``). Reports by actors and
the yearly snapshot close the loop.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.consultations.models import (
    Consultation,
    DraftVersion,
    Organisation,
    Section,
    TokenLink,
)
from remiss.responses.models import Response


class AdoptionTrace(models.Model):
    """A point of an answer that changed a part of the adopted strategy (or was weighed)."""

    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="traces")
    section_number = models.CharField(_("part"), max_length=20, blank=True)
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="traces"
    )
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="traces")
    point_key = models.CharField(max_length=32, db_index=True)
    point_text = models.TextField(_("point"))
    outcome = models.CharField(_("outcome"), max_length=20)
    reply = models.TextField(_("the region's reply"), blank=True)

    class Meta:
        ordering = ["version", "section_number"]
        verbose_name = _("point behind the adopted strategy")
        verbose_name_plural = _("points behind the adopted strategy")

    def __str__(self) -> str:
        return f"{self.section_number}: {self.point_text[:60]}"


class ActionPlan(models.Model):
    """The action plan (handlingsplan) of one focus area of the strategy."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="action_plans"
    )
    focus_area = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="action_plans", verbose_name=_("focus area")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    is_demo_data = models.BooleanField(_("example data"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["consultation", "focus_area__position"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return self.title


class InsatsStatus(models.TextChoices):
    PLANERAD = "planerad", _("Planned")
    PAGAR = "pagar", _("In progress")
    KLAR = "klar", _("Done")
    PAUSAD = "pausad", _("Paused")
    AVBRUTEN = "avbruten", _("Stopped")


class Insats(models.Model):
    """An action of an action plan: who carries it out, when, and how far it has come."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="insatser")
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="insatser_responsible",
        verbose_name=_("responsible actor"),
    )
    co_actors = models.ManyToManyField(
        Organisation, blank=True, related_name="insatser_co", verbose_name=_("co-actors")
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InsatsStatus.choices, default=InsatsStatus.PLANERAD
    )
    s3_area = models.CharField(_("S3 area"), max_length=200, blank=True)
    erdf_codes = models.JSONField(
        _("ERDF indicator codes"), default=list, blank=True, help_text=_("RCO/RCR codes.")
    )
    themes = models.JSONField(
        _("themes of the consultation"), default=list, blank=True, help_text=_("Theme labels.")
    )
    position = models.PositiveIntegerField(default=0)
    is_demo_data = models.BooleanField(_("example data"), default=False)

    class Meta:
        ordering = ["plan", "position", "number"]
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class InsatsStatusChange(models.Model):
    """The history of an insats's status: who or which actor's report changed it, and when."""

    insats = models.ForeignKey(Insats, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(_("status"), max_length=20, choices=InsatsStatus.choices)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_by_label = models.CharField(_("changed by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["insats", "changed_at"]

    def __str__(self) -> str:
        return f"{self.insats}: {self.status}"


class InsatsSource(models.Model):
    """A point of an answer that an insats answers to (kept by answer and point key)."""

    insats = models.ForeignKey(Insats, on_delete=models.CASCADE, related_name="sources")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="insats_sources")
    point_key = models.CharField(max_length=32, db_index=True)
    point_text = models.TextField(_("point"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["insats", "response", "point_key"], name="insats_source_once"
            )
        ]

    def __str__(self) -> str:
        return self.point_text[:60]


class CandidateActor(models.Model):
    """A body that offered, in its answer, to take part in carrying out the strategy (R46)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="candidate_actors"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="candidacies"
    )
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="candidacies")
    offer = models.TextField(_("what the answer offers"))
    insats = models.ForeignKey(
        Insats, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates"
    )
    accepted = models.BooleanField(_("taken on as an actor"), default=False)
    created_at = models.DateTimeField(_("found"), default=timezone.now)

    class Meta:
        ordering = ["consultation", "organisation__name"]
        verbose_name = _("candidate actor")
        verbose_name_plural = _("candidate actors")

    def __str__(self) -> str:
        return str(self.organisation)


class IndicatorSource(models.TextChoices):
    SCB = "scb", "SCB"
    KOLADA = "kolada", "Kolada"
    EUROSTAT = "eurostat", "Eurostat"
    EGEN = "egen", _("Own")


class Indicator(models.Model):
    """An indicator of a focus area, with its base and target and yearly values."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="indicators"
    )
    focus_area = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("focus area")
    )
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=IndicatorSource.choices, default=IndicatorSource.EGEN
    )
    source_id = models.CharField(
        _("id at the source"), max_length=100, blank=True, help_text=_("Kolada KPI id, SCB table.")
    )
    attribution = models.CharField(
        _("licence and attribution"),
        max_length=200,
        blank=True,
        help_text=_("Källa: Kolada (RKA)."),
    )
    geography = models.CharField(
        _("geography"), max_length=60, blank=True, help_text=_("Municipality or county code, NUTS.")
    )
    base_year = models.PositiveIntegerField(_("base year"), null=True, blank=True)
    base_value = models.FloatField(_("base value"), null=True, blank=True)
    target_value = models.FloatField(_("target"), null=True, blank=True)
    target_year = models.PositiveIntegerField(_("target year"), null=True, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    insatser = models.ManyToManyField(Insats, blank=True, related_name="indicators")
    position = models.PositiveIntegerField(default=0)
    is_demo_data = models.BooleanField(_("example data"), default=False)

    class Meta:
        ordering = ["consultation", "focus_area__position", "position", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveIntegerField(_("year"))
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    imported_from = models.CharField(_("imported from"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.year} = {self.value}"


class ReportingLink(TokenLink):
    """An actor's link to report on its insatser for one year."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="reporting_links"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reporting_links"
    )
    year = models.PositiveIntegerField(_("year"))

    class Meta:
        ordering = ["consultation", "year", "organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class InsatsReport(models.Model):
    """What the responsible actor reports on an insats for a year: status and a short narrative."""

    insats = models.ForeignKey(Insats, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=InsatsStatus.choices)
    narrative = models.TextField(_("narrative"), blank=True)
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    reported_by_label = models.CharField(_("reported by"), max_length=200, blank=True)
    link = models.ForeignKey(
        ReportingLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    is_demo_data = models.BooleanField(_("example data"), default=False)

    class Meta:
        ordering = ["insats", "year"]
        constraints = [
            models.UniqueConstraint(fields=["insats", "year"], name="insats_report_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.insats} {self.year}"


class AnnualReport(models.Model):
    """The follow-up report of one year, frozen: the snapshot is what was reported."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="annual_reports"
    )
    year = models.PositiveIntegerField(_("year"))
    snapshot = models.JSONField(_("the report as frozen"), default=dict)
    frozen_at = models.DateTimeField(_("frozen"), default=timezone.now)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo_data = models.BooleanField(_("example data"), default=False)

    class Meta:
        ordering = ["consultation", "year"]
        verbose_name = _("annual follow-up report")
        verbose_name_plural = _("annual follow-up reports")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "year"], name="one_report_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.consultation.case_number} {self.year}"
