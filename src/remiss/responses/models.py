"""Answers (remissvar) and the documents they came in."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.consultations.models import Consultation, Organisation
from remiss.file_errors import error_message
from remiss.runs import BackgroundRun
from remiss.textkit.identifiers import case_number_key, tidy_case_number


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    EPOST = "epost", _("E-mail")
    UPPLADDNING = "uppladdning", _("Upload")
    POST = "post", _("Post")


class ResponseQuerySet(models.QuerySet):
    def for_listing(self) -> "ResponseQuerySet":
        return (
            self.select_related("organisation", "consultation")
            .annotate(document_count=models.Count("documents"))
            .order_by(models.F("received_at").asc(nulls_first=True), "registered_at")
        )


class Response(models.Model):
    """One answer to a consultation, from a body on the list, a spontaneous one, or unknown."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        help_text=_("Empty until the sender is matched."),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    received_at = models.DateTimeField(
        _("received"),
        null=True,
        blank=True,
        help_text=_("When it came in. Empty only for answers imported without that date."),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    letter_date = models.DateField(_("date of the letter"), null=True, blank=True)
    responder_case_number = models.CharField(
        _("their case number"),
        max_length=60,
        blank=True,
        help_text=_('Given as "Vår beteckning" in the letter.'),
    )
    quoted_case_number = models.CharField(
        _("our case number as quoted"),
        max_length=60,
        blank=True,
        help_text=_('Given as "Er beteckning" in the letter.'),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", models.F("received_at").asc(nulls_first=True)]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        sender = self.organisation.name if self.organisation_id else _("unknown sender")
        return f"{sender} – {self.consultation.case_number}"

    @property
    def responder_case_number_tidy(self) -> str:
        return tidy_case_number(self.responder_case_number)

    @property
    def quotes_our_case_number(self) -> bool | None:
        """Whether the quoted number is the consultation's own; None when none was quoted."""
        if not self.quoted_case_number:
            return None
        return case_number_key(self.quoted_case_number) == self.consultation.case_number_key


class Document(models.Model):
    """A file of an answer. The bytes are stored once by SHA-256 and never modified."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, verbose_name=_("answer"), on_delete=models.PROTECT, related_name="documents"
    )
    original_filename = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(_("media type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    path = models.CharField(
        _("path"),
        max_length=500,
        blank=True,
        help_text=_("Where the file came from, e.g. inside a ZIP file or an e-mail."),
    )
    ocr_used = models.BooleanField(_("read with OCR"), default=False)
    facts = models.JSONField(
        _("facts read from the text"),
        default=dict,
        blank=True,
        help_text=_("Each value with the page and the words it was read from."),
    )
    personal_data = models.JSONField(
        _("personal data found"),
        default=list,
        blank=True,
        help_text=_("Personal identity numbers, phone numbers and private e-mail addresses."),
    )

    class Meta:
        ordering = ["response", "added_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["response", "sha256"], name="document_once_per_answer")
        ]

    def __str__(self) -> str:
        return self.original_filename


class DocumentPage(models.Model):
    """The text extracted from one page of a document."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="pages"
    )
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="page_once_per_document")
        ]

    def __str__(self) -> str:
        return _("%(document)s, page %(number)d") % {
            "document": self.document,
            "number": self.number,
        }


class IntakeRun(BackgroundRun):
    """One delivery of files to a consultation: an upload, or a `remiss ingest` command."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.PROTECT,
        related_name="intake_runs",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    files_total = models.PositiveIntegerField(_("files"), default=0)
    files_done = models.PositiveIntegerField(_("files read"), default=0)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("intake run")
        verbose_name_plural = _("intake runs")

    @property
    def percent_done(self) -> int:
        return round(100 * self.files_done / self.files_total) if self.files_total else 0


class IntakeOutcome(models.TextChoices):
    VANTAR = "vantar", _("Waiting")
    REGISTRERAD = "registrerad", _("Registered as a new answer")
    KOPIA = "kopia", _("Another copy of an answer already registered")
    DUBBLETT = "dubblett", _("The same file was already received")
    BILAGA = "bilaga", _("Part of an answer")
    BEHALLARE = "behallare", _("Unpacked")
    FEL = "fel", _("Could not be read")


class IntakeItem(models.Model):
    """The receipt of one file: name, size, SHA-256, when it came, and what became of it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(
        IntakeRun, verbose_name=_("intake run"), on_delete=models.CASCADE, related_name="items"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unpacked from"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    path = models.CharField(_("path"), max_length=500)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    media_type = models.CharField(_("media type"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=IntakeOutcome.choices, default=IntakeOutcome.VANTAR
    )
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    error_detail = models.TextField(_("error detail"), blank=True)
    response = models.ForeignKey(
        Response,
        verbose_name=_("answer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intake_items",
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intake_items",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["run", "position"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return f"{self.path} ({self.get_outcome_display()})"

    @property
    def error_message(self) -> str:
        """The reason in the user's language; the English detail is in the log."""
        return error_message(self.error_code) if self.error_code else ""
