from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("account/", include("jour.accounts.urls")),
    path("account/passkeys/", include("jour.accounts.passkeys")),
    path("shelter/", include("jour.shelter.urls")),
    path("audit/", include("jour.audit.urls")),
    path("privacy/", include("jour.privacy.urls")),
    path("operations/", include("jour.operations.urls")),
    path("calls/", include("jour.calls.urls")),
    path("directory/", include("jour.directory.urls")),
    path("residents/", include("residents.urls")),
    path("plans/", include("residents.plans.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("reports/", include("reporting.urls")),
    path("regulation/", include("regulation.urls")),
    path("admin/", admin.site.urls),
]

# A database error behind a failure is a 503 with Retry-After; any other error the 500 page (jour/outage.py).
handler500 = "jour.outage.server_error"
