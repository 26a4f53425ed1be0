# DocumentCode now belongs to the documents app (documents 0001 takes over the
# table as it is); here it only leaves this app's state.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("signatures", "0001_initial"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DocumentCode")],
            database_operations=[],
        ),
    ]
