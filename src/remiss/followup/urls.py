from django.urls import path

from .views import actors, adoption, home, indicators, plans, report, reporting

app_name = "followup"

consultation = "uppfoljning/<uuid:pk>/"
plan = "uppfoljning/handlingsplaner/<uuid:pk>/"
insats = "uppfoljning/insatser/<uuid:pk>/"
indicator = "uppfoljning/indikatorer/<uuid:pk>/"
link = "rapportera/lankar/<uuid:link_id>/"

urlpatterns = [
    # The follow-up of a consultation's strategy, per focus area.
    path(consultation, home.HomeView.as_view(), name="home"),
    path(f"{consultation}handlingsplaner/ny/", plans.PlanCreateView.as_view(), name="plan_create"),
    path(f"{plan}andra/", plans.PlanEditView.as_view(), name="plan_edit"),
    path(f"{plan}insatser/ny/", plans.InsatsCreateView.as_view(), name="insats_create"),
    # An insats: the chain back to the answers, status with history.
    path(insats, plans.InsatsView.as_view(), name="insats"),
    path(f"{insats}andra/", plans.InsatsEditView.as_view(), name="insats_edit"),
    path(f"{insats}status/", plans.InsatsStatusView.as_view(), name="insats_status"),
    path(f"{insats}synpunkter/", plans.InsatsPointsView.as_view(), name="insats_points"),
    path(
        f"{insats}synpunkter/ta-bort/",
        plans.InsatsPointUnlinkView.as_view(),
        name="insats_point_unlink",
    ),
    # Indicators: chart and table, values by hand and from a file.
    path(
        f"{consultation}indikatorer/ny/",
        indicators.IndicatorCreateView.as_view(),
        name="indicator_create",
    ),
    path(indicator, indicators.IndicatorView.as_view(), name="indicator"),
    path(f"{indicator}andra/", indicators.IndicatorEditView.as_view(), name="indicator_edit"),
    path(f"{indicator}varden/", indicators.IndicatorValueView.as_view(), name="indicator_value"),
    path(f"{indicator}import/", indicators.IndicatorImportView.as_view(), name="indicator_import"),
    # The adopted version and the points behind it.
    path(f"{consultation}antagen/", adoption.AdoptionView.as_view(), name="adoption"),
    # Candidate actors from the answers (R46).
    path(f"{consultation}aktorer/", actors.CandidatesView.as_view(), name="candidates"),
    path(
        f"{consultation}aktorer/sok/", actors.CandidatesFindView.as_view(), name="candidates_find"
    ),
    path(
        "uppfoljning/aktorer/<uuid:pk>/anta/",
        actors.CandidateAcceptView.as_view(),
        name="candidate_accept",
    ),
    # Reporting links (officers).
    path(
        f"{consultation}rapportering/",
        actors.ReportingLinksView.as_view(),
        name="reporting_links",
    ),
    path(
        f"{consultation}rapportering/skicka/",
        actors.ReportingLinksSendView.as_view(),
        name="reporting_links_send",
    ),
    path(
        f"{consultation}rapportering/<uuid:organisation_pk>/lank/",
        actors.ReportingLinkIssueView.as_view(),
        name="reporting_link_issue",
    ),
    # The annual report (views by the report module).
    path(f"{consultation}rapport/<int:year>/", report.ReportView.as_view(), name="report"),
    path(
        f"{consultation}rapport/<int:year>/<str:format>/",
        report.ReportExportView.as_view(),
        name="report_export",
    ),
    # The actors' reporting (no login): the link in the e-mail, then token-free pages.
    path("rapportera/<str:token>/", reporting.ReportStartView.as_view(), name="report_start"),
    path(link, reporting.ActorReportView.as_view(), name="actor_report"),
    path(
        f"{link}insatser/<uuid:insats_id>/",
        reporting.ActorReportSubmitView.as_view(),
        name="actor_report_submit",
    ),
]
