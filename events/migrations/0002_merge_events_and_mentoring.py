from django.db import migrations


class Migration(migrations.Migration):
    """Events and mentoring were built side by side, each with its own first migration."""

    dependencies = [
        ("events", "0001_events"),
        ("events", "0001_mentoring"),
    ]

    operations = []
