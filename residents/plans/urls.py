from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # The implementation plan of one stay
    path("stays/<int:stay_pk>/", views.stay_plan, name="stay_plan"),
    path("stays/<int:stay_pk>/edit/", views.plan_edit, name="plan_edit"),
    path("stays/<int:stay_pk>/goals/new/", views.goal_create, name="goal_create"),
    path("stays/<int:stay_pk>/follow-ups/new/", views.follow_up_create, name="follow_up_create"),
    path("stays/<int:stay_pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/<int:goal_pk>/activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    # The woman: support log, orientation, safety plan, self-assessment
    path("residents/<int:resident_pk>/", views.resident_support, name="resident"),
    path("residents/<int:resident_pk>/support/new/", views.support_create, name="support_create"),
    path("support/<int:pk>/edit/", views.support_edit, name="support_edit"),
    path("residents/<int:resident_pk>/orientation/", views.orientation, name="orientation"),
    path("residents/<int:resident_pk>/safety/", views.safety_plan, name="safety_plan"),
    path("residents/<int:resident_pk>/safety/edit/", views.safety_plan_edit, name="safety_plan_edit"),
    path("residents/<int:resident_pk>/self-assessments/", views.self_assessments, name="self_assessments"),
    path(
        "residents/<int:resident_pk>/self-assessments/new/",
        views.self_assessment_create,
        name="self_assessment_create",
    ),
    # Overviews and the house
    path("orientation/", views.orientation_overview, name="orientation_overview"),
    path("orientation/topics/", views.topic_list, name="topic_list"),
    path("orientation/topics/new/", views.topic_create, name="topic_create"),
    path("orientation/topics/<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path("safety/", views.safety_reviews, name="safety_reviews"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
]
