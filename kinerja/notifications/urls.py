from django.urls import path

from kinerja.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("dibaca/", views.mark_all_read, name="read"),
]
