"""The region's side of the compilation: its reply to each point, and the publication.

A reply is keyed like an officer's decision on a point (the answer and the point's words), so
it holds for the same point in later analysis runs. A publication freezes what the public
sees: the compilation as open data and the masked rendition of every answer's text. The
registered originals are never changed.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.consultations.models import Consultation, Section
from remiss.responses.models import Document, Response


class Outcome(models.TextChoices):
    BEAKTAS = "beaktas", _("Taken into account")
    BEAKTAS_DELVIS = "beaktas_delvis", _("Partly taken into account")
    BEAKTAS_EJ = "beaktas_ej", _("Not taken into account")
    NOTERAS = "noteras", _("Noted")


class Reply(models.Model):
    """The region's reply (bemötande) to one point of an answer, its outcome and the reason."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="replies")
    key = models.CharField(max_length=32, db_index=True)
    text = models.TextField(_("the region's reply"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("reply to a point")
        verbose_name_plural = _("replies to points")
        constraints = [
            models.UniqueConstraint(fields=["response", "key"], name="reply_once_per_point")
        ]

    def __str__(self) -> str:
        return f"{self.response}: {self.get_outcome_display() or '–'}"


class SectionComment(models.Model):
    """The region's considerations on a whole part of the strategy (or on the general points)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="section_comments"
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        help_text=_("Empty for the general points (Övergripande)."),
    )
    text = models.TextField(_("the region's considerations"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("considerations on a part")
        verbose_name_plural = _("considerations on parts")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "section"],
                condition=models.Q(section__isnull=False),
                name="section_comment_once",
            ),
            models.UniqueConstraint(
                fields=["consultation"],
                condition=models.Q(section__isnull=True),
                name="general_comment_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation}: {self.section or _('General')}"


class PublicationQuerySet(models.QuerySet):
    def current(self) -> "PublicationQuerySet":
        return self.filter(withdrawn_at__isnull=True)


class Publication(models.Model):
    """A consultation's compilation and answers made public, until withdrawn.

    ``snapshot`` is the compilation as open data (the JSON export, with private persons
    masked) at the moment of publishing; later edits are not public until published again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="publications"
    )
    snapshot = models.JSONField(_("published compilation"), default=dict)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_current_publication",
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} ({self.published_at:%Y-%m-%d})"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None


class MaskedDocument(models.Model):
    """The published rendition of one document: its pages with personal data masked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    pages = models.JSONField(_("pages, masked"), default=list)
    masked = models.JSONField(_("what was masked"), default=list, blank=True)

    class Meta:
        verbose_name = _("published rendition")
        verbose_name_plural = _("published renditions")

    def __str__(self) -> str:
        return str(self.document)
