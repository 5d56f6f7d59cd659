"""The answer page and what it leads to: save, attach, review, submit, decline, receipt."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from remiss.consultations.missiv import answer_file_stem, missiv_compose, missiv_pdf
from remiss.consultations.models import OrganisationKind
from remiss.portal.document import answer_body_name, answer_document_compose
from remiss.portal.forms import AnswerForm, AttachmentForm, DeclineForm, SubmitForm
from remiss.portal.models import PortalAttachment
from remiss.portal.sections import answer_sections
from remiss.portal.services import (
    AnswerIncomplete,
    AnswerSubmitted,
    AttachmentRejected,
    StaleAnswer,
    answer_deadline_end,
    answer_missing,
    portal_answer_decline,
    portal_answer_save,
    portal_answer_submit,
    portal_attachment_add,
    portal_attachment_remove,
)
from remiss.portal.tjansteskrivelse import tjansteskrivelse_docx, tjansteskrivelse_filename
from remiss.rendering import swedish_date
from remiss.responses.storage import original_read

from .base import PortalView

CONFLICT_FIELDS = (
    "position",
    "summary",
    "general_comments",
    "participation",
    "contact_name",
    "contact_email",
    "decided_by",
    "decided_on",
)


def tjansteskrivelse_available(answer) -> bool:
    """A municipality or region decides its answer on a tjänsteskrivelse; offer a draft."""
    kind = answer.recipient.organisation.kind if answer.recipient_id else answer.respondent_kind
    return kind in (OrganisationKind.KOMMUN, OrganisationKind.REGION)


def answer_context(view, *, form=None, attachment_form=None, decline_form=None, **extra):
    answer = view.answer
    consultation = answer.consultation
    sections = answer_sections(consultation)
    if form is None:
        form = AnswerForm(initial=AnswerForm.initial_for(answer), answer=answer, sections=sections)
    deadline = answer.recipient.deadline if answer.recipient_id else consultation.deadline
    return {
        "answer": answer,
        "consultation": consultation,
        "body_name": answer_body_name(answer),
        "deadline": deadline,
        "deadline_display": swedish_date(deadline),
        "closed_sections": [item for item in sections if not item.open_for_comment],
        "form": form,
        "attachment_form": attachment_form or AttachmentForm(),
        "decline_form": decline_form
        or DeclineForm(initial={"contact_email": answer.contact_email}),
        "attachments": list(answer.attachments.all()),
        "tjansteskrivelse": tjansteskrivelse_available(answer),
        **extra,
    }


class AnswerView(PortalView):
    """The body's answer: read the facts, write, save as a draft, go on to review."""

    def get(self, request, answer_id):
        if self.answer.is_submitted:
            return redirect("portal:receipt", self.answer.pk)
        return render(request, "portal/answer.html", answer_context(self))

    def post(self, request, answer_id):
        if self.answer.is_submitted:
            return redirect("portal:receipt", self.answer.pk)
        sections = answer_sections(self.answer.consultation)
        form = AnswerForm(request.POST, answer=self.answer, sections=sections)
        if not form.is_valid():
            return render(
                request, "portal/answer.html", answer_context(self, form=form), status=400
            )
        try:
            saved = portal_answer_save(
                invitation=self.invitation,
                answer=self.answer,
                version=form.cleaned_data["version"],
                data=form.answer_input(),
            )
        except AnswerSubmitted:
            return redirect("portal:receipt", self.answer.pk)
        except StaleAnswer as stale:
            return self.conflict(request, form, stale.current)
        if request.POST.get("action") == "review":
            return redirect("portal:review", saved.pk)
        messages.success(request, _("Your answer was saved as a draft."))
        return HttpResponseRedirect(reverse("portal:answer", args=[saved.pk]) + "#main")

    def conflict(self, request, form, current):
        """Keep what this person wrote in the form, show what the other person saved beside
        it, and let the next save build on the other person's version."""
        data = request.POST.copy()
        data["version"] = str(current.version)
        sections = answer_sections(current.consultation)
        merged = AnswerForm(data, answer=current, sections=sections)
        merged.is_valid()
        theirs = AnswerForm(
            initial=AnswerForm.initial_for(current), answer=current, sections=sections
        )
        differences = []
        for name in (*CONFLICT_FIELDS, *(field for _item, field in form.section_fields)):
            if name not in form.fields:
                continue
            mine = form.cleaned_data.get(name)
            saved = theirs.initial.get(name)
            if (mine or "") != (saved or ""):
                differences.append(
                    {"label": form.fields[name].label, "mine": mine, "theirs": saved, "name": name}
                )
        context = answer_context(self, form=merged, conflict=differences, current=current)
        return render(request, "portal/answer.html", context, status=409)


class AttachmentAddView(PortalView):
    def post(self, request, answer_id):
        if self.answer.is_submitted:
            return redirect("portal:receipt", self.answer.pk)
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                attachment = portal_attachment_add(
                    invitation=self.invitation,
                    answer=self.answer,
                    name=upload.name,
                    data=upload.read(),
                )
            except AttachmentRejected as rejected:
                form.add_error("file", rejected.message)
            else:
                messages.success(
                    request, _("%(name)s was attached.") % {"name": attachment.filename}
                )
                return HttpResponseRedirect(
                    reverse("portal:answer", args=[self.answer.pk]) + "#attachments"
                )
        context = answer_context(self, attachment_form=form)
        return render(request, "portal/answer.html", context, status=400)


