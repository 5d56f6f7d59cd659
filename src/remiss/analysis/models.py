"""What the machine judged about each answer, and what officers decided instead.

Machine values belong to an analysis run and are only ever added: a new run writes new rows.
Officer decisions (corrections) sit beside them with who and when, and a new run never
touches them. What the interface shows is the officer's value where there is one, else the
latest run's machine value.
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.consultations.models import Consultation, Section
from remiss.responses.models import Document, Response
from remiss.runs import BackgroundRun, RunStatus


class Stance(models.TextChoices):
    TILLSTYRKER = "tillstyrker", _("Supports")
    TILLSTYRKER_MED_SYNPUNKTER = "tillstyrker_med_synpunkter", _("Supports with comments")
    DELVIS_AVSTYRKER = "delvis_avstyrker", _("Partly opposes")
    AVSTYRKER = "avstyrker", _("Opposes")
    INGA_SYNPUNKTER = "inga_synpunkter", _("No comments")
    AVSTAR = "avstår", _("Declines to comment")
    BERORS_INTE = "berörs_inte", _("Not concerned")
    OKLART = "oklart", _("Unclear")


class PointKind(models.TextChoices):
    REQUEST = "request", _("Request")
    OBJECTION = "objection", _("Objection")
    ADDITION = "addition", _("Addition")
    SUPPORT = "support", _("Support")
    EMPHASIS = "emphasis", _("Emphasis")


class AnalysisRun(BackgroundRun):
    """An analysis of every answer of a consultation."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="analysis_runs",
    )
    responses_total = models.PositiveIntegerField(_("answers"), default=0)
    responses_done = models.PositiveIntegerField(_("answers analysed"), default=0)
    timings = models.JSONField(_("timings (seconds)"), default=dict, blank=True)
    failures = models.JSONField(_("answers that could not be analysed"), default=list, blank=True)
    # The machine's counts of the finished run, stored once (analysis/counts.py).
    counts = models.JSONField(_("machine counts"), default=dict, blank=True)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")


class AnalysisBatch(models.Model):
    """A share of a run's answers, analysed and written by one task (any worker may take it).

    A batch is written once: its task claims it while it is waiting and marks it done in the
    same transaction as its rows. It keeps the MinHash signatures of its answers' texts
    (``signature_ids[i]`` has row ``i`` of ``signatures``, uint64 little-endian) until the run
    has grouped the near-duplicates.
    """

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="batches")
    index = models.PositiveIntegerField()
    response_ids = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.VANTAR)
    seconds = models.FloatField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    signature_ids = models.JSONField(default=list, blank=True)
    signatures = models.BinaryField(default=b"", blank=True)

    class Meta:
        ordering = ["run", "index"]
        verbose_name = _("analysis batch")
        verbose_name_plural = _("analysis batches")
        constraints = [
            models.UniqueConstraint(fields=["run", "index"], name="analysis_batch_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.run_id} #{self.index}"


class StanceJudgement(models.Model):
    """The machine's position for one answer in one run, with the sentences that decided it."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="stances")
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="stance_judgements"
    )
    label = models.CharField(_("position"), max_length=40, choices=Stance.choices)
    confidence = models.FloatField(_("confidence"), default=0)
    evidence = models.JSONField(_("evidence"), default=list, blank=True)

    class Meta:
        verbose_name = _("machine position")
        verbose_name_plural = _("machine positions")
        constraints = [
            models.UniqueConstraint(fields=["run", "response"], name="stance_once_per_run")
        ]
        indexes = [  # positions counted per run (the overview)
            models.Index(fields=["run", "label", "response"], name="stance_run_label")
        ]

    def __str__(self) -> str:
        return f"{self.response}: {self.label}"


class OfficerDecision(models.Model):
    """Who decided, when and why: what every officer's correction carries."""

    note = models.TextField(_("why"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-decided_at"]


class StanceCorrection(OfficerDecision):
    """An officer's position for an answer. The newest one counts; older ones are history."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="stance_corrections"
    )
    label = models.CharField(_("position"), max_length=40, choices=Stance.choices)

    class Meta(OfficerDecision.Meta):
        verbose_name = _("officer's position")
        verbose_name_plural = _("officers' positions")

    def __str__(self) -> str:
        return f"{self.response}: {self.label}"


def point_key(response_id, text: str) -> str:
    """Identifies a point across runs: the answer and the point's words."""
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha256(f"{response_id}:{normalised}".encode()).hexdigest()[:32]


class Point(models.Model):
    """A substantive point of an answer, as the machine found it in one run."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="points")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="points")
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="points"
    )
    key = models.CharField(max_length=32, db_index=True)
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(_("text"))
    page = models.PositiveIntegerField(_("page"))
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=20, choices=PointKind.choices)

    class Meta:
        ordering = ["response", "position"]
        verbose_name = _("point")
        verbose_name_plural = _("points")
        indexes = [  # the points of a run counted, and read per answer
            models.Index(fields=["run", "response", "position"], name="point_run_response")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class PointPlacement(models.Model):
    """The machine's placement of a point under a section, with its confidence and evidence."""

    point = models.ForeignKey(Point, on_delete=models.CASCADE, related_name="placements")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="placements")
    method = models.CharField(_("method"), max_length=20)
    confidence = models.FloatField(_("confidence"))
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    rank = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["point", "rank"]
        indexes = [  # the points under a part: its rank-0 placements, counted without the table
            models.Index(fields=["section", "rank", "point"], name="placement_section_rank")
        ]

    def __str__(self) -> str:
        return f"{self.section.number} ({self.method})"


class PointCorrection(OfficerDecision):
    """An officer's decision about a point: its kind, its sections, or that it is no point.

    Keyed by the point's answer and words, so it holds for the same point in later runs.
    """

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="point_corrections"
    )
    key = models.CharField(max_length=32, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PointKind.choices, blank=True)
    sections = models.ManyToManyField(Section, blank=True, related_name="+")
    sections_decided = models.BooleanField(default=False)
    not_a_point = models.BooleanField(_("not a point"), default=False)

    class Meta(OfficerDecision.Meta):
        verbose_name = _("officer's decision on a point")
        verbose_name_plural = _("officers' decisions on points")

    def __str__(self) -> str:
        return f"{self.response}: {self.key}"


class Endorsement(models.Model):
    """An answer that says it stands behind another body's answer."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="endorsements")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="endorsements")
    organisation_name = models.CharField(_("endorsed body"), max_length=200)
    endorsed_response = models.ForeignKey(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="endorsed_by"
    )
    evidence = models.JSONField(_("evidence"), default=dict)

    def __str__(self) -> str:
        return f"{self.response} → {self.organisation_name}"


class DuplicateGroup(models.Model):
    """Answers that are nearly the same text (campaign letters)."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="duplicate_groups")
    representative = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="+")
    members = models.ManyToManyField(Response, related_name="duplicate_groups")
    similarity = models.FloatField(_("similarity"))

    def __str__(self) -> str:
        return f"{self.representative} ({self.similarity:.2f})"


class Theme(models.Model):
    """A theme across the points of a consultation, found by clustering in one run."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="themes")
    machine_label = models.CharField(_("machine label"), max_length=200)
    officer_label = models.CharField(_("officer's label"), max_length=200, blank=True)
    labelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    labelled_at = models.DateTimeField(null=True, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    counts_by_kind = models.JSONField(default=dict, blank=True)
    points = models.ManyToManyField(Point, related_name="themes", blank=True)
    representatives = models.ManyToManyField(Point, related_name="+", blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )

    class Meta:
        ordering = ["machine_label"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.officer_label or self.machine_label
