"""Writing the change history."""

from django.db import models

from kinerja.audit.models import Action, ChangeRecord
from kinerja.lib.i18n import render_stored


def record_change(
    *,
    obj: models.Model,
    action: Action,
    summary: str,
    by,
    params: dict | None = None,
    unit=None,
    changes: dict | None = None,
    scope: str = "",
    within=None,
) -> ChangeRecord:
    """Record that `by` did `action` to `obj`; `changes` maps a field to [old, new].

    `summary` is the source text of the message, marked with `gettext_noop`,
    with `%(name)s` placeholders filled from `params` (lib.i18n) when shown.
    `scope` gathers the changes of one history page, e.g. `agreement:12`;
    `within` is the object whose history this is (an agreement for its rows):
    it gives the unit and the scope (`history_scope`).
    """
    if within is not None:
        unit, scope = within.unit, within.history_scope
    written = render_stored(summary, params)
    return ChangeRecord.objects.create(
        unit=unit,
        scope=scope,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        action=Action(action),
        summary=written[:300],
        summary_template=summary,
        summary_params=params or {},
        changes=changes or {},
        by=by if getattr(by, "is_authenticated", False) else None,
    )


def diff(obj: models.Model, new_values: dict) -> dict:
    """The fields of `obj` that `new_values` would change, as {field: [old, new]} in text."""
    return {
        field: [_text(getattr(obj, field)), _text(value)]
        for field, value in new_values.items()
        if getattr(obj, field) != value
    }


def _text(value) -> str | None:
    return None if value is None else str(value)
