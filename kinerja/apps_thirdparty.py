"""The third-party apps as the project installs them: the same apps, with names in the reader's language.

The admin lists each app under its verbose name and each model under its
`Meta` names. Axes has no verbose name (the admin showed "AXES") and the task
queue's are English only, so INSTALLED_APPS names these subclasses instead of
the plain apps. The labels stay those of the apps, so tables and migrations
are theirs, unchanged.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.auth.apps import AuthConfig
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AccountsConfig(AuthConfig):
    """django.contrib.auth, with the admin's password form in the reader's language."""

    def ready(self):
        super().ready()
        # The forms import the models, which only exist once the apps are loaded.
        from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin

        # Django 5.2 builds this help text by adding a plain string to a lazy translation
        # when the module is imported, so it is fixed in the language active then, and its
        # second sentence is not translatable at all. Built lazily, it follows the reader.
        AdminPasswordChangeForm.usable_password_help_text = format_lazy(
            '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
            SetUnusablePasswordMixin.usable_password_help_text,
            _("Bila dinonaktifkan, kata sandi pengguna ini yang sekarang akan hilang."),
        )


def _when(moment) -> str:
    return formats.localize(timezone.localtime(moment)) if moment else ""


def _attempt_name(attempt) -> str:
    return gettext("Upaya masuk %(username)s, %(time)s") % {
        "username": attempt.username,
        "time": _when(attempt.attempt_time),
    }


def _log_name(log) -> str:
    return gettext("Log masuk %(username)s, %(time)s") % {"username": log.username, "time": _when(log.attempt_time)}


def _failure_name(failure) -> str:
    params = {"username": failure.username, "time": _when(failure.attempt_time), "ip": failure.ip_address}
    if failure.locked_out:
        return gettext("Gagal masuk: %(username)s (dikunci), %(time)s dari %(ip)s") % params
    return gettext("Gagal masuk: %(username)s, %(time)s dari %(ip)s") % params


class SignInAttemptsConfig(AxesAppConfig):
    """django-axes, which counts failed sign-ins and locks an account out after too many."""

    verbose_name = _("Upaya masuk")

    def ready(self):
        super().ready()
        # Axes names its records in English ("Access Log for ... @ ..."), and the admin
        # shows those names in its lists, titles and confirmations.
        self.get_model("AccessAttempt").__str__ = _attempt_name
        self.get_model("AccessLog").__str__ = _log_name
        self.get_model("AccessFailureLog").__str__ = _failure_name
        # Axes's own Indonesian catalogue has no name for this newer model; as for the task
        # results below, the migration state keeps the Meta the app declared.
        expiration = self.get_model("AccessAttemptExpiration")
        expiration._meta.verbose_name = pgettext_lazy("singular", "masa berlaku upaya akses")
        expiration._meta.verbose_name_plural = pgettext_lazy("plural", "masa berlaku upaya akses")


class TaskQueueConfig(TasksAppConfig):
    """The database queue of django-tasks, which runs the background jobs."""

    verbose_name = _("Antrean tugas")

    def ready(self):
        super().ready()
        # The model's names are set here rather than in a Meta of ours: the migration
        # state is read from the Meta the app declared (`_meta.original_attrs`), so the
        # app's migrations stay as they are and no new one is made.
        result = self.get_model("DBTaskResult")
        result._meta.verbose_name = pgettext_lazy("singular", "hasil tugas")
        result._meta.verbose_name_plural = pgettext_lazy("plural", "hasil tugas")
