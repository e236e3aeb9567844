from django.urls import path

from . import views

app_name = "residents"
urlpatterns = [
    path("", views.index, name="index"),
    path("admit/", views.admit, name="admit"),
    path("board/", views.board, name="board"),
    path("stays/", views.stay_list, name="stay_list"),
    path("<int:pk>/", views.resident_detail, name="resident_detail"),
    path("<int:pk>/edit/", views.resident_edit, name="resident_edit"),
    path("<int:pk>/reveal/", views.resident_reveal, name="resident_reveal"),
    path("<int:pk>/journal/", views.resident_journal, name="resident_journal"),
    path("<int:pk>/stays/new/", views.stay_create, name="stay_create"),
    path("<int:pk>/children/new/", views.child_create, name="child_create"),
    path("stays/<int:pk>/edit/", views.stay_edit, name="stay_edit"),
    path("stays/<int:pk>/discharge/", views.stay_discharge, name="stay_discharge"),
    path("children/<int:pk>/", views.child_detail, name="child_detail"),
    path("children/<int:pk>/edit/", views.child_edit, name="child_edit"),
    path("children/<int:pk>/journal/", views.child_journal, name="child_journal"),
    path("journal/<int:pk>/edit/", views.journal_entry_edit, name="journal_entry_edit"),
    path("journal/<int:pk>/correct/", views.journal_entry_correct, name="journal_entry_correct"),
    path("rooms/", views.room_list, name="room_list"),
    path("rooms/new/", views.room_create, name="room_create"),
    path("rooms/<int:pk>/edit/", views.room_edit, name="room_edit"),
]
