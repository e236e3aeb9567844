from django.urls import path

from .views import binder, children, handover, overview, permit, quality, requests, statistics

app_name = "regulation"
urlpatterns = [
    path("", overview.index, name="index"),
    path("permit/", permit.permit, name="permit"),
    path("permit/edit/", permit.permit_edit, name="permit_edit"),
    path("permit/changes/<int:pk>/", permit.permit_change_edit, name="permit_change_edit"),
    path("premises/new/", permit.premises_create, name="premises_create"),
    path("premises/<int:pk>/edit/", permit.premises_edit, name="premises_edit"),
    path("premises/<int:pk>/delete/", permit.premises_delete, name="premises_delete"),
    path("children/", children.children_list, name="children"),
    path("children/<int:pk>/", children.child_stay_detail, name="child_stay"),
    path("children/<int:pk>/placement/", children.placement_edit, name="placement_edit"),
    path("children/<int:pk>/plan/", children.plan_edit, name="plan_edit"),
    path("children/<int:pk>/views/new/", children.view_create, name="view_create"),
    path("requests/", requests.request_list, name="request_list"),
    path("requests/new/", requests.request_create, name="request_create"),
    path("requests/<int:pk>/", requests.request_edit, name="request_edit"),
    path("routines/", quality.routine_list, name="routine_list"),
    path("routines/new/", quality.routine_create, name="routine_create"),
    path("routines/<int:pk>/edit/", quality.routine_edit, name="routine_edit"),
    path("routines/<int:pk>/reviewed/", quality.routine_reviewed, name="routine_reviewed"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/csv/", statistics.statistics_csv, name="statistics_csv"),
    path("statistics/xlsx/", statistics.statistics_xlsx, name="statistics_xlsx"),
    path("statistics/pdf/", statistics.statistics_pdf, name="statistics_pdf"),
    path("statistics/staffing/<int:year>/", quality.staffing_edit, name="staffing_edit"),
    path("binder/", binder.binder_pdf, name="binder_pdf"),
    path("handover/", handover.handovers, name="handovers"),
    path("handover/<int:pk>/pdf/", handover.handover_pdf, name="handover_pdf"),
    path("handover/<int:pk>/done/", handover.handover_mark, name="handover_mark"),
]
