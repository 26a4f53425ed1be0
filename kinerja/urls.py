from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from kinerja.organisation import views as organisation_views

admin.site.site_header = _("Kinerja — Administrasi")
admin.site.site_title = "Kinerja"

urlpatterns = [
    path("", organisation_views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # Every user changes their own password here; Django's validators (settings) judge the new one.
    path(
        "akun/sandi/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "akun/sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_changed.html"),
        name="password_change_done",
    ),
    path("organisasi/", include("kinerja.organisation.urls")),
    path("perencanaan/", include("kinerja.planning.urls")),
    path("pk/", include("kinerja.agreements.urls")),
    path("pk/", include("kinerja.documents.urls")),
    path("pemantauan/", include("kinerja.submissions.urls")),
    path("impor-pk/", include("kinerja.intake.urls")),
    path("pemberitahuan/", include("kinerja.notifications.urls")),
    path("capaian/", include("kinerja.monitoring.urls")),
    path("rencana-aksi/", include("kinerja.actionplans.urls")),
    path("", include("kinerja.signatures.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
