import datetime as dt

import factory
from django.utils import timezone

from regulation.models import (
    ChildPlacement,
    ChildView,
    PermitChange,
    PermitChangeKind,
    PlacementRequest,
    Premises,
    PremisesRoom,
    RequestSource,
    Routine,
    ViewsObtainedBy,
)
from tests.factories import UserFactory


class PremisesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Premises

    name = factory.Sequence(lambda n: f"Huset {n + 1}")
    places = 6


def premises_with(*rooms, places: int = 6, name: str | None = None) -> Premises:
    premises = PremisesFactory(places=places, **({"name": name} if name else {}))
    for room in rooms:
        PremisesRoom.objects.create(premises=premises, room=room)
    return premises


class PlacementRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacementRequest

    received_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=3))
    source = RequestSource.SOCIAL_SERVICES
    adults = 1
    children = 0
    created_by = factory.SubFactory(UserFactory)


class RoutineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Routine

    title = factory.Sequence(lambda n: f"Rutin {n + 1}")
    owner = factory.SubFactory(UserFactory)
    adopted_on = dt.date(2025, 1, 15)
    next_review_on = dt.date(2026, 1, 15)


class ChildPlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildPlacement


class ChildViewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildView

    recorded_on = dt.date(2026, 1, 12)
    obtained_by = ViewsObtainedBy.CONVERSATION
    text = "Jag vill gå i min vanliga skola."
    recorded_by = factory.SubFactory(UserFactory)


def regulation_world(world: dict) -> dict:
    """One object of each kind of the regulation app, for the URLs that take an id."""
    child_stay = world["child"].child_stays.get(stay=world["stay"])
    premises = premises_with(world["room"], places=10)
    return {
        "premises": premises,
        "permit_change": PermitChange.objects.create(kind=PermitChangeKind.PLACES, description="Huset: 8 → 10"),
        "child_stay": child_stay,
        "placement_request": PlacementRequestFactory(created_by=world["staff"]),
        "routine": RoutineFactory(owner=world["staff"]),
    }
