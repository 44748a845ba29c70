"""boto3 clients with timeouts and retries, and the few S3 operations the runner needs.

boto3 and botocore exist in the Glue runtime; they are imported inside the functions so that
the package imports (and unit-tests) without them.
"""

import re
from typing import Optional, Tuple

# Every AWS call has a bounded connect and read time and botocore's "standard" retry mode
# (exponential backoff with jitter on throttling, 5xx and transient network errors).
TIMEOUTS = {
    "s3": {"connect_timeout": 5, "read_timeout": 60},
    "dynamodb": {"connect_timeout": 2, "read_timeout": 5},
    "glue": {"connect_timeout": 5, "read_timeout": 30},
}
MAX_ATTEMPTS = 5

# The key is everything after the bucket, exactly: DOTALL and fullmatch, so that no character of
# it (a newline included) is dropped or ends the match early. Keys are data, never patterns.
_S3_URI = re.compile(r"s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.*)", re.DOTALL)


def client_config_kwargs(service: str) -> dict:
    """The botocore Config arguments of a service's client."""
    return {**TIMEOUTS[service], "retries": {"mode": "standard", "max_attempts": MAX_ATTEMPTS}}


def client(service: str):
    import boto3
    from botocore.config import Config

    return boto3.client(service, config=Config(**client_config_kwargs(service)))


def parse_s3_uri(uri: str) -> Tuple[str, str]:
    """``s3://bucket/key`` → (bucket, key); the key may be empty (a bucket root prefix)."""
    match = _S3_URI.fullmatch(uri) if isinstance(uri, str) else None
    if not match:
        raise ValueError(f"not an s3://bucket/key URI: {uri!r}")
    return match.group(1), match.group(2)


def join_uri(prefix: str, *parts: str) -> str:
    """Joins an ``s3://`` prefix and path parts with single slashes."""
    return "/".join([prefix.rstrip("/")] + [p.strip("/") for p in parts])


def get_bytes(s3, uri: str, version_id: Optional[str] = None, etag: Optional[str] = None) -> bytes:
    """The object's bytes; pinned to a version or an eTag when given (else the latest)."""
    bucket, key = parse_s3_uri(uri)
    request = {"Bucket": bucket, "Key": key}
    if version_id and version_id != "null":
        request["VersionId"] = version_id
    if etag:
        request["IfMatch"] = etag if etag.startswith('"') else f'"{etag}"'
    try:
        body = s3.get_object(**request)["Body"]
        try:
            return body.read()
        finally:
            body.close()
    except Exception as err:
        raise RuntimeError(f"cannot read {uri}: {err}") from err


def put_bytes(s3, uri: str, data: bytes, content_type: str) -> None:
    bucket, key = parse_s3_uri(uri)
    s3.put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type)


def upload_file(s3, path: str, uri: str, content_type: str) -> None:
    """Managed (multipart when large) upload of a local file."""
    bucket, key = parse_s3_uri(uri)
    s3.upload_file(path, bucket, key, ExtraArgs={"ContentType": content_type})


def copy(s3, source_uri: str, target_uri: str, version_id: Optional[str] = None) -> None:
    """Managed server-side copy (any size)."""
    bucket, key = parse_s3_uri(source_uri)
    source = {"Bucket": bucket, "Key": key}
    if version_id and version_id != "null":
        source["VersionId"] = version_id
    target_bucket, target_key = parse_s3_uri(target_uri)
    s3.copy(source, target_bucket, target_key)
