"""Tokens for the REST API: one per officer's program or per connected system (a diarium).

Only the SHA-256 of a token is stored; the token itself is shown once, when it is created.
A token acts as its owner (an officer) or, for a system without a user, with the role chosen
when it was created.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from remiss.accounts.models import Role

# The roles a token without a user may act with (an administrator's power needs a person).
SYSTEM_ROLES = (Role.REGISTRATOR, Role.HANDLAGGARE, Role.LASARE)


class ApiToken(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(
        _("name"), max_length=100, unique=True, help_text=_("Such as the system it is for.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        help_text=_("Empty for a system token; it then acts with its own role."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[(role.value, role.label) for role in SYSTEM_ROLES],
        blank=True,
        help_text=_("The role of a system token; a user's token follows the user's role."),
    )
    token_sha256 = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, role="")
                | models.Q(user__isnull=True) & ~models.Q(role=""),
                name="api_token_user_or_role",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def owner_label(self) -> str:
        return self.user.get_username() if self.user_id else f"system ({self.role})"
