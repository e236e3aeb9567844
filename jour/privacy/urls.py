from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("retention/", views.retention, name="retention"),
    path("extract/", views.extract, name="extract"),
    path("erase/", views.erase, name="erase"),
]
