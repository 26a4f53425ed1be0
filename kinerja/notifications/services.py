"""Telling users: one notice per user and event, shown in the app and sent by e-mail."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from kinerja.notifications.models import Notification
from kinerja.organisation.models import Role, Unit

UNIT_ROLES = (Role.OPERATOR, Role.LEADER)


def notify_users(*, users, kind: str, message: str, url: str, key: str) -> int:
    """Notify each of `users` once for the event `key`; return how many were new."""
    created = 0
    for user in users:
        try:
            with transaction.atomic():
                notice = Notification.objects.create(user=user, kind=kind, message=message, url=url, key=key)
        except IntegrityError:
            continue
        created += 1
        if user.email:
            send_mail(
                subject=f"[Kinerja] {notice.get_kind_display()}",
                message=f"{message}\n\n{settings.SITE_URL}{url}",
                from_email=None,
                recipient_list=[user.email],
                fail_silently=True,
            )
            Notification.objects.filter(pk=notice.pk).update(emailed=True)
    return created


def notify_unit(*, unit: Unit, kind: str, message: str, url: str, key: str, roles=UNIT_ROLES) -> int:
    """Notify the users who hold `roles` in `unit`."""
    users = get_user_model().objects.filter(memberships__unit=unit, memberships__role__in=roles, is_active=True)
    return notify_users(users=users.distinct(), kind=kind, message=message, url=url, key=key)


def notify_role(*, role: str, kind: str, message: str, url: str, key: str, unit: Unit | None = None) -> int:
    """Notify everyone with `role` (in `unit` if given), e.g. the central verifiers."""
    users = get_user_model().objects.filter(memberships__role=role, is_active=True)
    if unit is not None:
        users = users.filter(memberships__unit=unit)
    return notify_users(users=users.distinct(), kind=kind, message=message, url=url, key=key)
