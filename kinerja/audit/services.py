"""Writing the change history."""

import datetime

from django.db import models
from django.utils import timezone

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
    fold: bool = False,
) -> ChangeRecord:
    """Record that `by` did `action` to `obj`; `changes` maps a field to [old, new].

    `summary` is the source text of the message, marked with `gettext_noop`,
    with `%(name)s` placeholders filled from `params` (lib.i18n) when shown.
    `scope` gathers the changes of one history page, e.g. `agreement:12`;
    `within` is the object whose history this is (an agreement for its rows):
    it gives the unit and the scope (`history_scope`).

    `fold`: an autosave. When the latest entry of the scope is an update of the
    same object by the same person less than FOLD_WINDOW ago, this change folds
    into it (the first old value, the latest new one) instead of adding a line
    per keystroke pause; a field changed back to where it started drops out.
    """
    if within is not None:
        unit, scope = within.unit, within.history_scope
    if fold and scope:
        folded = _folded(obj=obj, action=action, by=by, scope=scope, changes=changes or {})
        if folded is not None:
            return folded
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


FOLD_WINDOW = datetime.timedelta(minutes=10)


def _folded(*, obj, action, by, scope: str, changes: dict) -> ChangeRecord | None:
    """The scope's latest entry with `changes` folded in, if it is this person's update of `obj` within the window."""
    if not getattr(by, "is_authenticated", False):
        return None
    latest = ChangeRecord.objects.filter(scope=scope).order_by("-at", "-pk").first()
    if (
        latest is None
        or latest.by_id != by.pk
        or latest.action != action
        or latest.object_type != obj._meta.label_lower
        or latest.object_id != str(obj.pk)
        or latest.at < timezone.now() - FOLD_WINDOW
    ):
        return None
    merged = dict(latest.changes)
    for field, (old, new) in changes.items():
        first = merged[field][0] if field in merged else old
        merged[field] = [first, new]
    merged = {field: pair for field, pair in merged.items() if pair[0] != pair[1]}
    if not merged:
        # Typed and typed back: nothing changed in the end, and the history says nothing.
        ChangeRecord.objects.filter(pk=latest.pk).delete()
        return latest
    ChangeRecord.objects.filter(pk=latest.pk).update(changes=merged, at=timezone.now())
    latest.refresh_from_db()
    return latest


def diff(obj: models.Model, new_values: dict) -> dict:
    """The fields of `obj` that `new_values` would change, as {field: [old, new]} in text."""
    return {
        field: [_text(getattr(obj, field)), _text(value)]
        for field, value in new_values.items()
        if getattr(obj, field) != value
    }


def _text(value) -> str | None:
    return None if value is None else str(value)
