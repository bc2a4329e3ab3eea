"""The S3 path of the private storage, for real, against moto's standalone S3 server: the
STORAGES["private"] that hmc_portal/settings/base.py builds when the AWS_* variables are set."""

import base64
import datetime
import hashlib
import hmac
import re
import runpy
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer

from applications.models import Document
from hmc_portal.settings import base as base_settings
from tests.factories import ApplicationFactory, StaffFactory, UserFactory
from tests.support.files import pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

EXPIRE_SECONDS = 60


@pytest.fixture(scope="module")
def moto_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(moto_endpoint, monkeypatch, settings):
    """A fresh private bucket, and Document.file stored in it through the STORAGES entry the
    base settings build from the environment."""
    bucket = f"hmc-documents-{uuid.uuid4().hex[:12]}"
    environment = {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_S3_ENDPOINT_URL": moto_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_QUERYSTRING_EXPIRE": str(EXPIRE_SECONDS),
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    built = runpy.run_path(str(Path(base_settings.__file__)))["STORAGES"]
    settings.STORAGES = {**settings.STORAGES, "private": built["private"]}
    storage = storages["private"]
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=bucket)
    return SimpleNamespace(storage=storage, client=client, bucket=bucket)


@pytest.fixture
def applicant(client):
    user = UserFactory()
    ApplicationFactory(applicant=user, intake="2027")
    client.force_login(user)
    return user


def keys(s3) -> list[str]:
    listing = s3.client.list_objects_v2(Bucket=s3.bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_settings_build_a_private_s3_storage(s3):
    assert type(s3.storage).__name__ == "S3Storage"
    assert s3.storage.default_acl == "private"
    assert s3.storage.querystring_auth is True
    assert s3.storage.querystring_expire == EXPIRE_SECONDS
    assert s3.storage.file_overwrite is False


def test_upload_through_the_view_stores_a_private_object_under_a_random_key(client, applicant, s3):
    data = pdf_bytes(pages=2)

    response = client.post(
        "/apply/documents/", {"kind": "transcript", "file": upload("Transcript.pdf", data)}
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert re.fullmatch(r"documents/[0-9a-f]{32}", document.file.name)
    assert keys(s3) == [document.file.name]
    stored = s3.client.get_object(Bucket=s3.bucket, Key=document.file.name)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == document.sha256 == hashlib.sha256(data).hexdigest()
    grants = s3.client.get_object_acl(Bucket=s3.bucket, Key=document.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert grants[0]["Grantee"]["Type"] == "CanonicalUser"  # the owner, nobody else


def test_a_refused_file_leaves_nothing_in_the_bucket(client, applicant, s3):
    response = client.post(
        "/apply/documents/", {"kind": "cv", "file": upload("cv.pdf", b"\x7fELF" + bytes(100))}
    )

    assert response.status_code == 400
    assert Document.objects.count() == 0
    assert keys(s3) == []


@pytest.mark.parametrize("viewer", ["owner", "staff"])
def test_download_view_reads_the_private_object(client, applicant, s3, viewer):
    data = png_bytes((40, 30))
    client.post("/apply/documents/", {"kind": "passport", "file": upload("passport.png", data)})
    document = Document.objects.get()
    if viewer == "staff":
        client.force_login(StaffFactory())

    response = client.get(f"/documents/{document.pk}/download/")

    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == data
    assert response["Content-Disposition"] == 'attachment; filename="passport.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(data))


def test_download_view_of_another_applicants_object_is_not_found(client, applicant, s3):
    client.post("/apply/documents/", {"kind": "cv", "file": upload("cv.pdf", pdf_bytes())})
    document = Document.objects.get()
    client.force_login(UserFactory())

    response = client.get(f"/documents/{document.pk}/download/")

    assert response.status_code == 404


def test_download_of_a_missing_object_is_not_found(client, applicant, s3):
    client.post("/apply/documents/", {"kind": "cv", "file": upload("cv.pdf", pdf_bytes())})
    document = Document.objects.get()
    s3.client.delete_object(Bucket=s3.bucket, Key=document.file.name)

    response = client.get(f"/documents/{document.pk}/download/")

    assert response.status_code == 404


def test_replace_deletes_the_old_object_after_commit(
    client, applicant, s3, django_capture_on_commit_callbacks
):
    client.post("/apply/documents/", {"kind": "cv", "file": upload("cv.pdf", pdf_bytes())})
    document = Document.objects.get()
    old_key = document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/documents/{document.pk}/replace/", {"file": upload("cv.png", png_bytes())}
        )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.name != old_key
    assert keys(s3) == [document.file.name]


def test_object_is_not_readable_without_a_signature(client, applicant, s3, moto_endpoint):
    client.post("/apply/documents/", {"kind": "cv", "file": upload("cv.pdf", pdf_bytes())})
    document = Document.objects.get()

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(  # noqa: S310 - our moto server
            f"{moto_endpoint}/{s3.bucket}/{document.file.name}", timeout=10
        )

    assert refused.value.code == 403


def sigv2(secret: str, expires: str, resource: str) -> str:
    """The signature S3 checks on a SigV2 query-string URL (GET, no content headers)."""
    string_to_sign = f"GET\n\n\n{expires}\n{resource}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def test_signed_url_expires_after_the_configured_seconds(client, applicant, s3):
    """storage.url() (used e.g. by the admin's file link) gives a signed URL that dies
    AWS_QUERYSTRING_EXPIRE seconds after it is made. moto serves presigned URLs without
    checking their expiry or signature, so the test checks what S3 checks: the expiry time,
    and that the signature covers it (a URL whose expiry is pushed back no longer matches)."""
    data = pdf_bytes()
    client.post("/apply/documents/", {"kind": "cv", "file": upload("cv.pdf", data)})
    document = Document.objects.get()
    now = datetime.datetime.now(datetime.UTC).timestamp()

    url = document.file.url

    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if "X-Amz-Expires" in query:  # SigV4, when the settings ask for s3v4
        signed_at = datetime.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
        expires_at = signed_at.replace(tzinfo=datetime.UTC).timestamp() + int(
            query["X-Amz-Expires"][0]
        )
        assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    else:  # SigV2, botocore's default for presigned URLs in us-east-1
        expires_at = int(query["Expires"][0])
        resource = parts.path  # /<bucket>/<key>
        assert query["Signature"] == [sigv2("testing", query["Expires"][0], resource)]
        assert query["Signature"] != [sigv2("testing", str(expires_at + 3600), resource)]
    assert now + EXPIRE_SECONDS - 5 <= expires_at <= now + EXPIRE_SECONDS + 5
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our moto server
        assert response.read() == data
