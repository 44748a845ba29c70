"""The run manifest: which files each dataset job reads, and the run's identity.

Glue job bookmarks do not work with Delta tables, so the orchestration passes an explicit list
of files instead (written to S3 once per run, read by every dataset job of the run):

    {
      "runId": "run-0123abcd...",
      "runStart": "2024-01-15T10:00:00Z",
      "datasets": {
        "orders": [
          {"key": "s3://bucket/raw/orders/2024-01-15.csv", "fileSeq": 1,
           "fileId": "f-...", "versionId": "...", "eTag": "..."}
        ]
      }
    }

``fileSeq`` is the file's 1-based position in key order within its dataset: deduplication ties
go to the later file, so it must be exactly 1..n in list order. ``fileId`` (the file registry's
id), ``versionId`` and ``eTag`` are optional: ids go into the bookmark, and a version or eTag pins
the exact object the run was started for (a later overwrite makes the read fail instead of
silently reading other data).
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Dict, List, Optional, Tuple

# The run id ends up in S3 keys and Step Functions names (libs/state RUN_ID_PATTERN).
RUN_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
# An ISO 8601 UTC instant: 2024-01-15T10:00:00Z, optional fraction, Z or +00:00.
_RUN_START = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|\+00:00)$")


class ManifestError(ValueError):
    pass


@dataclass(frozen=True)
class ManifestFile:
    key: str
    file_seq: int
    file_id: Optional[str] = None
    version_id: Optional[str] = None
    etag: Optional[str] = None

    @property
    def bookmark_id(self) -> str:
        """What the bookmark records for the file: the registry id when known, else the key."""
        return self.file_id or self.key


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


def _optional_string(value, where: str) -> Optional[str]:
    return None if value is None else _string(value, where)


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
        raise ManifestError(f"manifest {where}: expected an object with key and fileSeq")
    key = _string(entry.get("key"), f"{where}.key")
    if not key.startswith("s3://") or "/" not in key[5:]:
        raise ManifestError(f"manifest {where}.key: expected s3://bucket/key, got {json.dumps(key)}")
    seq = entry.get("fileSeq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq != position:
        raise ManifestError(f"manifest {where}.fileSeq: expected {position} (files are numbered 1..n in list order), got {json.dumps(seq)}")
    return ManifestFile(
        key=key,
        file_seq=seq,
        file_id=_optional_string(entry.get("fileId"), f"{where}.fileId"),
        version_id=_optional_string(entry.get("versionId"), f"{where}.versionId"),
        etag=_optional_string(entry.get("eTag"), f"{where}.eTag"),
    )


def parse_manifest(text: str) -> Manifest:
    """Parses and validates a manifest; errors name the offending field."""
    try:
        doc = json.loads(text)
    except ValueError as err:
        raise ManifestError(f"manifest: not valid JSON ({err})") from None
    if not isinstance(doc, dict):
        raise ManifestError("manifest: expected a JSON object")
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
