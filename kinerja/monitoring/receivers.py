"""Monitoring's answers to what the agreement app announces."""

from kinerja.agreements.models import Status
from kinerja.monitoring import carry


def carry_realisation(sender, *, agreement, to_status, by, **kwargs) -> None:
    """A PK Perubahan submitted becomes the version measured: the realisation comes with it."""
    if to_status == Status.SUBMITTED and agreement.revision_of_id is not None:
        carry.carry_over(agreement, by=by)
