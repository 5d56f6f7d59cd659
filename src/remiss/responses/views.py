import base64
import hashlib

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from remiss.accounts.permissions import OfficerRequiredMixin, RegisterAnswersRequiredMixin
from remiss.consultations.models import Consultation

from .forms import AssignOrganisationForm, IntakeUploadForm
from .intake import IncomingFile, intake_run_create
from .models import Channel, Document, DocumentPage, IntakeItem, IntakeRun, Response
from .services import response_assign_organisation
from .storage import original_path
from .tasks import intake_run_process


class ResponseDetailView(OfficerRequiredMixin, DetailView):
    template_name = "responses/response_detail.html"
    context_object_name = "response"
    queryset = Response.objects.select_related(
        "consultation", "organisation", "registered_by"
    ).prefetch_related(
        Prefetch(
            "documents",
            queryset=Document.objects.prefetch_related(
                Prefetch("pages", queryset=DocumentPage.objects.order_by("number"))
            ),
        )
    )

    def get_context_data(self, **kwargs):
        unmatched = self.object.organisation_id is None
        return super().get_context_data(
            assign_form=AssignOrganisationForm() if unmatched else None, **kwargs
        )


class ResponseAssignOrganisationView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        response = get_object_or_404(Response, pk=pk)
        form = AssignOrganisationForm(request.POST)
        if form.is_valid():
            response_assign_organisation(
                actor=request.user,
                response=response,
                organisation=form.cleaned_data["organisation"],
            )
            messages.success(request, _("The sender has been recorded."))
        else:
            for error in form.errors.get("organisation", []):
                messages.error(request, error)
        return redirect("responses:detail", pk=response.pk)


class DocumentOriginalView(OfficerRequiredMixin, View):
    """The original file, byte for byte, with its SHA-256 in the Repr-Digest header."""

    def get(self, request, pk):
        return original_file_response(get_object_or_404(Document, pk=pk))


def original_file_response(document: Document) -> FileResponse:
    """The document's original, byte for byte, with its SHA-256 in the Repr-Digest header
    (the officers' download and the API's)."""
    path = original_path(document.sha256)
    if not path.exists():
        raise Http404
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=document.original_filename,
        content_type=document.media_type,
    )
    digest = base64.b64encode(bytes.fromhex(document.sha256)).decode("ascii")
    response.headers["Repr-Digest"] = f"sha-256=:{digest}:"
    return response


def incoming_from_upload(uploaded) -> IncomingFile:
    """The bytes of an uploaded file; a file over the limit is only measured and hashed."""
    if uploaded.size > settings.REMISS_MAX_UPLOAD_BYTES:
        digest = hashlib.sha256()
        for chunk in uploaded.chunks():
            digest.update(chunk)
        return IncomingFile(
            name=uploaded.name, data=b"", oversize=uploaded.size, oversize_sha256=digest.hexdigest()
        )
    return IncomingFile(name=uploaded.name, data=uploaded.read())


class IntakeUploadView(RegisterAnswersRequiredMixin, View):
    template_name = "responses/intake_upload.html"

    def get(self, request, pk):
        consultation = get_object_or_404(Consultation, pk=pk)
        return self.render(request, consultation, IntakeUploadForm())

    def post(self, request, pk):
        consultation = get_object_or_404(Consultation, pk=pk)
        form = IntakeUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, consultation, form, status=400)
        run = intake_run_create(
            actor=request.user,
            consultation=consultation,
            channel=Channel.UPPLADDNING,
            files=[incoming_from_upload(f) for f in form.cleaned_data["files"]],
            spool=True,
        )
        transaction.on_commit(lambda: intake_run_process.enqueue(str(run.pk)))
        return redirect("responses:intake_run", pk=run.pk)

    def render(self, request, consultation, form, status=200):
        context = {
            "consultation": consultation,
            "form": form,
            "recent_runs": consultation.intake_runs.all()[:5],
            "max_bytes": settings.REMISS_MAX_UPLOAD_BYTES,
        }
        return TemplateResponse(request, self.template_name, context, status=status)


class IntakeRunDetailView(OfficerRequiredMixin, DetailView):
    template_name = "responses/intake_run.html"
    context_object_name = "run"
    queryset = IntakeRun.objects.select_related("consultation", "started_by")

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return [f"{self.template_name}#run-status"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        items = IntakeItem.objects.filter(run=self.object).select_related("response__organisation")
        return super().get_context_data(receipts=receipt_rows(items), **kwargs)


def receipt_rows(items) -> list[tuple[int, IntakeItem]]:
    """Receipts in reading order with their depth: each file followed by what it unpacked to."""
    children: dict = {}
    for item in sorted(items, key=lambda i: i.position):
        children.setdefault(item.parent_id, []).append(item)
    rows: list[tuple[int, IntakeItem]] = []

    def walk(parent_id, depth):
        for item in children.get(parent_id, []):
            rows.append((depth, item))
            walk(item.pk, depth + 1)

    walk(None, 0)
    return rows
