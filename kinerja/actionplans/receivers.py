"""What the Rencana Aksi does when its PK moves on (agreements.signals)."""

from kinerja.actionplans.models import ActionStep
from kinerja.actionplans.services import plan_carry


def carry_plan(sender, agreement, revision, by, **kwargs) -> None:
    """A PK Perubahan takes the Rencana Aksi of the version it replaces, as a draft for review."""
    plan_carry(agreement=agreement, revision=revision, by=by)


def release_budget(sender, instance, **kwargs) -> None:
    """A program line deleted from a draft PK: its steps keep their text and lose the budget they took
    from it (a budget always comes from a program of the PK), before the line is gone."""
    ActionStep.objects.filter(budget_line=instance).update(budget=None)
