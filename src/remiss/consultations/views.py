from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, ListView

from remiss.accounts.permissions import OfficerRequiredMixin, RegisterAnswersRequiredMixin
from remiss.file_errors import error_message

from .dispatch import invitations_send
from .drafts import (
    DraftUnreadable,
    consultation_create_with_parts,
    draft_compare,
    draft_held,
    draft_hold,
    draft_propose_sections,
    draft_release,
    draft_version_record,
    sections_edit,
)
from .forms import (
    AddBodyForm,
    AdoptedVersionForm,
    CompareForm,
    ConsultationForm,
    ExtendDeadlineForm,
    PresetForm,
    SandlistaImportForm,
    SectionAddForm,
    SectionEditFormSet,
    ShortDeadlineReasonForm,
    part_formset,
    part_initial,
)
from .invitations import (
    invitation_states,
    recipient_extend_deadline,
    recipient_invitations_revoke,
)
from .missiv import answer_file_stem, missiv_compose, missiv_docx, missiv_pdf
from .models import Consultation, DraftVersionKind, Organisation, OrganisationKind, Recipient
from .sandlista import sandlista_add_one, sandlista_add_preset, sandlista_import
from .services import consultation_set_short_deadline_reason, section_add

MISSIV_FORMATS = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        missiv_docx,
    ),
    "pdf": ("application/pdf", missiv_pdf),
}


class ConsultationListView(OfficerRequiredMixin, ListView):
    template_name = "consultations/consultation_list.html"
    context_object_name = "consultations"

    def get_queryset(self):
        return (
            Consultation.objects.select_related("remitting_organisation")
            .annotate(
                response_count=Count("responses", distinct=True),
                recipient_count=Count("recipients", distinct=True),
            )
            .order_by("-created_at")
        )


class ConsultationDetailView(OfficerRequiredMixin, DetailView):
    template_name = "consultations/consultation_detail.html"
    queryset = Consultation.objects.select_related("remitting_organisation")

    def get_context_data(self, **kwargs):
        consultation = self.object
        return super().get_context_data(
            section_tree=consultation.sections.as_tree(),
            recipients=consultation.recipients.select_related("organisation"),
            response_rate=consultation.recipients.response_rate(),
            responses=consultation.responses.for_listing(),
            **kwargs,
        )


class MissivDownloadView(OfficerRequiredMixin, View):
    """The cover letter as Word or PDF, made from the consultation as it is now."""

    def get(self, request, pk, format):
        if format not in MISSIV_FORMATS:
            raise Http404
        consultation = get_object_or_404(
            Consultation.objects.select_related("remitting_organisation"), pk=pk
        )
        media_type, build = MISSIV_FORMATS[format]
        content = build(missiv_compose(consultation))
        filename = answer_file_stem(consultation.case_number, "missiv").replace(" ", "-")
        response = HttpResponse(content, content_type=media_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{filename}.{format}"
        )
        return response


class OrganisationListView(OfficerRequiredMixin, ListView):
    template_name = "consultations/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 100

    def get_queryset(self):
        organisations = Organisation.objects.annotate(answer_count=Count("responses")).order_by(
            "name"
        )
        kind = self.request.GET.get("typ", "")
        if kind in OrganisationKind.values:
            organisations = organisations.filter(kind=kind)
        return organisations

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kinds=OrganisationKind.choices, selected_kind=self.request.GET.get("typ", ""), **kwargs
        )


# --- The officer's side of a consultation round: creating it, its parts and versions, its
# --- sändlista and invitations. Readers may look; changing needs can_register_answers.


def _consultation(pk) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("remitting_organisation"), pk=pk)


