"""The actors' reporting pages (no login): the link in the e-mail is exchanged for a session,
then the actor reports status and a short narrative for each insats it is responsible for."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from remiss.consultations.links import token_free_redirect
from remiss.followup.access import (
    ReportingNotFound,
    reporting_access,
    reporting_insats,
    reporting_session_grant,
)
from remiss.followup.forms import ActorReportForm
from remiss.followup.selectors import actor_insatser
from remiss.followup.services import insats_report_submit, reporting_link_from_token
from remiss.portal import throttle

logger = logging.getLogger(__name__)

TOKEN_FAILURE_LIMIT = 10
TOKEN_FAILURE_WINDOW = 15 * 60


def link_invalid(request, *, status: int = 404):
    return render(request, "followup/link_invalid.html", status=status)


class ReportStartView(View):
    """``/rapportera/<token>/``: a usable token opens the actor's reporting in this browser's
    session and redirects to a token-free page. Wrong tokens are counted per client IP."""

    def get(self, request, token):
        key = f"followup:token-failures:{throttle.client_ip(request)}"
        if throttle.is_blocked(key, limit=TOKEN_FAILURE_LIMIT, window_seconds=TOKEN_FAILURE_WINDOW):
            response = link_invalid(request, status=429)
            response["Retry-After"] = str(TOKEN_FAILURE_WINDOW)
            return response
        link = reporting_link_from_token(token)
        if link is None:
            throttle.hit(key, limit=TOKEN_FAILURE_LIMIT, window_seconds=TOKEN_FAILURE_WINDOW)
            logger.info("Reporting link refused: unknown, expired or revoked token")
            return link_invalid(request)
        reporting_session_grant(request, link=link)
        logger.info("Reporting link used: %s", link.pk)
        return token_free_redirect(reverse("followup:actor_report", args=[link.pk]))


class ReportingView(View):
    """A page of one reporting link; a session without it (or a dead link) gets a 404."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.link = reporting_access(request, kwargs["link_id"])
        except ReportingNotFound:
            return link_invalid(request)
        return super().dispatch(request, *args, **kwargs)


class ActorReportView(ReportingView):
    template = "followup/actor_report.html"

    def get(self, request, link_id):
        return self.show(request)

    def show(self, request, *, failed=None, status=200):
        rows = []
        for insats in actor_insatser(self.link):
            report = next(iter(insats.reports.all()), None)
            if failed is not None and failed[0].pk == insats.pk:
                form = failed[1]
            else:
                initial = {
                    "status": report.status if report else insats.status,
                    "narrative": report.narrative if report else "",
                }
                form = ActorReportForm(initial=initial, auto_id=f"i-{insats.pk}-%s")
            rows.append((insats, report, form))
        context = {"link": self.link, "rows": rows}
        return render(request, self.template, context, status=status)


class ActorReportSubmitView(ActorReportView):
    def get(self, request, link_id, insats_id):
        try:
            reporting_insats(self.link, insats_id)
        except ReportingNotFound:
            return link_invalid(request)
        return HttpResponseRedirect(reverse("followup:actor_report", args=[self.link.pk]))

    def post(self, request, link_id, insats_id):
        try:
            insats = reporting_insats(self.link, insats_id)
        except ReportingNotFound:
            return link_invalid(request)
        form = ActorReportForm(request.POST, auto_id=f"i-{insats.pk}-%s")
        if not form.is_valid():
            return self.show(request, failed=(insats, form), status=400)
        try:
            insats_report_submit(link=self.link, insats=insats, **form.cleaned_data)
        except PermissionDenied:
            return link_invalid(request)
        messages.success(request, _("Thank you. Your report on %(insats)s has been saved.")
                         % {"insats": insats})  # fmt: skip
        url = reverse("followup:actor_report", args=[self.link.pk])
        return HttpResponseRedirect(f"{url}#insats-{insats.pk}")
