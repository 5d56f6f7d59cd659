"""The remiss round: who sends it, what it consults on, and to whom it goes."""

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from remiss.textkit.identifiers import (
    InvalidOrganisationNumber,
    case_number_key,
    normalise_organisation_number,
    tidy_case_number,
)

ORGANISATION_NUMBER_ERRORS = {
    "length": _("An organisation number has ten digits, for example 212000-0142."),
    "third_digit": _("The third digit of an organisation number is always 2 or higher."),
    "checksum": _("The check digit does not match; please check the organisation number."),
}


class OrganisationKind(models.TextChoices):
    KOMMUN = "kommun", _("Municipality")
    REGION = "region", _("Region")
    MYNDIGHET = "myndighet", _("Government agency")
    LAROSATE = "larosate", _("University or university college")
    INTRESSEORGANISATION = "intresseorganisation", _("Interest organisation")
    FORETAG = "foretag", _("Company")
    CIVILSAMHALLE = "civilsamhalle", _("Civil society")
    PRIVATPERSON = "privatperson", _("Private person")
    ANNAN = "annan", _("Other")


class Organisation(models.Model):
    """A body that sends remisser or answers them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        help_text=_(
            "Ten digits, NNNNNN-NNNN; checked against its check digit. Leave empty if unknown."
        ),
    )
    email = models.EmailField(_("functional e-mail"), blank=True)
    aliases = models.JSONField(
        _("known aliases"),
        default=list,
        blank=True,
        help_text=_('Other names the body is known by, e.g. "Kommunstyrelsen i Huddinge".'),
    )
    municipality_code = models.CharField(
        _("municipality code"), max_length=4, blank=True, help_text=_("SCB's four-digit code.")
    )
    county_code = models.CharField(_("county code"), max_length=2, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=~Q(organisation_number=""),
                name="organisation_number_unique_when_given",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.organisation_number:
            try:
                self.organisation_number = normalise_organisation_number(self.organisation_number)
            except InvalidOrganisationNumber as error:
                message = ValidationError(ORGANISATION_NUMBER_ERRORS[error.code], code=error.code)
                raise ValidationError({"organisation_number": message}) from error
        if not isinstance(self.aliases, list) or not all(
            isinstance(alias, str) for alias in self.aliases
        ):
            raise ValidationError({"aliases": _("Aliases must be a list of names.")})
        self.aliases = [alias.strip() for alias in self.aliases if alias.strip()]

    @property
    def all_names(self) -> list[str]:
        """Name, short name and aliases, without repeats."""
        names = [self.name, self.short_name, *self.aliases]
        return list(dict.fromkeys(name for name in names if name))


class ConsultationStatus(models.TextChoices):
    UTKAST = "utkast", _("Draft")
    OPPEN = "oppen", _("Open")
    STANGD = "stangd", _("Closed")
    SAMMANSTALLD = "sammanstalld", _("Compiled")


class Consultation(models.Model):
    """A remiss round: one draft sent to a list of bodies for their answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    remitting_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("remitting organisation"),
        on_delete=models.PROTECT,
        related_name="consultations_sent",
    )
    case_number_raw = models.CharField(
        _("case number as written"), max_length=60, help_text=_("For example RS 2020-0780.")
    )
    case_number_key = models.CharField(
        max_length=60,
        editable=False,
        db_index=True,
        help_text="case_number_raw with dashes, slashes and spacing made uniform, for lookups",
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("The last day to answer; answers are due by the end of that day."),
    )
    short_deadline_reason = models.TextField(
        _("reason for a shorter deadline"),
        blank=True,
        help_text=_(
            "Required when the deadline is less than three months after the remiss is sent."
        ),
    )
    answer_email = models.EmailField(_("answer address"), blank=True)
    answer_formats = models.CharField(
        _("answer formats"), max_length=200, blank=True, help_text=_("For example Word and PDF.")
    )
    answer_instructions = models.TextField(_("how to answer"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.UTKAST,
    )
    responsible_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officers"),
        blank=True,
        related_name="consultations",
    )
    is_demo_data = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_("Shown with a notice: parts of it are invented for demonstration."),
    )
    open_to_all = models.BooleanField(
        _("open to everyone"),
        default=False,
        help_text=_(
            "Anyone may answer in the portal after confirming an e-mail address, not only the "
            "bodies on the list."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.UniqueConstraint(
                fields=["remitting_organisation", "case_number_key"],
                name="consultation_case_number_unique_per_sender",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"

    def save(self, *args, **kwargs):
        self.derive_case_number_key()  # also in clean(), so uniqueness is validated
        super().save(*args, **kwargs)

    def derive_case_number_key(self) -> None:
        self.case_number_key = case_number_key(self.case_number_raw or "")

    @property
    def case_number(self) -> str:
        """The case number for display: dashes made uniform, spaces collapsed."""
        return tidy_case_number(self.case_number_raw)

    def clean(self) -> None:
        super().clean()
        self.derive_case_number_key()
        if not self.case_number_key:
            raise ValidationError({"case_number_raw": _("Enter the case number.")})
        if self.sent_on and self.deadline and self.deadline < self.sent_on:
            raise ValidationError({"deadline": _("The deadline cannot be before the sent date.")})


class SectionKind(models.TextChoices):
    KAPITEL = "kapitel", _("Chapter")
    INRIKTNINGSOMRADE = "inriktningsomrade", _("Focus area")
    INSATS = "insats", pgettext_lazy("kind of part", "Action")
    AVSNITT = "avsnitt", pgettext_lazy("kind of part", "Section")


def section_sort_key(number: str) -> tuple:
    """'2.10' after '2.9': compare numbered parts as numbers."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in number.split(".")
    )


class SectionQuerySet(models.QuerySet):
    def as_tree(self) -> list["SectionNode"]:
        """The sections as a tree of nodes in reading order, from one query."""
        sections = sorted(self, key=lambda s: (section_sort_key(s.number), s.position))
        nodes = {section.pk: SectionNode(section) for section in sections}
        roots: list[SectionNode] = []
        for section in sections:
            node = nodes[section.pk]
            parent = nodes.get(section.parent_id)
            (parent.children if parent else roots).append(node)
        for root in roots:
            root.propagate_closed(parent_closed=False)
        return roots


@dataclass
class SectionNode:
    section: "Section"
    children: list["SectionNode"] = field(default_factory=list)
    open_for_comment: bool = True

    def propagate_closed(self, *, parent_closed: bool) -> None:
        self.open_for_comment = self.section.open_for_comment and not parent_closed
        for child in self.children:
            child.propagate_closed(parent_closed=not self.open_for_comment)


class Section(models.Model):
    """A part of the draft: a chapter, focus area, action or section; a tree."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    number = models.CharField(_("number"), max_length=20, blank=True, help_text=_('Such as "2.3".'))
    kind = models.CharField(
        _("kind"), max_length=20, choices=SectionKind.choices, default=SectionKind.AVSNITT
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    open_for_comment = models.BooleanField(_("open for comment"), default=True)
    closed_reason = models.TextField(
        _("why it is closed for comment"),
        blank=True,
        help_text=_("Required when the part is closed for comment."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "position", "number"]
        verbose_name = _("part of the draft")
        verbose_name_plural = _("parts of the draft")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"],
                condition=~Q(number=""),
                name="section_number_unique_per_consultation",
            ),
            models.CheckConstraint(
                condition=Q(open_for_comment=True) | ~Q(closed_reason=""),
                name="closed_section_has_reason",
                violation_error_message=_("Say why the part is closed for comment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def clean(self) -> None:
        super().clean()
        if self.parent_id and self.parent.consultation_id != self.consultation_id:
            raise ValidationError({"parent": _("The parent belongs to another consultation.")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A part cannot lie inside itself.")})
            ancestor = ancestor.parent


class RecipientStatus(models.TextChoices):
    EJ_SVARAT = "ej_svarat", _("Not answered")
    SVARAT = "svarat", _("Answered")
    INGA_SYNPUNKTER = "inga_synpunkter", _("No comments")
    AVSTATT = "avstatt", _("Declined to comment")
    BERORS_INTE = "berors_inte", _("Not concerned")


@dataclass(frozen=True)
class ResponseRate:
    """How many of the invited bodies have given an answer of any kind."""

    invited: int
    invited_answered: int
    spontaneous: int
    by_status: dict[str, int]

    @property
    def percent(self) -> int:
        return round(100 * self.invited_answered / self.invited) if self.invited else 0


class RecipientQuerySet(models.QuerySet):
    def invited(self) -> "RecipientQuerySet":
        return self.filter(is_invited=True)

    def spontaneous(self) -> "RecipientQuerySet":
        return self.filter(is_invited=False)

    def response_rate(self) -> ResponseRate:
        rows = self.values_list("is_invited", "status")
        by_status: Counter[str] = Counter()
        invited = invited_answered = spontaneous = 0
        for is_invited, status in rows:
            by_status[status] += 1
            if is_invited:
                invited += 1
                invited_answered += status != RecipientStatus.EJ_SVARAT
            else:
                spontaneous += 1
        return ResponseRate(
            invited=invited,
            invited_answered=invited_answered,
            spontaneous=spontaneous,
            by_status={status: by_status[status] for status in RecipientStatus.values},
        )


class Recipient(models.Model):
    """A body on the sändlista, or one that answered without being asked (spontaneous)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="recipients",
    )
    is_invited = models.BooleanField(
        _("invited"), default=True, help_text=_("Off for a spontaneous answer.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecipientStatus.choices,
        default=RecipientStatus.EJ_SVARAT,
    )
    extended_deadline = models.DateField(_("extended deadline"), null=True, blank=True)
    position = models.PositiveIntegerField(_("number on the list"), default=0)
    is_demo_data = models.BooleanField(
        _("example data"), default=False, help_text=_("Invented for the demonstration.")
    )

    objects = RecipientQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "position", "organisation__name"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation"], name="recipient_once_per_consultation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.consultation.case_number})"

    @property
    def deadline(self) -> date | None:
        return self.extended_deadline or self.consultation.deadline


class TokenLinkQuerySet(models.QuerySet):
    def usable(self, now=None) -> "TokenLinkQuerySet":
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class TokenLink(models.Model):
    """A personal link: only the SHA-256 of its random token is stored; it expires and can be
    revoked. Invitations to the portal and actors' reporting links are such links."""

    email = models.EmailField(_("sent to"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = TokenLinkQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class Invitation(TokenLink):
    """A body's link to the portal.

    For a body on the sändlista ``recipient`` is set; for an open consultation a confirmed
    e-mail address gets an invitation of its own with ``recipient`` empty until it answers.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="invitations"
    )
    recipient = models.ForeignKey(
        Recipient,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        who = self.recipient.organisation.name if self.recipient else self.email
        return f"{who} ({self.consultation.case_number})"


class Reminder(models.Model):
    """A reminder e-mailed to a body that had not answered, ``days_before`` its deadline.

    One per body, number of days and deadline: a second run on the same day sends nothing, and
    an extended deadline gets reminders of its own.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        Recipient, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("recipient")
    )
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    deadline = models.DateField(_("deadline reminded of"))
    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The new link the reminder carried.",
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "days_before", "deadline"], name="reminder_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.days_before} d"


class DraftVersionKind(models.TextChoices):
    REMISSVERSION = "remissversion", _("Version sent on remiss")
    ANTAGEN = "antagen", _("Adopted version")
    ANNAN = "annan", _("Other version")


class DraftVersion(models.Model):
    """A version of the draft: its parts as they stood, frozen, with the decision behind it.

    ``sections`` holds the tree as a list of {"number", "title", "text", "kind",
    "open_for_comment", "closed_reason", "parent"} in tree order, so versions can be
    compared part by part long after the live tree has changed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="draft_versions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DraftVersionKind.choices)
    label = models.CharField(_("label"), max_length=200, blank=True)
    sections = models.JSONField(_("parts"), default=list)
    source_filename = models.CharField(_("file name"), max_length=255, blank=True)
    source_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by_body = models.CharField(
        _("deciding body"), max_length=200, blank=True, help_text=_("Such as Regionfullmäktige.")
    )
    decision_case_number = models.CharField(
        _("case number of the decision"), max_length=60, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["consultation", "created_at"]
        verbose_name = _("version of the draft")
        verbose_name_plural = _("versions of the draft")

    def __str__(self) -> str:
        return f"{self.consultation.case_number}: {self.label or self.get_kind_display()}"