class ConsultationCreateView(RegisterAnswersRequiredMixin, View):
    """A new consultation: its facts, the draft's parts as proposed from the upload (or typed
    in), confirmed by the officer in one go."""

    template_name = "consultations/consultation_create.html"
    prefix = "parts"

    def get(self, request):
        latest = Consultation.objects.order_by("-created_at").first()
        form = ConsultationForm(
            initial={"remitting_organisation": latest.remitting_organisation_id if latest else None}
        )
        return self.render(request, form, part_formset(extra=3)(prefix=self.prefix))

    def post(self, request):
        form = ConsultationForm(request.POST, request.FILES)
        form_valid = form.is_valid()
        ticket = request.POST.get("draft_ticket", "")
        uploaded = request.FILES.get("draft")
        if uploaded is not None and "draft" not in form.errors:
            return self.propose(request, form, uploaded)
        parts = part_formset(extra=0)(request.POST, prefix=self.prefix)
        if request.POST.get("action") == "propose" and "draft" not in form.errors:
            form.add_error("draft", _("Choose the file of the draft."))
            return self.render(request, form, parts, ticket=ticket, status=400)
        if request.POST.get("action") == "add_row":
            data = request.POST.copy()
            data[f"{self.prefix}-TOTAL_FORMS"] = str(parts.total_form_count() + 1)
            parts = part_formset(extra=0)(data, prefix=self.prefix)
            return self.render(request, form, parts, ticket=ticket, quiet=True)
        held = draft_held(ticket) if ticket else None
        if ticket and held is None:
            form.add_error("draft", _("The uploaded draft has expired; upload it again."))
        if not (form_valid and parts.is_valid() and form.is_valid()):
            return self.render(request, form, parts, ticket=ticket, status=400)
        consultation = consultation_create_with_parts(
            actor=request.user,
            proposed=parts.proposed(),
            open_to_all=form.cleaned_data["open_to_all"],
            source_filename=held.filename if held else "",
            source_data=held.data if held else b"",
            **form.consultation_fields(),
        )
        if ticket:
            draft_release(ticket)
        messages.success(request, _("The consultation has been created."))
        return redirect("consultations:detail", pk=consultation.pk)

    def propose(self, request, form, uploaded):
        data = uploaded.read()
        try:
            proposed = draft_propose_sections(uploaded.name, data)
        except DraftUnreadable as error:
            parts = part_formset(extra=0)(request.POST, prefix=self.prefix)
            message = _("The draft could not be read: %(reason)s You can enter the parts by hand.")
            draft_error = message % {"reason": error_message(error.code)}
            return self.render(request, form, parts, draft_error=draft_error, status=400)
        ticket = draft_hold(uploaded.name, data)
        parts = part_formset(extra=1 if proposed else 3)(
            prefix=self.prefix, initial=part_initial(proposed)
        )
        return self.render(
            request, form, parts, ticket=ticket, proposed_from=uploaded.name, quiet=True
        )

    def render(self, request, form, parts, *, status=200, quiet=False, **extra):
        ticket = extra.pop("ticket", "")
        held = draft_held(ticket) if ticket else None
        context = {
            "form": form,
            "parts": parts,
            "rows": part_rows(parts),
            "ticket": ticket if held else "",
            "held_filename": held.filename if held else "",
            "show_errors": not quiet,
            **extra,
        }
        return TemplateResponse(request, self.template_name, context, status=status)


def part_rows(parts) -> list[tuple[int, object]]:
    """Each row of the parts formset with its depth, read from its number ("2.3" → 1)."""
    rows = []
    for form in parts.forms:
        number = str(form["number"].value() or "")
        parent = str(form["parent_number"].value() or "")
        depth = number.count(".") if number else (1 if parent else 0)
        rows.append((min(depth, 3), form))
    return rows


def tree_depths(consultation: Consultation) -> dict:
    depths = {}

    def walk(nodes, depth):
        for node in nodes:
            depths[node.section.pk] = depth
            walk(node.children, depth + 1)

    walk(consultation.sections.as_tree(), 0)
    return depths


