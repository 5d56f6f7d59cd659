"""Writing the audit log. Every service that changes state calls ``audit_record``."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .models import AuditEvent

SYSTEM_ACTOR = "system"


def audit_record(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Add one event. ``actor`` is a user or None for the system; ``changes`` must be JSON."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = actor_label or (user.get_username() if user else SYSTEM_ACTOR)
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_pk=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )


def model_changes(instance: models.Model, changed_fields: list[str]) -> dict[str, Any]:
    """The new values of the named fields, as JSON-safe strings."""
    values: dict[str, Any] = {}
    for name in changed_fields:
        if name.startswith("password"):
            continue  # never log a password hash
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:  # a form field that is not a model field
            continue
        if field.many_to_many:
            continue
        value = field.value_from_object(instance)
        json_safe = value is None or isinstance(value, str | int | float | bool | list | dict)
        values[name] = value if json_safe else str(value)
    return values
