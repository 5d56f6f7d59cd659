"""Downloading the compilation as Word, PDF, PDF/A, spreadsheet, CSV or open data."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views import View

from remiss.accounts.permissions import OfficerRequiredMixin
from remiss.compilation.exports import FORMATS, compilation_export
from remiss.consultations.models import Consultation


class ExportView(OfficerRequiredMixin, View):
    """GET: the file as an attachment, e.g. remissammanstallning-RS-2020-0780.docx."""

    def get(self, request, pk, format):
        if format not in FORMATS:
            raise Http404("Okänt format.")
        consultation = get_object_or_404(Consultation, pk=pk)
        export = compilation_export(actor=request.user, consultation=consultation, format=format)
        return HttpResponse(
            export.content,
            content_type=export.format.media_type,
            headers={
                "Content-Disposition": content_disposition_header(True, export.filename),
                "Cache-Control": "private, no-store",
            },
        )
