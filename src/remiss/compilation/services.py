"""The officer's work on the compilation: replies, considerations, moving points.

Each change is saved at once (the workspace saves as you type) and audited when something
actually changed, with the values before and after.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from remiss.analysis.models import Point, PointCorrection
from remiss.analysis.services import point_correct
from remiss.audit.services import audit_record
from remiss.consultations.models import Consultation, OrganisationKind, Section
from remiss.responses.models import Document, Response

from .assembly import compilation_assemble
from .exports.opendata import compilation_to_data
from .masking import mask_pages, masked_counts, signatory_names
from .models import MaskedDocument, Publication, Reply, SectionComment

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


# --- publication -------------------------------------------------------------------------------
#
# Publishing freezes what the public sees: the compilation as open data, with private persons
# named "Privatperson 1, 2, …", and a masked rendition of every document of every answer. The
# registered originals (the stored bytes and the text of their pages) are never touched.
#
# Publishing again while a publication is current REPLACES it: the current one is withdrawn
# with the reason "Ersatt av ny publicering" and a new one is made from the compilation as it
# is now. That way an officer who corrects a reply after publishing only has to publish again,
# the history shows each version, and there is never more than one current publication.

REPLACED = "Ersatt av ny publicering"


@dataclass(frozen=True)
class MaskingPreview:
    """What publishing would mask in one document (shown to officers before they publish)."""

    document: Document
    body: str
    is_private_person: bool
    pages: int
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _documents_to_publish(consultation: Consultation) -> list[Document]:
    return list(
        Document.objects.filter(response__consultation=consultation)
        .select_related("response__organisation")
        .prefetch_related("pages")
        .order_by("response__received_at", "response__registered_at", "added_at")
    )


def _names_to_mask(documents: list[Document]) -> dict[Any, list[str]]:
    """Per answer from a private person: the person's name and every signatory's name."""
    names: dict[Any, list[str]] = {}
    for document in documents:
        organisation = document.response.organisation
        if organisation is None or organisation.kind != OrganisationKind.PRIVATPERSON:
            continue
        found = names.setdefault(document.response_id, [organisation.name, *organisation.aliases])
        found.extend(signatory_names(document.facts))
    return names


def _masked_rendition(document: Document, names: list[str]) -> tuple[list[str], list[dict]]:
    return mask_pages([page.text for page in document.pages.all()], names=names)


def masking_preview(consultation: Consultation) -> list[MaskingPreview]:
    """What would be masked in each document if the consultation were published now."""
    documents = _documents_to_publish(consultation)
    names = _names_to_mask(documents)
    rows = []
    for document in documents:
        pages, masked = _masked_rendition(document, names.get(document.response_id, []))
        organisation = document.response.organisation
        rows.append(
            MaskingPreview(
                document=document,
                body=organisation.name if organisation else _("Unknown sender"),
                is_private_person=document.response_id in names,
                pages=len(pages),
                counts=masked_counts(masked),
            )
        )
    return rows


@transaction.atomic
def publication_publish(*, actor: Any, consultation: Consultation) -> Publication:
    """Publish the compilation and the masked answers; replaces a current publication.

    The snapshot is the open data of the compilation with private persons masked, its free
    texts (points, replies, considerations) also masked like the documents, and one extra key,
    ``documents``: each published rendition with the public name of the body that sent it.
    """
    Consultation.objects.select_for_update().filter(pk=consultation.pk).first()
    current = Publication.objects.current().filter(consultation=consultation).first()
    if current is not None:
        _withdraw(actor=actor, publication=current, reason=REPLACED)
    documents = _documents_to_publish(consultation)
    names = _names_to_mask(documents)
    renditions = [
        (document, *_masked_rendition(document, names.get(document.response_id, [])))
        for document in documents
    ]
    publication = Publication.objects.create(
        consultation=consultation,
        snapshot=_public_snapshot(consultation, renditions, names),
        published_by=actor,
        published_at=timezone.now(),
    )
    MaskedDocument.objects.bulk_create(
        MaskedDocument(publication=publication, document=document, pages=pages, masked=masked)
        for document, pages, masked in renditions
    )
    audit_record(
        actor=actor,
        action="compilation.published",
        obj=publication,
        changes={
            "consultation": consultation.case_number,
            "replaces": str(current.pk) if current else "",
            "documents": len(renditions),
            "masked": sum(len(masked) for _document, _pages, masked in renditions),
        },
    )
    return publication


def _public_snapshot(consultation, renditions, names: dict[Any, list[str]]) -> dict:
    compilation = compilation_assemble(consultation)
    data = compilation_to_data(compilation, mask_private_persons=True)
    private_names = [name for found in names.values() for name in found]

    def clean(text: str) -> str:
        return mask_pages([text], names=private_names)[0][0] if text else text

    for section in data["sections"]:
        section["considerations"] = clean(section["considerations"])
        for point in section["points"]:
            for key in ("text", "reply", "reason"):
                point[key] = clean(point[key])
    # The bodies of the open data are in the order of the compilation's, names already public.
    public_name = {
        response_id: public["name"]
        for body, public in zip(compilation.bodies, data["bodies"], strict=True)
        for response_id in body.response_ids
    }
    per_answer: dict[Any, int] = {}
    for document, _pages, _masked in renditions:
        per_answer[document.response_id] = per_answer.get(document.response_id, 0) + 1
    seen: dict[Any, int] = {}
    data["documents"] = []
    for document, pages, masked in renditions:
        seen[document.response_id] = seen.get(document.response_id, 0) + 1
        data["documents"].append(
            {
                "id": str(document.pk),
                "body": public_name.get(str(document.response_id), "Okänd avsändare"),
                "number": seen[document.response_id],
                "of": per_answer[document.response_id],
                "pages": len(pages),
                "masked": len(masked),
            }
        )
    return data


@transaction.atomic
def publication_withdraw(*, actor: Any, publication: Publication, reason: str) -> Publication:
    """Take a publication down; the public pages of the consultation are gone at once."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Ange varför publiceringen dras tillbaka."})
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if not publication.is_current:
        raise ValidationError("Publiceringen är redan tillbakadragen.")
    return _withdraw(actor=actor, publication=publication, reason=reason)


def _withdraw(*, actor: Any, publication: Publication, reason: str) -> Publication:
    publication.withdrawn_by = actor
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_reason = reason
    publication.save(update_fields=["withdrawn_by", "withdrawn_at", "withdrawn_reason"])
    audit_record(
        actor=actor,
        action="compilation.withdrawn",
        obj=publication,
        changes={"consultation": publication.consultation.case_number, "reason": reason},
    )
    return publication
