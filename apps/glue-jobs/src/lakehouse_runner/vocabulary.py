"""The platform's vocabularies, as libs/contracts declares them.

``vocabulary.json`` beside this module is generated from the TypeScript vocabulary (tools/parity)
and checked into the repository; a TypeScript test fails when it is stale. Nothing here is
written by hand: the runner names a code as ``REJECT.MISSING_COLUMN``, never as a string.
"""

import json
import pkgutil
from types import SimpleNamespace
from typing import Iterable, Optional

# pkgutil reads the file from the package folder or from lakehouse_runner.zip alike.
_DOC = json.loads(pkgutil.get_data(__package__, "vocabulary.json").decode("utf-8"))


def _by_name(values: Iterable[str]) -> SimpleNamespace:
    return SimpleNamespace(**{v: v for v in values})


REJECT_CODES = tuple(c["code"] for c in _DOC["rejectCodes"])
REJECT = _by_name(REJECT_CODES)
#: (code, datasetCounts column) for every code a row can carry, in the run summary's order.
REASON_COUNT_COLUMNS = tuple((r["code"], r["countColumn"]) for r in _DOC["rowRejectCodes"])
FILE_OUTCOME = _by_name(_DOC["fileOutcomes"])
FILE_READ_STATUS = _by_name(_DOC["fileReadStatuses"])
DATASET_JOB_OUTCOME = _by_name(_DOC["datasetJobOutcomes"])
QUALITY_METRICS = tuple(_DOC["qualityMetrics"])
CODE_SEPARATOR = _DOC["codeSeparator"]


def reject_code(code: str, qualifier: Optional[str] = None) -> str:
    """A row's code with its qualifier: ``TYPE:order_id`` (libs/contracts rejectCode)."""
    if code not in REJECT_CODES:
        raise ValueError(f"unknown reject code {code!r}")
    return code if qualifier is None else f"{code}:{qualifier}"
