"""The officer's work on the compilation: replies, considerations, moving points.

Each change is saved at once (the workspace saves as you type) and audited when something
actually changed, with the values before and after.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from remiss.analysis.models import Point, PointCorrection
from remiss.analysis.services import point_correct
from remiss.audit.services import audit_record
from remiss.consultations.models import Consultation, Section
from remiss.responses.models import Response

from .models import Reply, SectionComment

REPLY_FIELDS = ("text", "outcome", "reason")


@transaction.atomic
def reply_save(
    *,
    actor: Any,
    response: Response,
    key: str,
    text: str,
    outcome: str,
    reason: str,
) -> Reply:
    """Save the region's reply to a point (by answer and point key); audit what changed."""
    reply = Reply.objects.select_for_update().filter(response=response, key=key).first()
    before = {name: getattr(reply, name) for name in REPLY_FIELDS} if reply else {}
    if reply is None:
        reply = Reply(response=response, key=key, updated_by=actor)
    reply.text, reply.outcome, reply.reason = text.strip(), outcome, reason.strip()
    after = {name: getattr(reply, name) for name in REPLY_FIELDS}
    if reply.pk and not reply._state.adding and before == after:
        return reply
    reply.updated_by = actor
    reply.updated_at = timezone.now()
    reply.full_clean()
    reply.save()
    audit_record(
        actor=actor,
        action="compilation.reply_saved",
        obj=response,
        changes={
            "point": key,
            **{
                name: {"from": before.get(name, ""), "to": after[name]}
                for name in REPLY_FIELDS
                if before.get(name, "") != after[name]
            },
        },
    )
    return reply


@transaction.atomic
def section_comment_save(
    *, actor: Any, consultation: Consultation, section: Section | None, text: str
) -> SectionComment:
    """Save the region's considerations on a part (None: the general points)."""
    comment = (
        SectionComment.objects.select_for_update()
        .filter(consultation=consultation, section=section)
        .first()
    )
    before = comment.text if comment else ""
    if comment is None:
        comment = SectionComment(consultation=consultation, section=section, updated_by=actor)
    comment.text = text.strip()
    if not comment._state.adding and before == comment.text:
        return comment
    comment.updated_by = actor
    comment.updated_at = timezone.now()
    comment.save()
    audit_record(
        actor=actor,
        action="compilation.considerations_saved",
        obj=consultation,
        changes={
            "section": section.number if section else "",
            "text": {"from": before, "to": comment.text},
        },
    )
    return comment


def point_move(*, actor: Any, point: Point, to: Section | None, note: str = "") -> PointCorrection:
    """Move a point to another part (None: the general points), as an officer's decision.

    An earlier decision on the point's kind is kept.
    """
    previous = (
        PointCorrection.objects.filter(response=point.response, key=point.key)
        .order_by("-decided_at")
        .first()
    )
    return point_correct(
        actor=actor,
        point=point,
        kind=previous.kind if previous else "",
        sections=[to] if to is not None else [],
        note=note,
    )
