from django.urls import path

from . import views

app_name = "shelter"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("edit/", views.profile_edit, name="profile_edit"),
    path("public-profile.json", views.public_profile_export, name="public_profile_export"),
]
