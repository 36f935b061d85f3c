from django.urls import path

from .api import AttachmentDownloadApi, ParentAttachmentsApi

urlpatterns = [
    path(
        "attachments/<int:pk>",
        AttachmentDownloadApi.as_view(),
        name="attachment_download",
    ),
    path(
        "tasks/<int:pk>/attachments",
        ParentAttachmentsApi.as_view(kind="task"),
        name="task_attachments",
    ),
    path(
        "directives/<int:pk>/attachments",
        ParentAttachmentsApi.as_view(kind="directive"),
        name="directive_attachments",
    ),
    path(
        "progress-reports/<int:pk>/attachments",
        ParentAttachmentsApi.as_view(kind="report"),
        name="report_attachments",
    ),
    path(
        "comments/<int:pk>/attachments",
        ParentAttachmentsApi.as_view(kind="comment"),
        name="comment_attachments",
    ),
]
