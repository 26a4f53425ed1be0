"""Content-Security-Policy on every page, by django-csp (policy in settings).

The policy lets a page load scripts, styles and images from this site only: no
inline script, no inline style attribute, no event-handler attribute, nothing
from elsewhere, and no framing. A template that needs behaviour or a computed
size says so with a data attribute, and `static/kinerja/kinerja.js` applies it.

django-csp puts its header on every response. Only documents run scripts, so
downloads (PDF, spreadsheets) are left without a page policy: a policy on a
PDF blocks the browser's own viewer. That one rule is all this module adds.
"""

from csp.middleware import CSPMiddleware


class PagesOnlyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, for HTML responses only."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
