"""What the Rencana Aksi does when its PK moves on (agreements.signals)."""

from kinerja.actionplans.services import plan_carry


def carry_plan(sender, agreement, revision, by, **kwargs) -> None:
    """A PK Perubahan takes the Rencana Aksi of the version it replaces, as a draft for review."""
    plan_carry(agreement=agreement, revision=revision, by=by)
