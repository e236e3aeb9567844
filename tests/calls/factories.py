import factory
from django.utils import timezone

from jour.calls.models import Channel, Kind, RecurringContact, Residence, SupportContact
from tests.factories import UserFactory


class RecurringContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecurringContact

    pseudonym = factory.Faker("first_name_female", locale="sv_SE")
    residence = Residence.UNKNOWN
    municipality = None
    created_by = factory.SubFactory(UserFactory)


class SupportContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportContact

    started_at = factory.LazyFunction(timezone.now)
    channel = Channel.PHONE
    kind = Kind.SUPPORT
    staff = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("staff")
    residence = Residence.UNKNOWN
    municipality = None
