"""The performance agreement (PK): statement, parties, attachment sections and
rows, program budget lines. Rows keep a copy of the indicator's text, so that a
later change to the plan never alters an agreement."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kinerja.organisation.models import Acting, Unit
from kinerja.planning.models import Activity, Indicator, Program
from kinerja.planning.targets import GRADES, Polarity, TargetKind


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    FINAL = "final", _("Final")
    SIGNED = "signed", _("Ditandatangani")
    SUBMITTED = "submitted", _("Disampaikan")
    COMPILED = "compiled", _("Dikompilasi provinsi")
    RECEIVED = "received", _("Diterima KPU")


# The status pipeline (guideline C.2): which moves are allowed from each status.
# A return by a verifier goes back to draft; the reason is kept in the history.
PIPELINE = {
    Status.DRAFT: {Status.FINAL},
    Status.FINAL: {Status.SIGNED, Status.DRAFT},
    Status.SIGNED: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.COMPILED, Status.RECEIVED, Status.DRAFT},
    Status.COMPILED: {Status.RECEIVED, Status.DRAFT},
    Status.RECEIVED: set(),
}
# Statuses in which the content is fixed: printed, signed, or handed in.
LOCKED_STATUSES = {Status.FINAL, Status.SIGNED, Status.SUBMITTED, Status.COMPILED, Status.RECEIVED}
SUBMITTED_STATUSES = {Status.SUBMITTED, Status.COMPILED, Status.RECEIVED}


class RevisionReason(models.TextChoices):
    OFFICIAL = "official", _("Pergantian pejabat")
    BUDGET = "budget", _("Perubahan program/kegiatan/anggaran")
    PRIORITY = "priority", _("Perubahan prioritas atau asumsi")


class AgreementError(Exception):
    """A refused change of an agreement; the message is for the user."""


class AgreementLocked(AgreementError):
    """A write to the content of an agreement that is no longer a draft.

    Raised by the services with the agreement's status in the message, and by
    the models' integrity guard whatever path writes (the admin, a script).
    """

    def __init__(self, agreement_id: int | None = None, message: str | None = None):
        super().__init__(
            message or _("PK yang sudah final, ditandatangani atau disampaikan tidak dapat diubah; buat PK Perubahan.")
        )
        self.agreement_id = agreement_id


# The fields that make up what is printed and signed.
CONTENT_FIELDS = (
    "unit_id",
    "year",
    "version",
    "opening",
    "paragraphs",
    "first_party_name",
    "first_party_position",
    "first_party_acting",
    "has_second_party",
    "second_party_name",
    "second_party_position",
    "second_party_acting",
    "signed_place",
    "signed_on",
    "revision_reason",
    "revision_note",
    "budget_total",
)


def _ensure_draft(agreement_id: int) -> None:
    # Read the status from the database, not from a possibly stale object.
    if not Agreement.objects.filter(pk=agreement_id, status=Status.DRAFT).exists():
        raise AgreementLocked(agreement_id)


class Agreement(models.Model):
    """One version of a unit's PK for a year; a PK Perubahan is a later version."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="agreements")
    year = models.PositiveSmallIntegerField(_("tahun"))
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    revision_of = models.OneToOneField(
        "self",
        verbose_name=_("perubahan atas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revised_by",
    )
    revision_reason = models.CharField(_("alasan perubahan"), max_length=10, choices=RevisionReason.choices, blank=True)
    revision_note = models.TextField(_("keterangan perubahan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)

    opening = models.TextField(_("kalimat pembuka"))
    paragraphs = models.JSONField(_("pernyataan"), default=list)
    first_party_name = models.CharField(_("nama Pihak Pertama"), max_length=150, blank=True)
    first_party_position = models.CharField(_("jabatan Pihak Pertama"), max_length=200, blank=True)
    first_party_acting = models.CharField(
        _("status Pihak Pertama"), max_length=3, choices=Acting.choices, blank=True, default=Acting.DEFINITIVE
    )
    has_second_party = models.BooleanField(_("dengan Pihak Kedua"), default=False)
    second_party_name = models.CharField(_("nama Pihak Kedua"), max_length=150, blank=True)
    second_party_position = models.CharField(_("jabatan Pihak Kedua"), max_length=200, blank=True)
    second_party_acting = models.CharField(
        _("status Pihak Kedua"), max_length=3, choices=Acting.choices, blank=True, default=Acting.DEFINITIVE
    )
    signed_place = models.CharField(_("tempat"), max_length=80, blank=True)
    signed_on = models.DateField(_("tanggal"), null=True, blank=True)
    # Recorded when the agreement is handed in: lateness is a fact of that
    # moment (31 January, 23:59 in the unit's own time zone), never refused.
    submitted_at = models.DateTimeField(_("disampaikan pada"), null=True, blank=True)
    days_late = models.PositiveIntegerField(_("terlambat (hari)"), null=True, blank=True)
    # A PK of an earlier year brought in from its file (intake): it keeps its own dates, none
    # invented; its lateness is unknown when its submission date is; it counts in roll-ups and
    # trends, never in a year's compliance.
    is_history = models.BooleanField(_("riwayat (dimasukkan dari berkas)"), default=False, editable=False)
    # Whether the attachment prints a "Jumlah" line under two or more budget lines; the guideline's
    # example has none, so it is off unless the unit asks for it.
    budget_total = models.BooleanField(_("cetak baris Jumlah anggaran"), default=False)

    # Incremented by every saved edit of these fields; an edit carries the count
    # it started from, so that a concurrent edit is detected, never overwritten.
    change_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disusun oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("disusun"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("perjanjian kinerja")
        verbose_name_plural = _("perjanjian kinerja")
        ordering = ["unit__sort_key", "-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "version"], name="one_agreement_version")]

    def __str__(self) -> str:
        name = f"PK {self.year} {self.unit.short_name}"
        if self.version == 1:
            return name
        return gettext("%(name)s (Perubahan ke-%(number)s)") % {"name": name, "number": self.version - 1}

    def save(self, *args, **kwargs):
        # An integrity guard, not a rule: whatever path writes (a page, the
        # admin, a script), the content of a locked agreement stays as signed,
        # and the status moves only through the lifecycle (a conditional update
        # that writes its status-change row), never by saving an object.
        if self.pk is not None:
            stored = Agreement.objects.filter(pk=self.pk).values("status", *CONTENT_FIELDS).first()
            locked = stored is not None and stored["status"] in LOCKED_STATUSES
            if locked and any(getattr(self, field) != stored[field] for field in CONTENT_FIELDS):
                raise AgreementLocked(self.pk)
            update_fields = kwargs.get("update_fields")
            writes_status = update_fields is None or "status" in update_fields
            if stored is not None and writes_status and self.status != stored["status"]:
                raise AgreementLocked(
                    self.pk, gettext("Status PK hanya berubah melalui alurnya, tidak secara langsung.")
                )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("agreements:edit", args=[self.pk])

    def delete(self, *args, **kwargs):
        _ensure_draft(self.pk)
        return super().delete(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        """Only a draft may change; anything after it is fixed for good."""
        return self.status == Status.DRAFT

    @property
    def is_final(self) -> bool:
        """Final: fixed for printing and signing, not signed yet (it may still be reopened)."""
        return self.status == Status.FINAL

    @property
    def is_submitted(self) -> bool:
        """Handed in: submitted, compiled or received (SUBMITTED_STATUSES)."""
        return self.status in SUBMITTED_STATUSES

    @property
    def passes_province(self) -> bool:
        """A kabupaten/kota's agreement goes to KPU through its province's compilation."""
        return bool(self.unit.province_id) and self.unit.is_regency

    @property
    def file_stem(self) -> str:
        """`pk-2024-kpu-kota-sorong`, with `-perubahan-1` for a revision: the name of its files, no extension."""
        suffix = f"-perubahan-{self.version - 1}" if self.is_revision else ""
        return f"pk-{self.year}-{slugify(self.unit.short_name)}{suffix}"

    @property
    def history_scope(self) -> str:
        """What gathers the change history of this agreement, its sections, rows and budget lines."""
        return f"agreement:{self.pk}"

    @property
    def is_revision(self) -> bool:
        return self.revision_of_id is not None

    def next_statuses(self) -> set[str]:
        """The statuses this agreement may move to from where it is."""
        allowed = set(PIPELINE[Status(self.status)])
        # Only a kabupaten/kota's agreements pass through the province's compilation.
        if not self.passes_province:
            allowed.discard(Status.COMPILED)
        elif self.status == Status.SUBMITTED:
            allowed.discard(Status.RECEIVED)
        return allowed

    def current_scan(self) -> "SignedScan | None":
        """The signed document that stands: neither replaced nor voided by a return."""
        return self.scans.filter(replaced_at__isnull=True).first()

    def back_to_draft(self) -> "StatusChange | None":
        """The move that brought this draft back from a later status (a return or a
        reopening), with its reason; None for a draft that never left draft, and
        once the agreement has moved on again."""
        if not self.is_editable:
            return None
        latest = self.status_changes.select_related("by").order_by("-at", "-pk").first()
        return latest if latest is not None and latest.to_status == Status.DRAFT else None


class DraftOnlyContent(models.Model):
    """Content of an agreement: saved or deleted only while the agreement is a draft.

    An integrity guard, not a rule: whatever path writes (a page, the admin, a
    script), what was signed stays as it was signed.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _ensure_draft(self.owning_agreement_id())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _ensure_draft(self.owning_agreement_id())
        return super().delete(*args, **kwargs)

    def owning_agreement_id(self) -> int | None:
        return self.agreement_id


class Section(DraftOnlyContent):
    """A strategic goal or an activity in the attachment, holding rows."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("urutan"))
    number = models.CharField(_("nomor"), max_length=10, blank=True)
    code = models.CharField(_("kode kegiatan"), max_length=10, blank=True)
    title = models.TextField(_("sasaran strategis/kegiatan"))
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    change_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("bagian lampiran")
        verbose_name_plural = _("bagian lampiran")
        ordering = ["agreement", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Row(DraftOnlyContent):
    """An indicator with its target; optionally a letter and the output it belongs to."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveSmallIntegerField(_("urutan"))
    letter = models.CharField(_("huruf"), max_length=5, blank=True)
    output = models.TextField(_("keluaran"), blank=True)
    indicator_text = models.TextField(_("indikator kinerja"))
    # The indicator of the plan the row was drawn from; the text above is a
    # copy, kept even if the plan changes later.
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    target = models.CharField(_("target"), max_length=40, blank=True)
    measure_unit = models.CharField(_("satuan"), max_length=40, blank=True)
    change_count = models.PositiveIntegerField(default=0, editable=False)
    # In a PK Perubahan: the row of the version before that this row was copied
    # from. Its realisation is carried over row by row when the revision is
    # submitted (monitoring.carry); a row added in the revision has none.
    origin = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies", editable=False
    )

    class Meta:
        verbose_name = _("baris lampiran")
        verbose_name_plural = _("baris lampiran")
        ordering = ["section", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator_text}: {self.target} {self.measure_unit}"

    def owning_agreement_id(self) -> int | None:
        return Section.objects.filter(pk=self.section_id).values_list("agreement_id", flat=True).first()

    @property
    def takes_grade(self) -> bool:
        return self.indicator is not None and self.indicator.target_kind == TargetKind.GRADE

    @property
    def target_example(self) -> str:
        """What a target of this row looks like, for the editor's placeholder: `WTP`, `80–90`, `100`."""
        if self.takes_grade:
            return GRADES.get(self.indicator.grade_scale, ("",))[0]
        if self.indicator is not None and self.indicator.polarity == Polarity.RANGE:
            return "80–90"
        return "100"


def row_label(row: Row) -> str:
    """How a row is named in messages: `3.b`, or `3.2` for a row without a letter."""
    return f"{row.section.number or row.section.order}.{row.letter or row.order}"


class BudgetLine(DraftOnlyContent):
    """A program's budget in the attachment; the amount may be left blank, as in the seed."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="budget_lines")
    order = models.PositiveSmallIntegerField(_("urutan"))
    program_name = models.CharField(_("program"), max_length=300)
    program_code = models.CharField(_("kode program"), max_length=20, blank=True)
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField(_("anggaran (Rp)"), null=True, blank=True)
    change_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("anggaran program")
        verbose_name_plural = _("anggaran program")
        ordering = ["agreement", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0), name="budget_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program_name} ({self.program_code})"


class StatusChange(models.Model):
    """One move of an agreement along the pipeline: from, to, who, when, why."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("dari"), max_length=10, choices=Status.choices)
    to_status = models.CharField(_("ke"), max_length=10, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), db_index=True)
    reason = models.TextField(_("alasan"), blank=True)

    class Meta:
        verbose_name = _("perubahan status")
        verbose_name_plural = _("perubahan status")
        ordering = ["agreement", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def is_return(self) -> bool:
        """A verifier sent a handed-in agreement back to draft (not a reopening of a final one)."""
        return self.to_status == Status.DRAFT and self.from_status in SUBMITTED_STATUSES


def scan_path(scan: "SignedScan", filename: str) -> str:
    return f"pindaian/{scan.agreement.year}/{scan.agreement.unit.code}/{scan.sha256}.pdf"


class SignedScan(models.Model):
    """The scan of the signed hardcopy, or the PDF signed electronically by every party.

    Kept for good: a replaced scan stays with the time it was replaced, and a
    return to draft voids the standing one (`voided_at`, with `replaced_at` set
    to the same moment, so that every reader of `replaced_at` sees it is no
    longer current). A row is written only while its agreement is final, and is
    never changed or deleted afterwards, whatever path writes.
    """

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("perjanjian kinerja"), on_delete=models.PROTECT, related_name="scans"
    )
    file = models.FileField(_("berkas"), upload_to=scan_path, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    pages = models.PositiveIntegerField(_("halaman"))
    original_name = models.CharField(_("nama berkas asal"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("diunggah"))
    replaced_at = models.DateTimeField(_("diganti"), null=True, blank=True)
    # Set when the agreement went back to draft: the document no longer stands.
    voided_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    # The PDF signed electronically by every party (signatures app), instead of a scan of paper.
    electronic = models.BooleanField(_("tanda tangan elektronik"), default=False)

    class Meta:
        verbose_name = _("pindaian bertanda tangan")
        verbose_name_plural = _("pindaian bertanda tangan")
        ordering = ["agreement", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.sha256[:12]}"

    def save(self, *args, **kwargs):
        # An integrity guard, not a rule: a signed document is added only to a
        # final agreement (lifecycle.store_signed_document) and never rewritten;
        # it stops being current only by the conditional updates of a
        # replacement before signing or of a return.
        if self.pk is not None and SignedScan.objects.filter(pk=self.pk).exists():
            raise AgreementLocked(
                self.agreement_id, gettext("Dokumen bertanda tangan yang tersimpan tidak dapat diubah.")
            )
        if not Agreement.objects.filter(pk=self.agreement_id, status=Status.FINAL).exists():
            raise AgreementLocked(
                self.agreement_id, gettext("Dokumen bertanda tangan hanya dapat disimpan untuk PK final.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AgreementLocked(self.agreement_id, gettext("Dokumen bertanda tangan yang tersimpan tidak dapat dihapus."))

    @property
    def is_voided(self) -> bool:
        """Voided by a return of its agreement to draft: kept, no longer standing."""
        return self.voided_at is not None
