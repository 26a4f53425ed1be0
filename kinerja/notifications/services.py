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


def send_reminders(*, today, now=None) -> tuple[int, int]:
    """Remind units whose PK is due within 7 days, and those past the end of January without one.

    Returns the numbers of new notices (due soon, overdue). Each is sent once
    per unit and year, however often this runs.
    """
    import datetime
    from zoneinfo import ZoneInfo

    from kinerja.agreements.models import LOCKED_STATUSES, SUBMITTED_STATUSES, Agreement
    from kinerja.lib.formatting import format_date
    from kinerja.notifications.models import Kind
    from kinerja.planning.models import PK_DAYS_AFTER_DIPA, Dipa

    due_soon = overdue = 0
    window_start = today - datetime.timedelta(days=PK_DAYS_AFTER_DIPA)
    window_end = window_start + datetime.timedelta(days=7)
    for dipa in Dipa.objects.filter(ratified_on__gte=window_start, ratified_on__lte=window_end).select_related("unit"):
        done = Agreement.objects.filter(unit=dipa.unit, year=dipa.year, status__in=LOCKED_STATUSES).exists()
        if not done:
            due_soon += notify_unit(
                unit=dipa.unit,
                kind=Kind.DUE_SOON,
                message=f"PK {dipa.year} {dipa.unit.short_name} harus selesai disusun paling lambat "
                f"{format_date(dipa.pk_due_on)} (30 hari setelah DIPA disahkan).",
                url="/pk/",
                key=f"due:{dipa.unit_id}:{dipa.year}",
            )

    year = today.year
    submitted = set(
        Agreement.objects.filter(year=year, status__in=SUBMITTED_STATUSES).values_list("unit_id", flat=True)
    )
    for unit in Unit.objects.exclude(pk__in=submitted).filter(memberships__role__in=UNIT_ROLES).distinct():
        local_today = now.astimezone(ZoneInfo(unit.time_zone)).date() if now else today
        if local_today > datetime.date(year, 1, 31):
            overdue += notify_unit(
                unit=unit,
                kind=Kind.OVERDUE,
                message=f"PK {year} {unit.short_name} belum disampaikan; batasnya 31 Januari {year}. "
                "Sampaikan segera: keterlambatan dicatat.",
                url="/pk/",
                key=f"overdue:{unit.pk}:{year}",
            )
    return due_soon, overdue
