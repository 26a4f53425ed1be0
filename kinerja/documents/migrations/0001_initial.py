# The verification code moves from the signatures app to the documents app
# (issue #12: the code of an issued document belongs to the document layer).
# The table stays where it is; only Django's idea of its owner changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("agreements", "0001_initial"),
        ("signatures", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DocumentCode",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.CharField(max_length=9, unique=True, verbose_name="kode verifikasi")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "agreement",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="document_code",
                                to="agreements.agreement",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "kode verifikasi",
                        "verbose_name_plural": "kode verifikasi",
                        "db_table": "signatures_documentcode",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
