"""Telling users: one notice per user and event, shown in the app and sent by e-mail.

This app knows users and units, nothing above them: what to tell, and when,
is decided by the apps above (agreements, submissions), which call it. The
e-mail leaves only after the transaction that made the notice commits, from a
background task; a failure is kept on the notice, where the admin sees it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django_tasks import task

from kinerja.lib.i18n import render_stored
from kinerja.notifications.models import Notification
from kinerja.organisation.models import Role, Unit

UNIT_ROLES = (Role.OPERATOR, Role.LEADER)


def notify_users(*, users, kind: str, message: str, url: str, key: str, params: dict | None = None) -> int:
    """Notify each of `users` once for the event `key`; return how many were new.

    `message` is the source text (marked with gettext_noop) with `%(name)s`
    placeholders filled from `params`; it is shown in each reader's language.
    """
    written = render_stored(message, params)[:400]
    created = 0
    for user in users:
        try:
            with transaction.atomic():
                notice = Notification.objects.create(
                    user=user,
                    kind=kind,
                    message=written,
                    message_template=message,
                    params=params or {},
                    url=url,
                    key=key,
                )
        except IntegrityError:
            continue
        created += 1
        if user.email:
            transaction.on_commit(lambda pk=notice.pk: send_notice_email.enqueue(pk))
    return created


def notify_unit(
    *, unit: Unit, kind: str, message: str, url: str, key: str, params: dict | None = None, roles=UNIT_ROLES
) -> int:
    """Notify the users who hold `roles` in `unit`."""
    users = get_user_model().objects.filter(memberships__unit=unit, memberships__role__in=roles, is_active=True)
    return notify_users(users=users.distinct(), kind=kind, message=message, url=url, key=key, params=params)


def notify_role(
    *, role: str, kind: str, message: str, url: str, key: str, params: dict | None = None, unit: Unit | None = None
) -> int:
    """Notify everyone with `role` (in `unit` if given), e.g. the central verifiers."""
    users = get_user_model().objects.filter(memberships__role=role, is_active=True)
    if unit is not None:
        users = users.filter(memberships__unit=unit)
    return notify_users(users=users.distinct(), kind=kind, message=message, url=url, key=key, params=params)


@task()
def send_notice_email(notice_id: int) -> None:
    """E-mail one notice (after the commit that made it); a failure is recorded on the notice."""
    notice = Notification.objects.select_related("user").filter(pk=notice_id, emailed=False).first()
    if notice is None or not notice.user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"[Kinerja] {notice.get_kind_display()}"
        body = f"{notice.text}\n\n{settings.SITE_URL.rstrip('/')}{notice.url}"
    try:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[notice.user.email])
    except Exception as error:  # any failure of the mail server is recorded, then raised for the task result
        Notification.objects.filter(pk=notice.pk).update(email_error=f"{type(error).__name__}: {error}"[:300])
        raise
    Notification.objects.filter(pk=notice.pk).update(emailed=True, email_error="")
