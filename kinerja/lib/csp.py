"""Content-Security-Policy header on every page (Django 5.2 has none built in).

The policy lets a page load scripts, styles and images from this site only: no
inline script, no inline style attribute, no event-handler attribute, nothing
from elsewhere, and no framing. A template that needs behaviour or a computed
size says so with a data attribute, and `static/kinerja/kinerja.js` applies it.
"""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Adds `settings.CONTENT_SECURITY_POLICY` to HTML responses that do not set their own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        # Only documents run scripts; downloads (PDF, spreadsheets) are left as
        # they are, so that the browser's own PDF viewer is not blocked.
        if policy and response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", policy)
        return response
