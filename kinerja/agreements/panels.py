"""Parts of the agreement page contributed by the apps above.

The agreement page shows, beside the PK, what other apps know of it: the
electronic signatures, where it went after submission, its realisation, its
downloads. The agreement app cannot import those apps, so each registers a
panel in its `AppConfig.ready()`; the page asks every registered panel of a
slot for its data and includes its template with that data as `panel`.
"""

import dataclasses
from collections.abc import Callable

from django.utils.translation import gettext as _

from kinerja.agreements.models import Agreement

# Where on the page a panel goes.
SLOTS = (
    "documents",  # beside the preview: the downloads
    "actions",  # in the status box, after the agreement's own moves
    "links",  # the line of links under the status box
    "routing",  # below the status box, once the PK is submitted
)


@dataclasses.dataclass(frozen=True)
class Panel:
    slot: str
    template: str
    # The panel's data for this agreement and user, or None to show nothing.
    data: Callable[[Agreement, object], dict | None]
    order: int = 100


_registry: list[Panel] = []


def register(panel: Panel) -> None:
    """Add a panel (once: registering the same panel again changes nothing)."""
    if panel.slot not in SLOTS:
        raise ValueError(_("Slot panel tidak dikenal: %(slot)s") % {"slot": panel.slot})
    if panel not in _registry:
        _registry.append(panel)
        _registry.sort(key=lambda registered: registered.order)


def panels_for(agreement: Agreement, user) -> dict[str, list[dict]]:
    """Every slot's panels that have something to show: {slot: [{template, panel}]}."""
    result: dict[str, list[dict]] = {slot: [] for slot in SLOTS}
    for panel in _registry:
        data = panel.data(agreement, user)
        if data is not None:
            result[panel.slot].append({"template": panel.template, "panel": data})
    return result
