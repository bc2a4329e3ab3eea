"""`manage.py export_schema`: write hmc_portal/privacy/export.schema.json, the JSON Schema of
the data.json an applicant downloads, from the registered shredders (`--check` only says
whether the committed file is current)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from hmc_portal.privacy.registry import shredders
from hmc_portal.privacy.schema import document_schema

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "export.schema.json"


def schema_text() -> str:
    """The schema file's text as the registry describes it now (English descriptions)."""
    with translation.override("en"):
        schema = document_schema(shredders)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the JSON Schema of the applicant's data export (export.schema.json)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Fail if the committed file is out of date."
        )

    def handle(self, *args, check: bool = False, **options):
        text = schema_text()
        if check:
            current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
            if current != text:
                raise CommandError(
                    f"{SCHEMA_PATH.name} is out of date: run `manage.py export_schema`."
                )
            self.stdout.write(f"{SCHEMA_PATH.name} is current.")
            return
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {SCHEMA_PATH.name}.")
