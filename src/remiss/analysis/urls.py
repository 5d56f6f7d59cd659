from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("analys/remisser/<uuid:pk>/", views.ConsultationAnalysisView.as_view(), name="overview"),
    path("analys/remisser/<uuid:pk>/starta/", views.AnalysisStartView.as_view(), name="start"),
    path("analys/korningar/<uuid:pk>/", views.AnalysisRunView.as_view(), name="run"),
    path("analys/svar/<uuid:pk>/", views.ResponseAnalysisView.as_view(), name="response"),
    path(
        "analys/svar/<uuid:pk>/stallningstagande/",
        views.StanceCorrectView.as_view(),
        name="stance_correct",
    ),
    path("analys/synpunkter/<uuid:pk>/", views.PointCorrectView.as_view(), name="point_correct"),
    path("analys/avsnitt/<uuid:pk>/", views.SectionPointsView.as_view(), name="section"),
    path("analys/teman/<uuid:pk>/", views.ThemeView.as_view(), name="theme"),
    path("analys/teman/<uuid:pk>/andra/", views.ThemeEditView.as_view(), name="theme_edit"),
]
