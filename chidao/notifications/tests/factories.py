import factory

from chidao.accounts.tests.factories import UserFactory
from chidao.notifications.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Thông báo {n}")
    body = "Nội dung"
    url = "/nhiem-vu/"
