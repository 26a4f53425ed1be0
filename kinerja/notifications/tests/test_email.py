"""E-mail leaves after the commit, from a background task; a failure is kept on the notice."""

from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext_noop

from kinerja.notifications.models import Kind, Notification
from kinerja.notifications.services import notify_users

pytestmark = pytest.mark.django_db

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def reader(personas):
    personas.outsider.email = "operator@kpu-kabsorong.go.id"
    personas.outsider.save()
    return personas.outsider


def _notify(user, key="test:1"):
    return notify_users(
        users=[user],
        kind=Kind.RECEIVED,
        message=gettext_noop("%(agreement)s telah diterima KPU."),
        params={"agreement": "PK 2024 KPU Kabupaten Sorong"},
        url="/pk/",
        key=key,
    )


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_no_email_leaves_inside_the_transaction_and_none_after_a_rollback(reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _notify(reader)
                assert mail.outbox == []
                raise RuntimeError("the move fails after notifying")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.filter(user=reader, key="test:1").exists()


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_the_email_is_sent_after_the_commit(reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(reader)
    notice = Notification.objects.get(user=reader, key="test:1")
    assert notice.emailed and notice.email_error == ""
    assert mail.outbox[0].to == [reader.email]
    assert "PK 2024 KPU Kabupaten Sorong telah diterima KPU." in mail.outbox[0].body


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_a_failed_email_is_recorded_for_the_admin_not_swallowed(reader, django_capture_on_commit_callbacks):
    with (
        mock.patch("kinerja.notifications.services.send_mail", side_effect=ConnectionRefusedError("smtp down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _notify(reader)
    notice = Notification.objects.get(user=reader, key="test:1")
    assert not notice.emailed
    assert "smtp down" in notice.email_error


def test_a_notice_is_shown_in_the_readers_language(reader):
    _notify(reader)
    notice = Notification.objects.get(user=reader, key="test:1")
    assert notice.message == "PK 2024 KPU Kabupaten Sorong telah diterima KPU."
    with translation.override("en"):
        assert notice.text != notice.message
        assert "PK 2024 KPU Kabupaten Sorong" in notice.text
