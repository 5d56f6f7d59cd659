import base64

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView

from remiss.accounts.permissions import OfficerRequiredMixin

from .models import Document, DocumentPage, Response
from .storage import original_path


class ResponseDetailView(OfficerRequiredMixin, DetailView):
    template_name = "responses/response_detail.html"
    context_object_name = "response"
    queryset = Response.objects.select_related(
        "consultation", "organisation", "registered_by"
    ).prefetch_related(
        Prefetch("documents", queryset=Document.objects.prefetch_related(
            Prefetch("pages", queryset=DocumentPage.objects.order_by("number"))
        ))
    )


class DocumentOriginalView(OfficerRequiredMixin, View):
    """The original file, byte for byte, with its SHA-256 in the Repr-Digest header."""

    def get(self, request, pk):
        document = get_object_or_404(Document, pk=pk)
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
