"""The third-party apps as the project installs them: the same apps, with names in the reader's language.

The admin lists each app under its verbose name and each model under its
`Meta` names. Axes has no verbose name (the admin showed "AXES") and the task
queue's are English only, so INSTALLED_APPS names these subclasses instead of
the plain apps. The labels stay those of the apps, so tables and migrations
are theirs, unchanged.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tasks_db.apps import TasksAppConfig


class SignInAttemptsConfig(AxesAppConfig):
    """django-axes, which counts failed sign-ins and locks an account out after too many."""

    verbose_name = _("Upaya masuk")


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
