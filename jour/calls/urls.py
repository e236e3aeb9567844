from django.urls import path

from . import views

app_name = "calls"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.contact_create, name="contact_create"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path("recurring/", views.recurring_list, name="recurring_list"),
    path("recurring/new/", views.recurring_create, name="recurring_create"),
    path("recurring/<int:pk>/", views.recurring_detail, name="recurring_detail"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.csv", views.statistics_csv, name="statistics_csv"),
]
