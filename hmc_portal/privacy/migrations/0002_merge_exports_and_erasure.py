from django.db import migrations


class Migration(migrations.Migration):
    """The data exports and the erasure requests were built side by side."""

    dependencies = [
        ("privacy", "0001_erasure"),
        ("privacy", "0001_exports"),
    ]

    operations = []
