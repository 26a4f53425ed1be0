"""Every signed document stored before the register existed joins it."""

from django.db import migrations


def record(apps, schema_editor):
    SignedScan = apps.get_model("agreements", "SignedScan")
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    known = set(IssuedDocument.objects.filter(kind="signed").values_list("sha256", flat=True))
    fresh = []
    for scan in SignedScan.objects.select_related("agreement").order_by("pk").iterator():
        if scan.sha256 in known:
            continue
        known.add(scan.sha256)
        fresh.append(
            IssuedDocument(
                sha256=scan.sha256,
                kind="signed",
                agreement_id=scan.agreement_id,
                version=scan.agreement.version,
                pages=scan.pages,
                size=scan.size,
            )
        )
    IssuedDocument.objects.bulk_create(fresh, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_issued_documents"), ("agreements", "0006_signedscan_voided_at")]

    operations = [migrations.RunPython(record, migrations.RunPython.noop)]
