"""Publishing the compilation (officers) and the public pages (anyone, no login).

Nothing of a consultation is public unless it has a current publication: every public view
looks the consultation up through ``Publication.objects.current()`` and answers 404 otherwise,
so a withdrawn publication is gone at once. The public pages show only the frozen snapshot and
the masked renditions, never the live records or the originals.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import TemplateView

from remiss.accounts.permissions import OfficerRequiredMixin
from remiss.analysis.models import Stance
from remiss.compilation.models import MaskedDocument, Outcome, Publication
from remiss.compilation.services import masking_preview, publication_publish, publication_withdraw
from remiss.consultations.models import Consultation, RecipientStatus

MASKED_KINDS = {
    "personnummer": _lazy("personal identity number"),
    "samordningsnummer": _lazy("coordination number"),
    "telefon": _lazy("phone number"),
    "e-post": _lazy("private e-mail address"),
    "namn": _lazy("name"),
}


def masked_summary(counts: dict[str, int]) -> list[tuple[str, int]]:
    """What was masked, as (translated kind, how many)."""
    return [(str(MASKED_KINDS.get(kind, kind)), count) for kind, count in counts.items()]


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else (value or "")


def public_sections(data: dict) -> list[dict]:
    """The parts of the published compilation that have points or the region's considerations,
    with the codes of positions and outcomes as words."""
    sections = []
    for section in data.get("sections", []):
        if not section["points"] and not section["considerations"]:
            continue
        points = [
            {
                **point,
                "stance_display": _label(Stance, point["stance"]),
                "outcome_display": _label(Outcome, point["outcome"]),
            }
            for point in section["points"]
        ]
        heading = f"{section['number']} {section['title']}".strip()
        sections.append({**section, "heading": heading, "points": points})
    return sections


def public_answers(data: dict) -> list[dict]:
    """Every body of the annex with its answer's status, position and published documents."""
    documents: dict[str, list[dict]] = {}
    for document in data.get("documents", []):
        documents.setdefault(document["body"], []).append(document)
    return [
        {
            **body,
            "status_display": _label(RecipientStatus, body["status"]),
            "stance_display": _label(Stance, body["stance"]),
            "documents": documents.get(body["name"], []),
        }
        for body in data.get("bodies", [])
    ]


class PublicationView(OfficerRequiredMixin, TemplateView):
    """Status, history and a preview of the masking; publish and withdraw (not readers)."""

    template_name = "compilation/publication.html"

    def dispatch(self, request, *args, **kwargs):
        self.consultation = get_object_or_404(
            Consultation.objects.select_related("remitting_organisation"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        publications = self.consultation.publications.select_related("published_by", "withdrawn_by")
        return super().get_context_data(
            consultation=self.consultation,
            current=next((p for p in publications if p.is_current), None),
            publications=publications,
            preview=[
                (row, masked_summary(row.counts)) for row in masking_preview(self.consultation)
            ],
            **kwargs,
        )

    def post(self, request, pk):
        if not request.user.can_register_answers:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "publish":
            publication_publish(actor=request.user, consultation=self.consultation)
            messages.success(request, _("The compilation and the masked answers are published."))
        elif action == "withdraw":
            current = get_object_or_404(
                Publication.objects.current(), consultation=self.consultation
            )
            try:
                publication_withdraw(
                    actor=request.user, publication=current, reason=request.POST.get("reason", "")
                )
            except ValidationError as error:
                context = self.get_context_data(
                    withdraw_error=" ".join(error.messages), reason=request.POST.get("reason", "")
                )
                return self.render_to_response(context, status=400)
            messages.success(request, _("The publication has been withdrawn."))
        else:
            messages.error(request, _("Unknown action."))
        return redirect("compilation:publication", pk=self.consultation.pk)


class PublicListView(TemplateView):
    """Every consultation with a current publication."""

    template_name = "compilation/public_list.html"

    def get_context_data(self, **kwargs):
        publications = (
            Publication.objects.current()
            .select_related("consultation__remitting_organisation")
            .order_by("-published_at")
        )
        return super().get_context_data(publications=publications, **kwargs)


class PublicConsultationView(TemplateView):
    """The published compilation of one consultation, and its answers as masked renditions."""

    template_name = "compilation/public_consultation.html"

    def get_context_data(self, **kwargs):
        publication = get_object_or_404(
            Publication.objects.current().select_related("consultation"),
            consultation_id=self.kwargs["pk"],
        )
        data = publication.snapshot
        answers = public_answers(data)
        return super().get_context_data(
            publication=publication,
            data=data,
            sections=public_sections(data),
            answered=[
                body
                for body in answers
                if body["documents"] or body["status"] != RecipientStatus.EJ_SVARAT
            ],
            not_answered=[
                body
                for body in answers
                if not body["documents"] and body["status"] == RecipientStatus.EJ_SVARAT
            ],
            **kwargs,
        )


class PublicDocumentView(TemplateView):
    """One masked rendition, page by page."""

    template_name = "compilation/public_document.html"

    def get_context_data(self, **kwargs):
        masked = get_object_or_404(
            MaskedDocument.objects.select_related("publication__consultation", "document"),
            publication__consultation_id=self.kwargs["pk"],
            publication__withdrawn_at__isnull=True,
            document_id=self.kwargs["document_pk"],
        )
        document_id = str(self.kwargs["document_pk"])
        entry = next(
            (d for d in masked.publication.snapshot.get("documents", []) if d["id"] == document_id),
            {"body": "", "number": 1, "of": 1},
        )
        return super().get_context_data(
            publication=masked.publication,
            data=masked.publication.snapshot,
            masked=masked,
            entry=entry,
            pages=list(enumerate(masked.pages, 1)),
            **kwargs,
        )