class AttachmentRemoveView(PortalView):
    def post(self, request, answer_id, attachment_id):
        attachment = PortalAttachment.objects.filter(pk=attachment_id, answer=self.answer).first()
        if attachment is None:
            raise Http404
        try:
            portal_attachment_remove(
                invitation=self.invitation, answer=self.answer, attachment=attachment
            )
        except AnswerSubmitted:
            return redirect("portal:receipt", self.answer.pk)
        messages.success(request, _("%(name)s was removed.") % {"name": attachment.filename})
        return HttpResponseRedirect(
            reverse("portal:answer", args=[self.answer.pk]) + "#attachments"
        )


class ReviewView(PortalView):
    """The answer as it will be sent, and the button that sends it."""

    def get(self, request, answer_id):
        if self.answer.is_submitted:
            return redirect("portal:receipt", self.answer.pk)
        return render(request, "portal/review.html", self.context())

    def context(self, **extra):
        answer = self.answer
        return {
            "answer": answer,
            "consultation": answer.consultation,
            "document": answer_document_compose(answer, submitted_at=timezone.now()),
            "missing": answer_missing(answer),
            "form": SubmitForm(initial={"version": answer.version}),
            "late": _is_late_now(answer),
            **extra,
        }

    def post(self, request, answer_id):
        if self.answer.is_submitted:
            return redirect("portal:receipt", self.answer.pk)
        form = SubmitForm(request.POST)
        if not form.is_valid():
            return redirect("portal:review", self.answer.pk)
        try:
            portal_answer_submit(
                invitation=self.invitation,
                answer=self.answer,
                version=form.cleaned_data["version"],
            )
        except AnswerSubmitted:
            return redirect("portal:receipt", self.answer.pk)
        except StaleAnswer:
            messages.error(
                request,
                _(
                    "Someone else saved the answer while you were reviewing it. Read it "
                    "through again before you submit it."
                ),
            )
            return redirect("portal:review", self.answer.pk)
        except AnswerIncomplete as incomplete:
            return render(
                request, "portal/review.html", self.context(missing=incomplete.errors), status=400
            )
        return redirect("portal:receipt", self.answer.pk)


def _is_late_now(answer) -> bool:
    end = answer_deadline_end(answer)
    return bool(end and timezone.now() > end)


class DeclineView(PortalView):
    """'We decline to comment' in one step, from the answer page."""

    def post(self, request, answer_id):
        if self.answer.is_submitted:
            return redirect("portal:receipt", self.answer.pk)
        form = DeclineForm(request.POST)
        if not form.is_valid():
            context = answer_context(self, decline_form=form)
            return render(request, "portal/answer.html", context, status=400)
        try:
            portal_answer_decline(
                invitation=self.invitation,
                answer=self.answer,
                contact_email=form.cleaned_data["contact_email"],
            )
        except AnswerSubmitted:
            pass
        return redirect("portal:receipt", self.answer.pk)


class ReceiptView(PortalView):
    def get(self, request, answer_id):
        answer = self.answer
        if not answer.is_submitted:
            return redirect("portal:answer", answer.pk)
        document = answer_document_compose(answer, submitted_at=answer.submitted_at)
        return render(
            request,
            "portal/receipt.html",
            {
                "answer": answer,
                "consultation": answer.consultation,
                "document": document,
                "attachments": list(answer.attachments.all()),
            },
        )


class AnswerPdfView(PortalView):
    """The PDF copy, once the background task has made it (404 until then)."""

    def get(self, request, answer_id):
        answer = self.answer
        if not answer.is_submitted or not answer.pdf_sha256:
            raise Http404
        document = answer_document_compose(answer, submitted_at=answer.submitted_at)
        return _download(original_read(answer.pdf_sha256), "application/pdf", document.filename)


class AnswerOriginalView(PortalView):
    """The answer exactly as it was received (its bytes hash to the receipt's SHA-256)."""

    def get(self, request, answer_id):
        answer = self.answer
        if not answer.is_submitted or not answer.receipt_sha256:
            raise Http404
        document = answer_document_compose(answer, submitted_at=answer.submitted_at)
        return _download(
            original_read(answer.receipt_sha256),
            "text/plain; charset=utf-8",
            document.text_filename,
        )


class MissivView(PortalView):
    """The consultation's cover letter, for the holders of an invitation."""

    def get(self, request, answer_id):
        consultation = self.answer.consultation
        content = missiv_pdf(missiv_compose(consultation))
        filename = answer_file_stem(consultation.case_number, "missiv").replace(" ", "-")
        return _download(content, "application/pdf", f"{filename}.pdf")


class TjansteskrivelseView(PortalView):
    """The municipality's or region's draft tjänsteskrivelse for its answer (R19)."""

    def get(self, request, answer_id):
        if not tjansteskrivelse_available(self.answer):
            raise Http404
        return _download(
            tjansteskrivelse_docx(self.answer),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            tjansteskrivelse_filename(self.answer),
        )


def _download(content: bytes, media_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response