class SectionsEditView(OfficerRequiredMixin, View):
    """The parts of an existing consultation: title, text, open or closed (with the reason);
    and a new part added by hand."""

    template_name = "consultations/sections_edit.html"

    def get(self, request, pk):
        consultation = _consultation(pk)
        return self.render(request, consultation)

    def post(self, request, pk):
        if not request.user.can_register_answers:
            raise PermissionDenied
        consultation = _consultation(pk)
        if request.POST.get("action") == "add":
            add_form = SectionAddForm(request.POST, consultation=consultation, prefix="new")
            if not add_form.is_valid():
                return self.render(request, consultation, add_form=add_form, status=400)
            data = add_form.cleaned_data
            section_add(
                actor=request.user,
                consultation=consultation,
                number=data["number"],
                title=data["title"],
                kind=data["kind"],
                parent=data["parent"],
                position=(consultation.sections.aggregate(Max("position"))["position__max"] or 0)
                + 1,
            )
            messages.success(request, _("The part has been added."))
            return redirect("consultations:sections", pk=consultation.pk)
        formset = SectionEditFormSet(
            request.POST, queryset=self.sections(consultation), prefix="sections"
        )
        if not formset.is_valid():
            return self.render(request, consultation, formset=formset, status=400)
        changed = sections_edit(
            actor=request.user,
            consultation=consultation,
            edits=[(f.instance, f.cleaned_data) for f in formset.forms if f.has_changed()],
        )
        messages.success(
            request,
            ngettext("%(count)d part was changed.", "%(count)d parts were changed.", len(changed))
            % {"count": len(changed)},
        )
        return redirect("consultations:sections", pk=consultation.pk)

    @staticmethod
    def sections(consultation):
        return consultation.sections.order_by("position", "number")

    def render(self, request, consultation, *, formset=None, add_form=None, status=200):
        can_edit = request.user.can_register_answers
        if formset is None:
            formset = SectionEditFormSet(queryset=self.sections(consultation), prefix="sections")
        depths = tree_depths(consultation)
        context = {
            "consultation": consultation,
            "can_edit": can_edit,
            "formset": formset,
            "rows": [(min(depths.get(f.instance.pk, 0), 3), f) for f in formset.forms],
            "add_form": add_form or SectionAddForm(consultation=consultation, prefix="new"),
            "section_tree": consultation.sections.as_tree(),
        }
        return TemplateResponse(request, self.template_name, context, status=status)


class VersionsView(OfficerRequiredMixin, View):
    """The versions of the draft, the adopted one recorded, and two compared part by part."""

    template_name = "consultations/versions.html"

    def get(self, request, pk):
        return self.render(request, _consultation(pk))

    def post(self, request, pk):
        if not request.user.can_register_answers:
            raise PermissionDenied
        consultation = _consultation(pk)
        form = AdoptedVersionForm(request.POST, request.FILES, prefix="adopted")
        if not form.is_valid():
            return self.render(request, consultation, form=form, status=400)
        data = form.cleaned_data
        uploaded = data["file"]
        version = draft_version_record(
            actor=request.user,
            consultation=consultation,
            kind=DraftVersionKind.ANTAGEN,
            label=data["label"],
            source_filename=uploaded.name if uploaded else "",
            source_data=uploaded.read() if uploaded else b"",
            decided_on=data["decided_on"],
            decided_by_body=data["decided_by_body"],
            decision_case_number=data["decision_case_number"],
        )
        messages.success(request, _("The adopted version has been recorded."))
        first = consultation.draft_versions.order_by("created_at").first()
        url = reverse("consultations:versions", args=[consultation.pk])
        return redirect(f"{url}?before={first.pk}&after={version.pk}#comparison")

    def render(self, request, consultation, *, form=None, status=200):
        versions = list(consultation.draft_versions.select_related("created_by"))
        compare = CompareForm(request.GET or None, consultation=consultation)
        changes = before = after = None
        if compare.is_bound and compare.is_valid():
            before, after = compare.cleaned_data["before"], compare.cleaned_data["after"]
        elif not compare.is_bound and len(versions) >= 2:
            before, after = versions[0], versions[-1]
            compare = CompareForm(
                initial={"before": before.pk, "after": after.pk}, consultation=consultation
            )
        if before is not None:
            changes = draft_compare(before.sections, after.sections)
        context = {
            "consultation": consultation,
            "versions": versions,
            "can_edit": request.user.can_register_answers,
            "form": form or AdoptedVersionForm(prefix="adopted"),
            "compare": compare,
            "before": before,
            "after": after,
            "changes": [c for c in changes if c.changed] if changes else [],
            "unchanged": sum(1 for c in changes if not c.changed) if changes else 0,
        }
        return TemplateResponse(request, self.template_name, context, status=status)


