"""Two workers notifying the same keys at once: each notice exists once."""

import threading

import pytest
from django.db import connection, connections

from chidao.accounts.models import User
from chidao.notifications.models import Notification
from chidao.notifications.services import Notice, deliver


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent connections"
)
def test_concurrent_workers_never_duplicate(
    stc_lanhdao: User, stc_chuyenvien: User
) -> None:
    notices = [
        Notice(user, title=f"T{i}", key=f"k{i}")
        for i in range(200)
        for user in (stc_lanhdao, stc_chuyenvien)
    ]
    created: list[int] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        try:
            barrier.wait()
            created.append(deliver(notices, email=False))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(created) == 400
    assert Notification.objects.count() == 400
