from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What an officer may do. A user without a role is not an officer and sees nothing."""

    REGISTRATOR = "registrator", _("Registrar")
    HANDLAGGARE = "handlaggare", _("Case officer")
    LASARE = "lasare", _("Reader")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def can_register_answers(self) -> bool:
        """Registrars, case officers and administrators take in answers; readers only read."""
        return self.is_officer and (
            self.is_superuser or self.role in {Role.REGISTRATOR, Role.HANDLAGGARE, Role.ADMIN}
        )

    @property
    def is_officer(self) -> bool:
        """Officers are the people of the remitting authority who work in Remiss."""
        return self.is_active and (bool(self.role) or self.is_superuser)