class SandlistaView(OfficerRequiredMixin, View):
    """The bodies the remiss goes to, their deadlines and invitations."""

    template_name = "consultations/sandlista.html"

    def get(self, request, pk):
        return sandlista_render(request, _consultation(pk))


def sandlista_render(request, consultation, *, status=200, **forms):
    recipients = list(
        consultation.recipients.select_related("organisation").order_by(
            "position", "organisation__name"
        )
    )
    states = invitation_states(recipients)
    extend = forms.pop("extend", None)
    rows = [
        (
            recipient,
            states[recipient.pk],
            extend
            if extend is not None and extend.prefix == str(recipient.pk)
            else ExtendDeadlineForm(
                prefix=str(recipient.pk),
                initial={"deadline": recipient.extended_deadline},
            ),
        )
        for recipient in recipients
    ]
    context = {
        "consultation": consultation,
        "rows": rows,
        "can_edit": request.user.can_register_answers,
        "add_form": forms.get("add_form") or AddBodyForm(consultation=consultation, prefix="add"),
        "import_form": forms.get("import_form") or SandlistaImportForm(prefix="import"),
        "import_errors": forms.get("import_errors", []),
        "preset_form": PresetForm(prefix="preset"),
        "reason_form": forms.get("reason_form")
        or ShortDeadlineReasonForm(
            prefix="short", initial={"reason": consultation.short_deadline_reason}
        ),
        "without_email": sum(1 for r in recipients if r.is_invited and not r.organisation.email),
        "not_sent": sum(1 for r in recipients if r.is_invited and states[r.pk].code != "sent"),
    }
    return TemplateResponse(request, "consultations/sandlista.html", context, status=status)


def _report_added(request, result) -> None:
    if result.added:
        messages.success(
            request,
            ngettext(
                "%(count)d body was added to the list.",
                "%(count)d bodies were added to the list.",
                len(result.added),
            )
            % {"count": len(result.added)},
        )
    if result.already_listed:
        messages.info(
            request,
            _("Already on the list: %(names)s.") % {"names": ", ".join(result.already_listed)},
        )


class SandlistaAddView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        consultation = _consultation(pk)
        form = AddBodyForm(request.POST, consultation=consultation, prefix="add")
        if not form.is_valid():
            return sandlista_render(request, consultation, add_form=form, status=400)
        organisation = form.cleaned_data["organisation"]
        result = sandlista_add_one(
            actor=request.user,
            consultation=consultation,
            organisation=organisation,
            **({} if organisation else form.new_values()),
        )
        for error in result.errors:
            messages.error(request, error)
        _report_added(request, result)
        return redirect("consultations:sandlista", pk=consultation.pk)


class SandlistaImportView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        consultation = _consultation(pk)
        form = SandlistaImportForm(request.POST, request.FILES, prefix="import")
        if not form.is_valid():
            return sandlista_render(request, consultation, import_form=form, status=400)
        result = sandlista_import(
            actor=request.user, consultation=consultation, table=form.cleaned_data["file"]
        )
        if not result.ok:
            return sandlista_render(
                request,
                consultation,
                import_form=SandlistaImportForm(prefix="import"),
                import_errors=result.errors,
                status=400,
            )
        _report_added(request, result)
        return redirect("consultations:sandlista", pk=consultation.pk)


