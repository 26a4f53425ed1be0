from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinerja.notifications import selectors


@login_required
def notification_list(request):
    notices = request.user.notifications.all()[:100]
    return render(
        request, "notifications/list.html", {"notices": notices, "zone": selectors.reader_time_zone(request.user)}
    )


@login_required
@require_POST
def mark_all_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications:list")
