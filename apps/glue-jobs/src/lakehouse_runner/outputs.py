"""What the job writes besides the table: rejected rows (JSON Lines) and the dataset report.

Rejected records are the objects libs/engine rejected-records.ts writes for the local run, so
a rejected row reads the same whichever engine refused it: the original cells keyed by the
normalised header names, then ``_source_file``, ``_row`` and ``_reasons`` (a list).
The report is the dataset entry of the run summary (docs/contracts.md, libs/engine run-summary.ts)
plus what the orchestration needs to assemble the run: the raw counts, the gate decision,
where the rejected rows went.
"""

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Dict, Iterable, List, Optional, Sequence

from . import aws
from .csv_reader import StagedFile, normalise_header
from .vocabulary import CODE_SEPARATOR, QUALITY_METRICS, REASON_COUNT_COLUMNS, REJECT

_ARRAY_INDEX = re.compile(r"^(0|[1-9][0-9]*)$")


def cell_names(header: Sequence[str]) -> List[str]:
    """Names of a row's cells: normalised header names, a repeated name suffixed _2, _3…, an
    empty name ``_unnamed`` (rejected-records.ts cellNamer)."""
    seen: Dict[str, int] = {}
    names = []
    for h in header:
        name = normalise_header(h) or "_unnamed"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return names


def original_cells(header: Sequence[str], staged: Dict[str, Optional[str]], cells_json: Optional[str]) -> List[str]:
    """A rejected row's original cells: from ``_cells`` when staging kept them, else the trimmed
    contract columns in header order (staging keeps ``_cells`` whenever that would not give back
    the original text)."""
    if cells_json is not None:
        return json.loads(cells_json)
    return [staged.get(normalise_header(h)) or "" for h in header]


def _js_ordered(record: dict) -> dict:
    # A JavaScript object lists integer-like keys ("0", "12") first, ascending, then the others
    # in insertion order; JSON.stringify follows that order. Rebuild it so the lines match.
    indexes = sorted((k for k in record if _ARRAY_INDEX.match(k) and int(k) < 2**32 - 1), key=int)
    ordered = {k: record[k] for k in indexes}
    ordered.update((k, v) for k, v in record.items() if k not in ordered)
    return ordered


def rejected_record(row: Dict[str, object], staged_file: StagedFile, contract_columns: Sequence[str]) -> dict:
    """The rejected/ object of one row of the plan's ``rejectedRows`` relation."""
    header = staged_file.header or []
    staged = {c: row.get(c) for c in contract_columns}
    cells = original_cells(header, staged, row.get("_cells"))
    names = cell_names(header)
    record: dict = {}
    for i, cell in enumerate(cells):
        record[names[i] if i < len(names) else f"_extra_{i - len(names) + 1}"] = cell
    # Spread order of rejectedRecord: a cell named like a meta field keeps its place, loses its value.
    record["_source_file"] = staged_file.key
    record["_row"] = int(row["_row"])
    record["_reasons"] = str(row["_reasons"]).split(CODE_SEPARATOR)
    return _js_ordered(record)


