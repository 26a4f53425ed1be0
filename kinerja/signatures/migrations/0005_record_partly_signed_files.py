"""Every electronically signed file stored before the register of issued PDFs existed joins it."""

from django.db import migrations


def record(apps, schema_editor):
    ElectronicSignature = apps.get_model("signatures", "ElectronicSignature")
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    known = set(IssuedDocument.objects.filter(kind="partial").values_list("sha256", flat=True))
    fresh = []
    for signature in ElectronicSignature.objects.select_related("agreement").order_by("pk").iterator():
        if signature.sha256 in known:
            continue
        known.add(signature.sha256)
        fresh.append(
            IssuedDocument(
                sha256=signature.sha256,
                kind="partial",
                agreement_id=signature.agreement_id,
                version=signature.agreement.version,
                size=signature.size,
            )
        )
    IssuedDocument.objects.bulk_create(fresh, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("signatures", "0004_passphrase_attempts"), ("documents", "0003_record_signed_documents")]

    operations = [migrations.RunPython(record, migrations.RunPython.noop)]
