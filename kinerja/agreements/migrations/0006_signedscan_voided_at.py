"""A return to draft voids the signed document and clears the submission.

Before this, a returned agreement kept its scan standing (shown as current, and
as "berlaku" in its history) and its old submission time and lateness. The
data step does now what a return does: the standing document of an agreement
that is no longer signed is voided at the moment of its latest move to draft,
and an agreement that is not handed in keeps no submission time. Backwards,
the documents stand again and the submission is read back from the latest
move to submitted (lateness computed as lifecycle does).
"""

from django.db import migrations, models

from kinerja.lib.deadlines import days_late

NOT_SIGNED = ("draft", "final")
NOT_SUBMITTED = ("draft", "final", "signed")


def void_and_clear(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    SignedScan = apps.get_model("agreements", "SignedScan")
    StatusChange = apps.get_model("agreements", "StatusChange")
    standing = SignedScan.objects.filter(agreement__status__in=NOT_SIGNED, replaced_at__isnull=True)
    for scan in standing:
        back = (
            StatusChange.objects.filter(agreement_id=scan.agreement_id, to_status="draft", at__gte=scan.uploaded_at)
            .order_by("-at", "-pk")
            .first()
        )
        moment = back.at if back is not None else scan.uploaded_at
        SignedScan.objects.filter(pk=scan.pk).update(replaced_at=moment, voided_at=moment)
    Agreement.objects.filter(status__in=NOT_SUBMITTED).exclude(submitted_at=None).update(
        submitted_at=None, days_late=None
    )


def restore(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    SignedScan = apps.get_model("agreements", "SignedScan")
    StatusChange = apps.get_model("agreements", "StatusChange")
    for scan in SignedScan.objects.exclude(voided_at=None):
        later = SignedScan.objects.filter(agreement_id=scan.agreement_id, uploaded_at__gt=scan.uploaded_at)
        # Only the last document of an agreement stood before; an earlier one was replaced.
        replaced_at = later.order_by("uploaded_at").values_list("uploaded_at", flat=True).first()
        SignedScan.objects.filter(pk=scan.pk).update(replaced_at=replaced_at, voided_at=None)
    for agreement in Agreement.objects.filter(status__in=NOT_SUBMITTED, submitted_at=None).select_related("unit"):
        handed_in = (
            StatusChange.objects.filter(agreement_id=agreement.pk, to_status="submitted").order_by("-at", "-pk").first()
        )
        if handed_in is not None:
            Agreement.objects.filter(pk=agreement.pk).update(
                submitted_at=handed_in.at,
                days_late=days_late(handed_in.at, agreement.year, agreement.unit.time_zone),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0005_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="signedscan",
            name="voided_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="dibatalkan"),
        ),
        migrations.RunPython(void_and_clear, restore),
    ]