class SandlistaPresetView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        consultation = _consultation(pk)
        form = PresetForm(request.POST, prefix="preset")
        if not form.is_valid():
            raise Http404
        result = sandlista_add_preset(
            actor=request.user, consultation=consultation, preset=form.cleaned_data["preset"]
        )
        _report_added(request, result)
        return redirect("consultations:sandlista", pk=consultation.pk)


def _recipient(consultation_pk, recipient_pk) -> Recipient:
    return get_object_or_404(
        Recipient.objects.select_related("organisation", "consultation__remitting_organisation"),
        pk=recipient_pk,
        consultation_id=consultation_pk,
    )


class RecipientDeadlineView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk, recipient):
        recipient = _recipient(pk, recipient)
        consultation = recipient.consultation
        form = ExtendDeadlineForm(
            request.POST, prefix=str(recipient.pk), consultation_deadline=consultation.deadline
        )
        if not form.is_valid():
            return sandlista_render(request, consultation, extend=form, status=400)
        recipient_extend_deadline(
            actor=request.user, recipient=recipient, deadline=form.cleaned_data["deadline"]
        )
        messages.success(
            request,
            _("The deadline of %(name)s has been changed.") % {"name": recipient.organisation},
        )
        return redirect("consultations:sandlista", pk=consultation.pk)


class ShortDeadlineReasonView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        consultation = _consultation(pk)
        form = ShortDeadlineReasonForm(request.POST, prefix="short")
        if not form.is_valid():
            return sandlista_render(request, consultation, reason_form=form, status=400)
        consultation_set_short_deadline_reason(
            actor=request.user, consultation=consultation, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The reason for the shorter deadline has been saved."))
        return redirect("consultations:sandlista", pk=consultation.pk)


def _report_dispatch(request, result) -> None:
    if result.refused:
        messages.error(request, result.refused)
        return
    if result.sent:
        messages.success(
            request,
            ngettext(
                "%(count)d invitation was sent.",
                "%(count)d invitations were sent.",
                len(result.sent),
            )
            % {"count": len(result.sent)},
        )
    if result.failed:
        messages.error(
            request,
            _("These invitations could not be sent; try again later: %(names)s.")
            % {"names": ", ".join(result.failed)},
        )
    if result.without_email:
        messages.warning(
            request,
            _("No e-mail address, so no invitation: %(names)s.")
            % {"names": ", ".join(result.without_email)},
        )
    if not (result.sent or result.failed or result.without_email):
        messages.info(request, _("Every body on the list already has its invitation."))
    if result.opened:
        messages.info(request, _("The consultation is now open."))


class InvitationsSendView(RegisterAnswersRequiredMixin, View):
    """Send the invitations not yet sent (or one body's, again)."""

    def post(self, request, pk, recipient=None):
        if recipient is None:
            consultation = _consultation(pk)
            result = invitations_send(actor=request.user, consultation=consultation)
        else:
            chosen = _recipient(pk, recipient)
            consultation = chosen.consultation
            result = invitations_send(
                actor=request.user, consultation=consultation, recipients=[chosen], resend=True
            )
        _report_dispatch(request, result)
        return redirect("consultations:sandlista", pk=consultation.pk)


class InvitationsRevokeView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk, recipient):
        recipient = _recipient(pk, recipient)
        count = recipient_invitations_revoke(actor=request.user, recipient=recipient)
        messages.success(
            request,
            ngettext(
                "%(count)d link of %(name)s was revoked.",
                "%(count)d links of %(name)s were revoked.",
                count,
            )
            % {"count": count, "name": recipient.organisation},
        )
        return redirect("consultations:sandlista", pk=recipient.consultation_id)
