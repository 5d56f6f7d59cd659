from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from remiss.health import health

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="consultations:list"), name="home"),
    path("konto/", include("remiss.accounts.urls")),
    path("", include("remiss.consultations.urls")),
    path("", include("remiss.responses.urls")),
    path("", include("remiss.analysis.urls")),
    path("", include("remiss.compilation.urls")),
    path("", include("remiss.portal.urls")),
    path("", include("remiss.followup.urls")),
    path("", include("remiss.search.urls")),
    path("api/", include("remiss.api.urls")),
    path(
        "tillganglighet/",
        TemplateView.as_view(template_name="accessibility.html"),
        name="accessibility",
    ),
    path("halsa/", health, name="health"),
    path("health/", health),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
