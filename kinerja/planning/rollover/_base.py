"""The diff of a copy: its lines, the proposal and the confirm's check (see the package's docstring)."""

import dataclasses
import hashlib
import json

from django.db.models import TextChoices
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.lib.formatting import format_rupiah
from kinerja.organisation.models import Unit
from kinerja.planning import selectors


class Change(TextChoices):
    KEPT = "kept", gettext_lazy("tetap")
    CHANGED = "changed", gettext_lazy("berubah")
    NEW = "new", gettext_lazy("baru")
    REMOVED = "removed", gettext_lazy("dihapus")


class CopyError(Exception):
    """The copy was refused; the message is for the user and nothing was written."""


@dataclasses.dataclass(frozen=True)
class Line:
    """One line of the diff: what last year had (`before`) and what next year will have (`after`)."""

    change: str
    label: str
    before: str = ""
    after: str = ""
    note: str = ""
    group: str = ""  # the goal, section or party the line belongs to

    @property
    def change_label(self) -> str:
        return Change(self.change).label


@dataclasses.dataclass
class Proposal:
    """What copying `kind` of `unit` from `year - 1` into `year` would make.

    `refusal` says why it cannot be made (then `lines` may still show the
    comparison); `warnings` what the operator should know before confirming;
    `plan` is what `apply` writes, private to this module.
    """

    kind: str
    unit: Unit
    year: int
    title: str
    lines: list[Line] = dataclasses.field(default_factory=list)
    refusal: str = ""
    warnings: list[str] = dataclasses.field(default_factory=list)
    back_url: str = ""
    plan: object = None

    @property
    def last_year(self) -> int:
        return self.year - 1

    @property
    def counts(self) -> dict[str, int]:
        counts = {change.value: 0 for change in Change}
        for line in self.lines:
            counts[line.change] += 1
        return counts

    @property
    def fingerprint(self) -> str:
        """The lines as read: a confirm of another proposal than the one shown is refused."""
        data = [dataclasses.astuple(line) for line in self.lines] + [self.refusal]
        return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()[:32]


def check_confirmable(proposal: Proposal, fingerprint: str) -> None:
    if proposal.refusal:
        raise CopyError(proposal.refusal)
    if fingerprint != proposal.fingerprint:
        raise CopyError(_("Rencana berubah sejak Anda meninjau daftar ini (mungkin oleh pengguna lain); tinjau ulang."))


def summary_params(proposal: Proposal) -> dict:
    counts = proposal.counts
    return {
        "kept": counts[Change.KEPT],
        "changed": counts[Change.CHANGED],
        "new": counts[Change.NEW],
        "removed": counts[Change.REMOVED],
    }


def money(amount: int | None) -> str:
    return format_rupiah(amount, language=None) if amount is not None else ""


def plan_url(unit: Unit, year: int) -> str:
    return reverse("planning:unit", args=[unit.pk, year])


def keepers(unit: Unit) -> str:
    return ", ".join(selectors.plan_keepers(unit)) or _("verifikator pusat")
