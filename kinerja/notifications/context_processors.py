from kinerja.organisation.access import sees_everything, verified_province_ids


def navigation(request):
    """What the header needs on every page: unread notices and whether to show monitoring."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notices": user.notifications.filter(read_at__isnull=True).count(),
        "shows_monitoring": sees_everything(user) or bool(verified_province_ids(user)),
    }
