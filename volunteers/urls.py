from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    # "Mina träffar" for a contact woman, the volunteer list for staff
    path("", views.index, name="index"),
    # The contact woman's own pages
    path("my/meetings/new/", views.my_meeting_new, name="my_meeting_new"),
    path("my/meetings/<int:pk>/", views.my_meeting, name="my_meeting"),
    path("my/availability/", views.my_availability, name="my_availability"),
    path("my/matches/<int:pk>/accept/", views.my_match_accept, name="my_match_accept"),
    path("my/calendar/renew/", views.my_calendar_renew, name="my_calendar_renew"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    # Staff
    path("new/", views.volunteer_new, name="volunteer_new"),
    path("<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("<int:pk>/edit/", views.volunteer_edit, name="volunteer_edit"),
    path("<int:pk>/make-up/", views.volunteer_make_up, name="volunteer_make_up"),
    path("circles/", views.circle_list, name="circle_list"),
    path("circles/new/", views.circle_new, name="circle_new"),
    path("circles/<int:pk>/", views.circle_detail, name="circle_detail"),
    path("circles/<int:pk>/edit/", views.circle_edit, name="circle_edit"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("matches/", views.match_list, name="match_list"),
    path("matches/<int:pk>/", views.match_detail, name="match_detail"),
    path("matches/<int:pk>/transition/", views.match_transition, name="match_transition"),
    path("matching/<int:resident_pk>/", views.matching, name="matching"),
]
