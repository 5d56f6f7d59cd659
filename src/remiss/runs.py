"""What every background run has in common: an intake of files, an analysis of answers.

The database is the truth of a run: its status, timings, the textkit version and its error
are rows the pages show progress from.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    VANTAR = "vantar", _("Waiting")
    PAGAR = "pagar", _("In progress")
    KLAR = "klar", _("Done")
    MISSLYCKAD = "misslyckad", _("Failed")


class BackgroundRun(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.VANTAR
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    textkit_version = models.CharField(_("textkit version"), max_length=40, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.consultation.case_number} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in {RunStatus.KLAR, RunStatus.MISSLYCKAD}
