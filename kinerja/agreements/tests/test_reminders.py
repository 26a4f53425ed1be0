"""Reminders: due in 7 days, overdue after the end of January; each sent once."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from kinerja.agreements.reminders import send_reminders
from kinerja.notifications.models import Notification
from kinerja.planning.models import Dipa

pytestmark = pytest.mark.django_db


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_a_unit_whose_pk_is_due_within_7_days_is_reminded_once(personas, units, django_capture_on_commit_callbacks):
    from kinerja.conftest import delete_sorong_agreements

    delete_sorong_agreements()
    Dipa.objects.filter(unit=units["kpu-96.71"], year=2024).update(ratified_on=datetime.date(2024, 1, 2))
    personas.operator.email = "operator@kpu-sorongkota.go.id"
    personas.operator.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        due_soon, _ = send_reminders(today=datetime.date(2024, 1, 26))  # due 1 February
    assert due_soon >= 1
    notice = Notification.objects.get(user=personas.operator, kind="due_soon", key__contains=str(units["kpu-96.71"].pk))
    assert "1 Februari 2024" in notice.message
    # Nothing leaves before the commit: the e-mail is sent by a task queued on commit.
    assert not notice.emailed and mail.outbox == []
    for callback in callbacks:
        callback()
    notice.refresh_from_db()
    assert notice.emailed
    assert any("1 Februari 2024" in message.body for message in mail.outbox)
    # The operator serves both Sorong units, each with its DIPA: one notice per unit, never twice.
    assert Notification.objects.filter(user=personas.operator, kind="due_soon").count() == 2
    again, _ = send_reminders(today=datetime.date(2024, 1, 27))
    assert Notification.objects.filter(user=personas.operator, kind="due_soon").count() == 2
    assert again == 0


def test_units_without_a_submitted_pk_after_january_are_told_they_are_late(personas):
    _, overdue = send_reminders(today=datetime.date(2024, 2, 1))
    assert Notification.objects.filter(user=personas.outsider, kind="overdue").exists()
    # Kota Sorong's commission PK was received and the secretariat's submitted: no overdue notice there.
    assert not Notification.objects.filter(user=personas.operator, kind="overdue").exists()
    _, again = send_reminders(today=datetime.date(2024, 2, 2))
    assert again == 0


def test_nothing_is_overdue_before_february(personas):
    assert send_reminders(today=datetime.date(2024, 1, 31)) == (0, 0)


def test_the_command_reports_and_refuses_a_bad_date(loaded_db, capsys):
    call_command("send_reminders", today="2024-02-05")
    assert "Pengingat terkirim" in capsys.readouterr().out
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", today="5-2-2024")


def test_notifications_show_in_the_header_and_list(personas, client_for):
    send_reminders(today=datetime.date(2024, 2, 1))
    client = client_for(personas.outsider)
    response = client.get("/")
    assert response.context["unread_notices"] == 1
    page = client.get("/pemberitahuan/").content.decode()
    assert "belum disampaikan" in page
    client.post("/pemberitahuan/dibaca/")
    assert client.get("/").context["unread_notices"] == 0
