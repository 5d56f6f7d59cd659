"""The respondent portal: a body's answer while it is written, and what it became.

An answer is per body (per recipient on the sändlista), not per person: everyone of the body
who has its link works on the same answer. ``version`` goes up with every save, so a save made
on top of someone else's newer save is refused instead of overwriting it. On submission the
answer becomes a Response like any other (channel "portal"), with the answer as plain text as its
main document (the received original) and the attachments beside it; the receipt gives that
text's SHA-256. A background task then makes a PDF copy (``pdf_sha256``, in the same store of
originals but not a Document: it is a rendition, so the answer is read, exported and masked
once) and mails the receipt with it (``receipt_sent_at``).
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.consultations.models import (
    Consultation,
    Invitation,
    OrganisationKind,
    Recipient,
    Section,
)
from remiss.responses.models import Response


class Position(models.TextChoices):
    """The overall position, in the plain words a respondent chooses from (values as Stance)."""

    TILLSTYRKER = "tillstyrker", _("We support the proposal")
    TILLSTYRKER_MED_SYNPUNKTER = (
        "tillstyrker_med_synpunkter",
        _("We support the proposal, with comments"),
    )
    DELVIS_AVSTYRKER = "delvis_avstyrker", _("We support parts of the proposal but not all")
    AVSTYRKER = "avstyrker", _("We oppose the proposal")
    INGA_SYNPUNKTER = "inga_synpunkter", _("We have no comments on the proposal")
    AVSTAR = "avstår", _("We decline to answer")
    BERORS_INTE = "berörs_inte", _("The proposal does not concern us")


class AnswerStatus(models.TextChoices):
    UTKAST = "utkast", _("Draft")
    INSKICKAT = "inskickat", _("Submitted")


class PortalAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="portal_answers"
    )
    recipient = models.OneToOneField(
        Recipient,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="portal_answer",
        help_text=_("The body on the sändlista; empty for an answer to an open consultation."),
    )
    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portal_answers",
        help_text=_("For an open consultation: the link the confirmed e-mail address got."),
    )
    respondent_name = models.CharField(_("name of the body or person"), max_length=200, blank=True)
    respondent_kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, blank=True
    )
    position = models.CharField(_("position"), max_length=40, choices=Position.choices, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    general_comments = models.TextField(_("general comments"), blank=True)
    participation = models.TextField(
        _("how the body wants to take part in carrying out the strategy"), blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    decided_by = models.CharField(
        _("decided by"), max_length=200, blank=True, help_text=_("Such as Kommunstyrelsen.")
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AnswerStatus.choices, default=AnswerStatus.UTKAST
    )
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    is_late = models.BooleanField(_("after the deadline"), default=False)
    response = models.OneToOneField(
        Response,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portal_answer",
    )
    receipt_sha256 = models.CharField(_("SHA-256 of the answer"), max_length=64, blank=True)
    pdf_sha256 = models.CharField(
        _("SHA-256 of the PDF copy"),
        max_length=64,
        blank=True,
        help_text=_("The PDF rendition made after submission; the received original is text."),
    )
    receipt_sent_at = models.DateTimeField(_("receipt e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["consultation", "created_at"]
        verbose_name = _("portal answer")
        verbose_name_plural = _("portal answers")

    def __str__(self) -> str:
        return f"{self.respondent_name or self.recipient} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == AnswerStatus.INSKICKAT


class PortalSectionComment(models.Model):
    answer = models.ForeignKey(PortalAnswer, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["answer", "section__position"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "section"], name="portal_comment_once")
        ]

    def __str__(self) -> str:
        return f"{self.answer}: {self.section.number}"


class PortalAttachment(models.Model):
    """A file attached to a portal answer, checked by intake's extraction and stored by hash."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.ForeignKey(PortalAnswer, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(_("media type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["answer", "added_at"]

    def __str__(self) -> str:
        return self.filename
