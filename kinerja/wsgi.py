"""WSGI entry point, used by gunicorn (`gunicorn kinerja.wsgi`) and by runserver."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

from kinerja.checks import site_url_problem

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")

application = get_wsgi_application()

# A server that answers real requests signs sessions and CSRF tokens with
# SECRET_KEY: with the public development key anyone could forge them. Only a
# development server (DEBUG on, as `make run` starts it) may use that key.
if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the development key: set SECRET_KEY to a long random string, or DEBUG=true for development."
    )

# gunicorn runs no system checks: a production server without its public
# address would print verification links and QR codes that lead nowhere.
if settings.PRODUCTION and (problem := site_url_problem(settings.SITE_URL)):
    raise ImproperlyConfigured(f"{problem}: set SITE_URL to the public address of the application.")
