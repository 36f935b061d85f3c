import factory
from django.utils import timezone

from chidao.accounts.models import User
from chidao.accounts.services import set_roles
from chidao.agencies.tests.factories import AgencyFactory

PASSWORD = "Chi-Dao-Test-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    # The first-sign-in monitoring notice is taken as read (SECURITY.md 49 tests it).
    monitoring_notice_acknowledged_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def roles(
        self, create: bool, extracted: list[str] | None, **kwargs: object
    ) -> None:
        self.save()
        if extracted:
            set_roles(self, extracted)


def verify_mfa(client: object, user: User) -> object:
    """Sign `user` in on the test `client` past the admins' second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if "_auth_user_id" not in client.session:
        client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
