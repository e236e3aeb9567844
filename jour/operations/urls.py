from django.urls import path

from . import views

app_name = "operations"
urlpatterns = [
    path("start/", views.checklist, name="checklist"),
    path("status/", views.status, name="status"),
]
