"""Attachment.objects.visible_to follows the parent's visibility (SECURITY.md 3)."""

import pytest

from chidao.attachments.models import Attachment
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import (
    CommentFactory,
    DirectiveFactory,
    ProgressReportFactory,
    TaskFactory,
)

from .factories import AttachmentFactory

pytestmark = pytest.mark.django_db


def test_each_user_sees_the_files_of_parents_they_see(
    stc, snv, stc_chuyenvien, snv_chuyenvien, vp_chuyenvien
):
    stc_task = TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED)
    snv_task = TaskFactory(lead_agency=snv, state=Task.State.ACCEPTED)
    report = ProgressReportFactory(task=stc_task)
    comment = CommentFactory(task=snv_task)
    draft = TaskFactory(lead_agency=stc, state=Task.State.DRAFT)
    on_stc = AttachmentFactory(parent=stc_task)
    on_report = AttachmentFactory(parent=report)
    on_comment = AttachmentFactory(parent=comment)
    on_draft = AttachmentFactory(parent=draft)
    on_directive = AttachmentFactory(parent=DirectiveFactory())

    def visible(user):  # noqa: ANN001, ANN202
        return set(Attachment.objects.visible_to(user))

    assert visible(stc_chuyenvien) == {on_stc, on_report}
    assert visible(snv_chuyenvien) == {on_comment}
    assert visible(vp_chuyenvien) == {
        on_stc,
        on_report,
        on_comment,
        on_draft,
        on_directive,
    }


def test_anonymous_users_see_nothing(stc):
    from django.contrib.auth.models import AnonymousUser

    AttachmentFactory(parent=TaskFactory(lead_agency=stc, state=Task.State.ACCEPTED))
    assert not Attachment.objects.visible_to(AnonymousUser()).exists()
