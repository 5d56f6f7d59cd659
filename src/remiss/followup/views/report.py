"""The annual follow-up report: the page (frozen or live, with the freeze button) and its
downloads as Word and PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from remiss.accounts.permissions import OfficerRequiredMixin
from remiss.followup.exports import FORMATS, chart, followup_report_export, value_rows
from remiss.followup.models import AnnualReport, IndicatorSource, InsatsStatus
from remiss.followup.report import (
    BEHIND,
    NO_DATA,
    ON_TRACK,
    FollowupReport,
    annual_report_freeze,
    report_for_year,
)

from .common import consultation_or_404

FIRST_YEAR, LAST_YEAR = 1990, 2100
TRACK_LABELS = {
    ON_TRACK: gettext_lazy("On track"),
    BEHIND: gettext_lazy("Behind the path to the target"),
    NO_DATA: gettext_lazy("No basis for an assessment"),
}


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("Året ligger utanför det som följs upp.")


def status_label(status: str) -> str:
    return str(InsatsStatus(status).label) if status in InsatsStatus.values else status


def source_label(source: str) -> str:
    return str(IndicatorSource(source).label) if source in IndicatorSource.values else source


def page_areas(report: FollowupReport) -> list[dict]:
    """The report's focus areas with what the page shows beside the data: status names in the
    page's language, each indicator's chart (SVG) and its values as a table."""
    return [
        {
            "area": area,
            "plans": [
                {
                    "plan": plan,
                    "insatser": [
                        {
                            "insats": insats,
                            "status": status_label(insats.status),
                            "before": status_label(insats.status_before),
                        }
                        for insats in plan.insatser
                    ],
                }
                for plan in area.plans
            ],
            "indicators": [
                {
                    "line": line,
                    "chart": chart(line, full_label=False),
                    "rows": value_rows(line),
                    "track": TRACK_LABELS[line.track],
                    "source": source_label(line.source),
                }
                for line in area.indicators
            ],
        }
        for area in report.focus_areas
    ]


class ReportView(OfficerRequiredMixin, TemplateView):
    """GET: the frozen report of the year, or the live one with a note (``?live=1`` shows the
    live one even when frozen). POST: freeze it (officers who may register answers)."""

    template_name = "followup/report.html"

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        _check_year(year)
        consultation = consultation_or_404(self.kwargs["pk"])
        live = self.request.GET.get("live") == "1"
        report, annual = report_for_year(consultation, year, live=live)
        changes = report.changes
        context = super().get_context_data(**kwargs)
        return context | dict(
            consultation=consultation,
            year=year,
            report=report,
            annual=annual,
            has_frozen=annual is not None
            or AnnualReport.objects.filter(consultation=consultation, year=year).exists(),
            areas=page_areas(report),
            status_changes=[
                (change, status_label(change.before), status_label(change.after))
                for change in changes.status_changes
            ],
            export_formats=list(FORMATS.values()),
            previous_year=year - 1 if year > FIRST_YEAR else None,
            next_year=year + 1 if year < LAST_YEAR else None,
        )

    def post(self, request, pk, year):
        if not request.user.can_register_answers:
            raise PermissionDenied
        _check_year(year)
        consultation = consultation_or_404(pk)
        annual_report_freeze(actor=request.user, consultation=consultation, year=year)
        messages.success(
            request, _("The follow-up report for %(year)d is frozen.") % {"year": year}
        )
        return redirect("followup:report", pk=consultation.pk, year=year)


class ReportExportView(OfficerRequiredMixin, View):
    """GET: the report as an attachment, e.g. uppfoljning-2022-RS-2020-0780.docx."""

    def get(self, request, pk, year, format):
        if format not in FORMATS:
            raise Http404("Okänt format.")
        _check_year(year)
        consultation = consultation_or_404(pk)
        export = followup_report_export(
            actor=request.user, consultation=consultation, year=year, format=format
        )
        return HttpResponse(
            export.content,
            content_type=export.format.media_type,
            headers={
                "Content-Disposition": content_disposition_header(True, export.filename),
                "Cache-Control": "private, no-store",
            },
        )
