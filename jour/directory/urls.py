from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_profiles, name="import_profiles"),
    path("<int:pk>/delete/", views.listing_delete, name="listing_delete"),
    path("public-profile.json", views.public_profile_export, name="public_profile_export"),
]
