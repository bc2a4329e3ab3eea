"""The ZIP of an applicant's data: `data.json` (every registered shredder's section, in the
shape of export.schema.json), `README.txt` (what each file is) and every stored file the
shredders name, copied from private storage in chunks."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import zipfile
from collections import Counter
from contextlib import closing
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation

from hmc_portal.private_files import open_private_file

from ..registry import ExportedFile, shredders

SCHEMA_VERSION = 1
CHUNK = 1024 * 1024  # bytes copied at a time: memory stays flat whatever the file's size

_UNSAFE = re.compile(r"[^\w.\- ]+")


def safe_path(path: str) -> str:
    """A ZIP member name that stays inside the archive: no leading slash, no "..", no
    backslash, no control characters, each part at most 120 characters."""
    parts = []
    for part in path.replace("\\", "/").split("/"):
        part = _UNSAFE.sub("_", part).strip(" .")
        if part:
            parts.append(part[:120])
    return posixpath.join(*parts) if parts else "file"


def gather(*, user) -> tuple[dict[str, Any], list[ExportedFile]]:
    """The JSON document of everything the registered shredders hold about `user`, and the
    files to put beside it (their paths made safe and unique)."""
    sections: dict[str, Any] = {}
    notes: list[str] = []
    files: list[ExportedFile] = []
    taken: set[str] = {"data.json", "README.txt"}
    for shredder in shredders:
        section = shredder.export(user)
        sections[shredder.name] = section.data
        notes.extend(str(note) for note in section.notes)
        for exported in section.files:
            path = first = safe_path(exported.path)
            stem, dot, extension = first.rpartition(".")
            number = 1
            while path in taken:
                number += 1
                path = f"{stem}-{number}.{extension}" if dot else f"{first}-{number}"
            taken.add(path)
            files.append(ExportedFile(path=path, file=exported.file))
    document = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": timezone.now(),
        "subject": {"user_id": user.pk},
        "sections": sections,
        "notes": notes,
    }
    return document, files


def write_archive(*, user, out: IO[bytes]) -> None:
    """Write the ZIP of `user`'s data to `out` (a seekable binary file). A stored file that
    is missing is left out and named in the JSON's notes; anything else raises."""
    document, files = gather(user=user)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        written = []
        for exported in files:
            try:
                stream = open_private_file(exported.file)
            except FileNotFoundError:
                document["notes"].append(
                    f"The file {exported.path} is missing from storage and could not be included."
                )
                continue
            with closing(stream), archive.open(exported.path, "w", force_zip64=True) as member:
                shutil.copyfileobj(stream, member, CHUNK)
            written.append(exported.path)
        archive.writestr(
            "data.json", json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        )
        archive.writestr("README.txt", readme(written))


def readme(paths: list[str]) -> str:
    """README.txt: what the archive holds, in English (a document for any reader)."""
    with translation.override("en"):
        sections = [f"  - {s.name}: {s.verbose_name}" for s in shredders]
    folders = Counter(path.rpartition("/")[0] or "." for path in paths)
    lines = [
        "A copy of the data the portal holds about you",
        "",
        "data.json",
        "  Everything the portal holds about you, in JSON. Its shape is described by",
        "  the JSON Schema export.schema.json published with the portal's source code",
        "  (schema_version 1). Times are in UTC (ISO 8601); amounts of money are in the",
        "  currency's smallest unit (cents) beside their currency. It has one section",
        "  per kind of data:",
        *sections,
        '  Its "notes" say what was left out and why.',
        "",
        "Files",
        "  Every file you uploaded and every document issued to you, in one folder per",
        "  part of the portal, each named after its number and its original name:",
        *(
            [f"  - {folder}/: {count} file(s)" for folder, count in sorted(folders.items())]
            or ["  (none)"]
        ),
        "",
    ]
    return "\n".join(lines)
