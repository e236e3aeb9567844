from datetime import date

import factory

from residents.models import Child, ChildStay, JournalEntry, JournalEntryType, Resident, Room, Stay
from tests.factories import UserFactory


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Rum {n + 1}")
    beds = 3


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    first_name = factory.Faker("first_name_female", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    birth_year = 1990


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    mother = factory.SubFactory(ResidentFactory)
    first_name = factory.Faker("first_name", locale="sv_SE")
    birth_year = 2018


class StayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stay

    resident = factory.SubFactory(ResidentFactory)
    room = factory.SubFactory(RoomFactory)
    intake = date(2026, 1, 10)
    discharge = None
    placed_by_social_services = True


class ChildStayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildStay

    child = factory.SubFactory(ChildFactory)
    stay = factory.SubFactory(StayFactory)


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    resident = factory.SubFactory(ResidentFactory)
    entry_type = JournalEntryType.EVENT
    text = "Samtal om boendet."
    author = factory.SubFactory(UserFactory)
