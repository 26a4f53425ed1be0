"""Writing the change history."""

from django.db import models

from kinerja.audit.models import ChangeRecord


def change_record(
    *, obj: models.Model, action: str, summary: str, by, unit=None, changes: dict | None = None, scope: str = ""
):
    """Record that `by` did `action` to `obj`; `changes` maps a field to [old, new]."""
    return ChangeRecord.objects.create(
        unit=unit,
        scope=scope,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        action=action,
        summary=summary[:300],
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
