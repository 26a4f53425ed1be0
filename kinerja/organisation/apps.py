"""Organisation owns the KPU's units, posts, officials and their terms, and who
holds which role in which unit (access.py: who sees what)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "kinerja.organisation"
    label = "organisation"
    verbose_name = _("Organisasi")
