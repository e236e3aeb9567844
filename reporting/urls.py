from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.report_create, name="report_create"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/answers/", views.report_answers, name="report_answers"),
    path("<int:pk>/questions/", views.report_questions, name="report_questions"),
    path("<int:pk>/send/", views.report_send, name="report_send"),
    path("<int:pk>/new-version/", views.report_new_version, name="report_new_version"),
    path("<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("<int:pk>/csv/", views.report_csv, name="report_csv"),
    path("<int:pk>/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("registers/<slug:register>/", views.register_list, name="register_list"),
    path("registers/<slug:register>/new/", views.register_create, name="register_create"),
    path("registers/<slug:register>/<int:pk>/", views.register_edit, name="register_edit"),
]