def to_json_line(record: dict) -> str:
    """``JSON.stringify(record) + '\\n'``."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_rejected(rows: Iterable[Dict[str, object]], files: Dict[int, StagedFile], contract_columns: Sequence[str], out) -> int:
    """Writes rejected rows (in ``_file_seq``, ``_row`` order) to a text stream; returns the count."""
    written = 0
    for row in rows:
        out.write(to_json_line(rejected_record(row, files[int(row["_file_seq"])], contract_columns)))
        written += 1
    return written


def reasons_of(counts: Dict[str, int]) -> Dict[str, int]:
    """Rows having each code (the code before the colon); only codes that occurred."""
    return {code: int(counts[column]) for code, column in REASON_COUNT_COLUMNS if int(counts[column]) > 0}


def js_number(value: float) -> str:
    """``String(value)`` for the numbers of messages (JavaScript prints 20, not 20.0)."""
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def js_fixed(value: float, digits: int) -> str:
    """``value.toFixed(digits)``: the exact binary value rounded half up (Python rounds halves to even)."""
    return str(Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def missing_columns_message(key: str, columns: Sequence[str]) -> str:
    """libs/validation missingColumnsMessage."""
    return f"{key}: required column{'s' if len(columns) > 1 else ''} {', '.join(columns)} missing from the header"


def quarantine_message(key: str, rejected: int, rows_in: int, max_reject_ratio: float) -> str:
    """libs/validation quarantineMessage: ``a.csv: 3 of 8 rows rejected (37.5% > 20%)``."""
    return f"{key}: {rejected} of {rows_in} rows rejected ({js_fixed(rejected / rows_in * 100, 1)}% > {js_number(max_reject_ratio * 100)}%)"


def file_summary(row: Dict[str, object], staged: StagedFile, max_reject_ratio: float) -> dict:
    """One ``files`` entry of the run summary from a ``fileCounts`` row and the staging facts."""
    rows_in, accepted, rejected, step1 = (int(row[k]) for k in ("rows_in", "accepted", "rejected", "step1_rejected"))
    code = row.get("error_code")
    key = staged.key
    message = None
    if code == REJECT.MALFORMED_FILE:
        message = staged.error
    elif code == REJECT.MISSING_COLUMN:
        message = missing_columns_message(key, staged.missing_required)
    elif code == REJECT.FILE_QUARANTINED:
        message = quarantine_message(key, step1, rows_in, max_reject_ratio)
    summary = {"key": key, "status": row["status"], "rowsIn": rows_in, "accepted": accepted, "rejected": rejected}
    if code and message:
        summary["error"] = {"code": code, "message": message}
    if staged.extra_columns or staged.missing_optional_columns:
        summary["schemaDrift"] = {"extraColumns": staged.extra_columns, "missingOptionalColumns": staged.missing_optional_columns}
    return summary


def column_profile(columns: Sequence[str], row: Dict[str, object]) -> List[dict]:
    """Per-column profile of the rows in, from the plan's one-row ``columnProfile`` relation.

    The same shape as libs/quality's ``ColumnProfile``; distinct counts are HyperLogLog estimates,
    capped at the row count.
    """
    rows = int(row.get("rows_in") or 0)
    profile = []
    for column in columns:
        nulls = int(row.get(f"{column}__nulls") or 0)
        distinct = min(int(row.get(f"{column}__distinct") or 0), rows)
        profile.append({"column": column, "rows": rows, "nulls": nulls, "nullRate": nulls / rows if rows else 0, "distinct": distinct})
    return profile


def dataset_report(
    *,
    run_id: str,
    dataset: str,
    job: str,
    status: str,
    counts: Optional[Dict[str, int]] = None,
    file_rows: Sequence[Dict[str, object]] = (),
    staged_files: Optional[Dict[int, StagedFile]] = None,
    gate: Optional[dict] = None,
    quality: Optional[dict] = None,
    published: bool = False,
    rejected_uri: Optional[str] = None,
    rejected_rows: int = 0,
    malformed_copies: Sequence[str] = (),
    bookmark_version: Optional[int] = None,
    column_profile: Sequence[dict] = (),
    max_reject_ratio: Optional[float] = None,
    cross_checks: Sequence[dict] = (),
) -> dict:
    """The report the job writes to ``<reports-prefix>/<runId>/<dataset>.json``.

    ``status``: PUBLISHED, BLOCKED (the gate kept the table as it was), AUDITED (verdicts only,
    --publish-allowed false), NOTHING_TO_DO (no file for the dataset) or REBUILT (curated).
    """
    if file_rows and max_reject_ratio is None:
        raise ValueError("dataset_report: the files' summaries need the plan's maxRejectRatio")
    counts = {k: int(v) for k, v in (counts or {}).items()}
    staged_files = staged_files or {}
    report = {
        "runId": run_id,
        "dataset": dataset,
        "job": job,
        "status": status,
        "rowsIn": counts.get("rows_in", 0),
        "accepted": counts.get("accepted", 0),
        "rejected": counts.get("rejected", 0),
        "reasons": reasons_of(counts) if counts else {},
        "files": [file_summary(r, staged_files[int(r["_file_seq"])], max_reject_ratio) for r in file_rows],
        "quality": None,
        "published": published,
        "gate": gate,
        "counts": counts,
        "rejectedRecords": {"uri": rejected_uri, "rows": rejected_rows},
        "malformedFiles": list(malformed_copies),
        "bookmarkVersion": bookmark_version,
        "columns": list(column_profile),
        "crossChecks": list(cross_checks),
    }
    if quality is not None:
        report["quality"] = {k: quality[k] for k in (*QUALITY_METRICS, "score", "passed")}
        report["quality"]["breaches"] = list(quality["breaches"])
    return report


def report_uri(reports_prefix: str, run_id: str, dataset: str) -> str:
    """Where a job's report goes (libs/storage ``datasetReport``): ``<runId>/<dataset>.json``."""
    return aws.join_uri(reports_prefix, run_id, f"{dataset}.json")


def report_json(report: dict) -> bytes:
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
