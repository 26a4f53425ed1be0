"""The KPU organisation: its working units, their head positions, the people who
hold them over time, and the roles users play in each unit."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kinerja.lib import timezones


class UnitKind(models.TextChoices):
    KPU = "kpu", _("KPU")
    SETJEN = "setjen", _("Sekretariat Jenderal KPU")
    BUREAU = "eselon2", _("Unit Eselon II Setjen KPU")
    PROVINCE = "kpu_provinsi", _("KPU Provinsi/KIP Aceh")
    PROVINCE_SECRETARIAT = "sekretariat_provinsi", _("Sekretariat KPU Provinsi/KIP Aceh")
    REGENCY = "kpu_kabkota", _("KPU/KIP Kabupaten/Kota")
    REGENCY_SECRETARIAT = "sekretariat_kabkota", _("Sekretariat KPU/KIP Kabupaten/Kota")


# Kinds whose agreement is approved by an atasan langsung (Pihak Kedua): the head
# of the parent unit (DESIGN.md, "The organisation"). The commissions sign alone.
KINDS_WITH_SUPERIOR = {
    UnitKind.SETJEN,
    UnitKind.BUREAU,
    UnitKind.PROVINCE_SECRETARIAT,
    UnitKind.REGENCY_SECRETARIAT,
}
CENTRAL_KINDS = {UnitKind.KPU, UnitKind.SETJEN, UnitKind.BUREAU}
# A kabupaten/kota's commission and its secretariat: their agreements pass
# through the province's compilation on the way to KPU.
REGENCY_KINDS = {UnitKind.REGENCY, UnitKind.REGENCY_SECRETARIAT}
# The commissions themselves (not their secretariats or bureaus): KPU, KPU
# Provinsi/KIP Aceh and KPU/KIP Kabupaten/Kota.
COMMISSION_KINDS = {UnitKind.KPU, UnitKind.PROVINCE, UnitKind.REGENCY}


class Unit(models.Model):
    """A working unit (satker) that makes its own performance agreement."""

    code = models.SlugField(_("kode unit"), max_length=80, unique=True)
    kind = models.CharField(_("jenis"), max_length=30, choices=UnitKind.choices, db_index=True)
    name = models.CharField(_("nama"), max_length=200, unique=True)
    short_name = models.CharField(_("nama singkat"), max_length=120)
    parent = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The KPU Provinsi (or KIP Aceh) whose area the unit lies in; empty for the
    # central units. Kept on every regional unit so that a province's scope is
    # one indexed lookup, not a walk up the tree.
    province = models.ForeignKey(
        "self",
        verbose_name=_("provinsi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="province_units",
    )
    region_code = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True)
    region_name = models.CharField(_("nama wilayah"), max_length=120, blank=True)
    time_zone = models.CharField(_("zona waktu"), max_length=40, choices=timezones.CHOICES, default=timezones.WIB)
    place = models.CharField(
        _("tempat penandatanganan"), max_length=80, blank=True, help_text=_("Kota tempat PK ditandatangani.")
    )
    sort_key = models.CharField(max_length=40, db_index=True, editable=False)

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:unit", args=[self.pk])

    @property
    def is_aceh(self) -> bool:
        return self.region_code[:2] == "11"

    @property
    def has_superior(self) -> bool:
        """Whether this unit's agreement is approved by an atasan langsung."""
        return self.kind in KINDS_WITH_SUPERIOR

    @property
    def is_central(self) -> bool:
        return self.kind in CENTRAL_KINDS

    @property
    def is_regency(self) -> bool:
        """A kabupaten/kota's commission or secretariat (REGENCY_KINDS)."""
        return self.kind in REGENCY_KINDS

    @property
    def is_commission(self) -> bool:
        """KPU, a KPU Provinsi/KIP Aceh or a KPU/KIP Kabupaten/Kota itself (COMMISSION_KINDS)."""
        return self.kind in COMMISSION_KINDS

    @property
    def time_zone_label(self) -> str:
        return timezones.LABELS[self.time_zone]

    def head_position(self) -> "Position | None":
        return self.positions.filter(is_head=True).first()


class Position(models.Model):
    """A post in a unit; the head post is the one that signs the unit's PK."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("jabatan"), max_length=200)
    is_head = models.BooleanField(_("pimpinan unit"), default=True)

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        constraints = [
            models.UniqueConstraint(fields=["unit"], condition=Q(is_head=True), name="one_head_position_per_unit"),
        ]

    def __str__(self) -> str:
        return self.title


class Person(models.Model):
    """An official, who may hold several posts over the years."""

    name = models.CharField(_("nama"), max_length=150)
    nip = models.CharField(
        _("NIP"), max_length=18, blank=True, help_text=_("18 digit; kosong untuk anggota KPU non-PNS.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pengguna"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        verbose_name = _("pejabat")
        verbose_name_plural = _("pejabat")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Acting(models.TextChoices):
    DEFINITIVE = "", _("Definitif")
    PLT = "plt", _("Plt. (Pelaksana Tugas)")
    PLH = "plh", _("Plh. (Pelaksana Harian)")


class Appointment(models.Model):
    """A person holding a position from one date to another (inclusive)."""

    person = models.ForeignKey(Person, verbose_name=_("pejabat"), on_delete=models.PROTECT, related_name="appointments")
    position = models.ForeignKey(
        Position, verbose_name=_("jabatan"), on_delete=models.CASCADE, related_name="appointments"
    )
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("sampai"), null=True, blank=True, help_text=_("Kosong bila masih menjabat."))
    acting = models.CharField(_("status"), max_length=3, choices=Acting.choices, default=Acting.DEFINITIVE, blank=True)

    class Meta:
        verbose_name = _("masa jabatan")
        verbose_name_plural = _("masa jabatan")
        ordering = ["position", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="appointment_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.display_title}"

    @property
    def display_title(self) -> str:
        """The title as signed: `Plt. Ketua KPU Kota Sorong` for an acting holder."""
        prefix = {Acting.PLT: "Plt. ", Acting.PLH: "Plh. "}.get(self.acting, "")
        return prefix + self.position.title

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator")
    LEADER = "pimpinan", _("Pimpinan")
    PROVINCE_VERIFIER = "verifikator_provinsi", _("Verifikator provinsi")
    CENTRAL_VERIFIER = "verifikator_pusat", _("Verifikator pusat")
    ADMIN = "admin", _("Admin")


class Membership(models.Model):
    """A user's role in one unit; a user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("peran pengguna")
        verbose_name_plural = _("peran pengguna")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit.short_name}"
