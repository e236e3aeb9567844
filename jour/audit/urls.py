from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("<str:object_type>/<str:object_id>/", views.object_log, name="object_log"),
]
