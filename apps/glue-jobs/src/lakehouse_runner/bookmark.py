"""The job bookmark in DynamoDB, with the optimistic concurrency of libs/state bookmarks.ts.

Glue's own job bookmarks do not work with Delta tables, so each job keeps its checkpoint as an
item of the control table: ``pk = BOOKMARK#<job>`` with ``job``, ``version``, ``lastRunId``,
``files``, ``totalFiles``, ``watermark`` and ``committedAt`` (epoch ms). The job reads the
bookmark (strongly consistent) before it works and commits ``version + 1`` conditioned on the
version it read; a commit based on an old version (a zombie job, a concurrent duplicate) is
refused with StaleBookmarkError instead of silently moving the checkpoint. Re-sending a commit
that already succeeded (same run, same base version) returns the stored bookmark, so a retried
job is safe.

The request builders are pure functions (unit-tested); the boto3 calls only send them.
"""

import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional, Sequence, Union

Watermark = Union[str, int, float]


class StaleBookmarkError(RuntimeError):
    code = "STALE_BOOKMARK"

    def __init__(self, job: str, expected_version: int, actual_version: int):
        # The message of libs/state StaleBookmarkError.
        super().__init__(f"bookmark of job {job}: commit based on version {expected_version} refused, current version is {actual_version}")
        self.job = job
        self.expected_version = expected_version
        self.actual_version = actual_version


@dataclass(frozen=True)
class Bookmark:
    job: str
    #: 0 means never committed.
    version: int = 0
    last_run_id: Optional[str] = None
    files: tuple = ()
    total_files: int = 0
    watermark: Optional[Watermark] = None
    committed_at: Optional[int] = None


def key_of(job: str) -> dict:
    return {"pk": {"S": f"BOOKMARK#{job}"}}


def _number(n) -> dict:
    return {"N": str(n)}


def _attribute(value) -> dict:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TypeError(f"a watermark is a string or a number, got {type(value).__name__}")
    return {"S": value} if isinstance(value, str) else _number(value)


def _plain(av: dict):
    """A DynamoDB attribute value as a Python value (the types a bookmark uses)."""
    (kind, value), = av.items()
    if kind == "S":
        return value
    if kind == "N":
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == "L":
        return [_plain(v) for v in value]
    if kind == "NULL":
        return None
    if kind == "BOOL":
        return bool(value)
    raise ValueError(f"unexpected DynamoDB attribute type {kind} in a bookmark")


def get_request(table: str, job: str) -> dict:
    """GetItem kwargs: strongly consistent, so the version read is the latest committed."""
    return {"TableName": table, "Key": key_of(job), "ConsistentRead": True}


def from_item(job: str, item: Optional[dict]) -> Bookmark:
    """A GetItem ``Item`` (or an UpdateItem ``Attributes``) as a Bookmark; version 0 when absent."""
    if not item:
        return Bookmark(job=job)
    plain = {k: _plain(v) for k, v in item.items()}
    return Bookmark(
        job=job,
        version=int(plain.get("version", 0)),
        last_run_id=plain.get("lastRunId"),
        files=tuple(plain.get("files") or ()),
        total_files=int(plain.get("totalFiles", 0)),
        watermark=plain.get("watermark"),
        committed_at=plain.get("committedAt"),
    )


def commit_request(
    table: str,
    job: str,
    expected_version: int,
    run_id: str,
    files: Sequence[str],
    now_ms: int,
    watermark: Optional[Watermark] = None,
) -> dict:
    """UpdateItem kwargs committing ``expected_version + 1``, as libs/state Bookmarks.commit.

    Version 0 means "no item" (bookmarks are never deleted), so the first commit is conditioned
    on the item not existing. ``ADD totalFiles`` keeps the running total in the same conditional
    write. Attribute names go through ExpressionAttributeNames so no reserved word can collide.
    """
    names = {
        "#job": "job",
        "#version": "version",
        "#lastRunId": "lastRunId",
        "#files": "files",
        "#committedAt": "committedAt",
        "#watermark": "watermark",
        "#totalFiles": "totalFiles",
    }
    values = {
        ":job": {"S": job},
        ":next": _number(expected_version + 1),
        ":run": {"S": run_id},
        ":files": {"L": [{"S": f} for f in files]},
        ":count": _number(len(files)),
        ":now": _number(now_ms),
    }
    update = "SET #job = :job, #version = :next, #lastRunId = :run, #files = :files, #committedAt = :now"
    if watermark is not None:
        update += ", #watermark = :watermark"
        values[":watermark"] = _attribute(watermark)
    else:
        update += " REMOVE #watermark"
    update += " ADD #totalFiles :count"
    if expected_version == 0:
        condition = "attribute_not_exists(pk)"
    else:
        condition = "#version = :expected"
        values[":expected"] = _number(expected_version)
    return {
        "TableName": table,
        "Key": key_of(job),
        "UpdateExpression": update,
        "ConditionExpression": condition,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
        "ReturnValues": "ALL_NEW",
    }


def read_bookmark(client, table: str, job: str) -> Bookmark:
    return from_item(job, client.get_item(**get_request(table, job)).get("Item"))


def _error_code(err: Exception) -> Optional[str]:
    response = getattr(err, "response", None)
    return response.get("Error", {}).get("Code") if isinstance(response, dict) else None


def commit_bookmark(
    client,
    table: str,
    job: str,
    expected_version: int,
    run_id: str,
    files: Sequence[str],
    now_ms: Optional[int] = None,
    watermark: Optional[Watermark] = None,
) -> Bookmark:
    """Commits the bookmark; StaleBookmarkError when another commit got there first.

    ``client`` is a boto3 DynamoDB client built with timeouts and standard retries (aws.py):
    throttling and timeouts are retried by botocore, a failed condition is not retried.
    """
    now = int(time.time() * 1000) if now_ms is None else now_ms
    request = commit_request(table, job, expected_version, run_id, files, now, watermark)
    try:
        return from_item(job, client.update_item(**request).get("Attributes"))
    except Exception as err:
        if _error_code(err) != "ConditionalCheckFailedException":
            raise
    current = read_bookmark(client, table, job)
    if current.version == expected_version + 1 and current.last_run_id == run_id:
        return current  # our own earlier commit, re-sent: already done
    raise StaleBookmarkError(job, expected_version, current.version)
