import factory

from jour.accounts.devices import AuthenticatorAppDevice
from jour.accounts.models import Role, User

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name_female", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthenticatorAppDevice

    user = factory.SubFactory(UserFactory)
    name = "app"
    confirmed = True
