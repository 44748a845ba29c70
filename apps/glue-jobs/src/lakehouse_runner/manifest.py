"""The run manifest: which files each dataset job reads, and the run's identity.

Glue job bookmarks do not work with Delta tables, so the orchestration passes an explicit list of
files instead (written to S3 once per run, read by every dataset job of the run). Its shape is the
``run-manifest`` document of libs/contracts (docs/schemas/run-manifest.schema.json):

    {
      "runId": "run-0123abcd...",
      "runStart": "2024-01-15T10:00:00Z",
      "datasets": {
        "orders": [
          {"bucket": "lake-raw", "key": "raw/orders/2024-01-15.csv", "fileId": "f-...",
           "eTag": "...", "versionId": "...", "size": 1024, "fileSeq": 1}
        ]
      }
    }

``fileSeq`` is the file's 1-based position in key order within its dataset: deduplication ties go
to the later file, so it must be exactly 1..n in list order. ``versionId`` (optional) and
``eTag`` pin the exact object the run was started for: a later overwrite makes the read fail
instead of silently reading other data. The key is also the rows' ``_source_file``, as locally.
The parity corpus checks that this parser accepts and refuses what the TypeScript schema does.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Dict, List, Optional, Tuple

# The run id ends up in S3 keys and Step Functions names (libs/contracts RUN_ID_PATTERN).
RUN_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
# An ISO 8601 UTC instant, as zod's z.iso.datetime(): 2024-01-15T10:00:00Z, optional fraction.
_RUN_START = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$")
_MANIFEST_FIELDS = {"runId", "runStart", "datasets"}
_FILE_FIELDS = {"bucket", "key", "fileId", "eTag", "versionId", "size", "fileSeq"}


class ManifestError(ValueError):
    pass


@dataclass(frozen=True)
class ManifestFile:
    bucket: str
    key: str
    file_id: str
    etag: str
    size: int
    file_seq: int
    version_id: Optional[str] = None

    @property
    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.key}"

    @property
    def bookmark_id(self) -> str:
        """What the bookmark records for the file: its registry id."""
        return self.file_id


@dataclass(frozen=True)
class Manifest:
    run_id: str
    run_start: datetime
    datasets: Dict[str, Tuple[ManifestFile, ...]]

    def files(self, dataset: str) -> Tuple[ManifestFile, ...]:
        """The dataset's files in fileSeq order; none when the dataset is absent."""
        return self.datasets.get(dataset, ())

    @property
    def run_start_micros(self) -> int:
        """Microseconds since the epoch (the run_parameters.run_start value)."""
        delta = self.run_start - datetime(1970, 1, 1, tzinfo=timezone.utc)
        return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _string(value, where: str) -> str:
    if not isinstance(value, str) or value == "":
        raise ManifestError(f"manifest {where}: expected a non-empty string, got {json.dumps(value)}")
    return value


def _count(value, where: str, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ManifestError(f"manifest {where}: expected an integer >= {minimum}, got {json.dumps(value)}")
    return value


def _closed(doc: dict, fields: set, where: str) -> None:
    unknown = sorted(set(doc) - fields)
    if unknown:
        raise ManifestError(f"manifest {where}: unknown field {', '.join(json.dumps(k) for k in unknown)}")


def parse_run_start(text, where: str = "runStart") -> datetime:
    match = _RUN_START.match(text) if isinstance(text, str) else None
    if not match:
        raise ManifestError(f"manifest {where}: expected an ISO 8601 UTC instant such as 2024-01-15T10:00:00Z, got {json.dumps(text)}")
    year, month, day, hour, minute, second, fraction = match.groups()
    micros = int((fraction or "0").ljust(6, "0")[:6])  # sub-microsecond digits are dropped
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micros, tzinfo=timezone.utc)
    except ValueError as err:
        raise ManifestError(f"manifest {where}: {json.dumps(text)} is not a real calendar instant ({err})") from None


def _file(entry, where: str, position: int) -> ManifestFile:
    if not isinstance(entry, dict):
        raise ManifestError(f"manifest {where}: expected an object with bucket, key, fileId, eTag, size and fileSeq")
    _closed(entry, _FILE_FIELDS, where)
    version_id = entry.get("versionId")
    seq = _count(entry.get("fileSeq"), f"{where}.fileSeq", 1)
    if seq != position:
        raise ManifestError(f"manifest {where}.fileSeq: expected {position} (files are numbered 1..n in list order), got {seq}")
    return ManifestFile(
        bucket=_string(entry.get("bucket"), f"{where}.bucket"),
        key=_string(entry.get("key"), f"{where}.key"),
        file_id=_string(entry.get("fileId"), f"{where}.fileId"),
        etag=_string(entry.get("eTag"), f"{where}.eTag"),
        size=_count(entry.get("size"), f"{where}.size", 0),
        file_seq=seq,
        version_id=None if "versionId" not in entry else _string(version_id, f"{where}.versionId"),
    )


def parse_manifest(text: str) -> Manifest:
    """Parses and validates a manifest; errors name the offending field."""
    try:
        doc = json.loads(text)
    except ValueError as err:
        raise ManifestError(f"manifest: not valid JSON ({err})") from None
    if not isinstance(doc, dict):
        raise ManifestError("manifest: expected a JSON object")
    _closed(doc, _MANIFEST_FIELDS, "")
    run_id = _string(doc.get("runId"), "runId")
    if not RUN_ID_PATTERN.match(run_id):
        raise ManifestError(f"manifest runId: expected 1-80 characters of [A-Za-z0-9_-], got {json.dumps(run_id)}")
    run_start = parse_run_start(doc.get("runStart"))
    raw = doc.get("datasets")
    if not isinstance(raw, dict):
        raise ManifestError("manifest datasets: expected an object of dataset name -> list of files")
    datasets: Dict[str, Tuple[ManifestFile, ...]] = {}
    for name, entries in raw.items():
        if not isinstance(entries, list):
            raise ManifestError(f"manifest datasets.{name}: expected a list of files")
        files: List[ManifestFile] = [_file(e, f"datasets.{name}[{i}]", i + 1) for i, e in enumerate(entries)]
        seen = set()
        for f in files:
            if f.key in seen:
                raise ManifestError(f"manifest datasets.{name}[{f.file_seq - 1}].key: {f.key} is listed twice")
            seen.add(f.key)
        datasets[name] = tuple(files)
    return Manifest(run_id=run_id, run_start=run_start, datasets=datasets)
