"""Attachments with bytes in storage; pass `parent` and what the test is about."""

from __future__ import annotations

import hashlib

import factory
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from chidao.attachments.models import Attachment
from chidao.attachments.services import new_stored_name

from .samples import pdf_bytes


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment
        exclude = ["parent", "content"]

    parent = None
    content = factory.LazyFunction(pdf_bytes)
    content_type = factory.LazyAttribute(
        lambda o: ContentType.objects.get_for_model(o.parent)
    )
    object_id = factory.LazyAttribute(lambda o: o.parent.pk)
    original_name = "Báo cáo tiến độ quý 3.pdf"
    stored_name = factory.LazyAttribute(
        lambda o: default_storage.save(new_stored_name(), ContentFile(o.content))
    )
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    content_type_detected = "application/pdf"
    status = Attachment.Status.CLEAN
    uploaded_by = factory.SubFactory("chidao.accounts.tests.factories.UserFactory")
