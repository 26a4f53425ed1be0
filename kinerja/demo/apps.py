"""The demo app owns the example data: KPU Kota Sorong's 2024 story with one user
per persona (`load_demo`) and the national data set for load tests
(`generate_national`), both written through the services a user's clicks call."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "kinerja.demo"
    label = "demo"
    verbose_name = _("Data contoh")
