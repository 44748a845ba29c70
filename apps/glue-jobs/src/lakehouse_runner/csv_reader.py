"""Reading a raw CSV file into staged rows, exactly as libs/validation does it.

The DuckDB executor stages files with libs/validation ``openCsv`` (csv-parse 7 with ``bom``,
``relax_quotes``, ``relax_column_count``, ``skip_empty_lines``, record delimiters CRLF and LF)
and ``layoutHeader``; libs/engine ``stage.ts`` turns the records into the ``stagedRows`` and
``stagedFiles`` relations described in libs/engine/src/plan.ts. This module reproduces those
semantics in plain Python (no Spark, no third-party package) so that the Glue runner gives the
same verdict for the same bytes, and so that it can be unit-tested anywhere.

Python's ``csv`` module cannot be used: it ends records on a lone CR, drops the quotes of
``"x"y`` (csv-parse keeps ``"x"y`` literally) and cannot tell a blank line from a line
holding ``""``. The scanner below is a small explicit RFC 4180 parser with csv-parse's
relaxations, with a fast path for lines without any quote.
"""

import json
import re
from dataclasses import dataclass, field
from typing import Iterator, List, Optional, Sequence

from .vocabulary import CODE_SEPARATOR, FILE_READ_STATUS, REJECT, reject_code

# JavaScript String.prototype.trim removes WhiteSpace and LineTerminator code points (ECMA-262):
# TAB, VT, FF, SP, NBSP, ZWNBSP (U+FEFF), the Zs category, LF, CR, LS, PS. Python's str.strip()
# uses a different set (it also strips U+001C-U+001F and U+0085), hence the explicit list.
JS_WHITESPACE = (
    "\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)

_FIELD_END = re.compile(r"[,\n]")


def js_trim(text: str) -> str:
    """``text.trim()`` as JavaScript computes it."""
    return text.strip(JS_WHITESPACE)


def normalise_header(name: str) -> str:
    """Header names are trimmed and matched case-insensitively (libs/validation normaliseHeader)."""
    return js_trim(name).lower()


class MalformedFileError(Exception):
    """A file that cannot be read as CSV at all: not UTF-8, binary, broken quoting, bad header."""

    def __init__(self, file: str, detail: str, line: Optional[int] = None):
        self.file = file
        self.detail = detail
        self.line = line
        # The same text as libs/validation MalformedFileError, so reports read alike.
        super().__init__(f"{file}{':' + str(line) if line else ''}: {REJECT.MALFORMED_FILE}: {detail}")


_BOM = "\ufeff"


def decode(data: bytes, file: str) -> str:
    """Strict UTF-8 with one optional leading BOM removed.

    Invalid bytes are not replaced by U+FFFD (that would change the data) and NUL characters mean
    binary data: both make the file MALFORMED_FILE, naming the byte offset where they were found.
    """
    try:
        text = data.decode("utf-8")  # 'strict': also refuses overlong forms and surrogates
    except UnicodeDecodeError as err:
        detail = f"not valid UTF-8 text: byte 0x{data[err.start]:02x} at byte offset {err.start}"
        raise MalformedFileError(file, detail) from None
    if "\x00" in text:
        raise MalformedFileError(file, f"contains a NUL byte (binary data) at byte offset {data.find(0)}")
    # csv-parse `bom: true` drops one BOM at the very start only; a later U+FEFF is data.
    return text[1:] if text.startswith(_BOM) else text


def bom_bytes(data: bytes) -> int:
    """How many bytes ``decode`` dropped from the start: the base of the byte offsets of its text."""
    return len(_BOM.encode("utf-8")) if data.startswith(_BOM.encode("utf-8")) else 0


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


class LoneCarriageReturnError(MalformedFileError):
    """A CR outside quotes not followed by LF: libs/validation finds it while decoding, before the header."""


def _lone_cr(file: str, text: str, pos: int, base: int) -> MalformedFileError:
    """libs/validation loneCarriageReturnMessage: a CR outside quotes that is not part of a CRLF."""
    offset = base + len(text[:pos].encode("utf-8"))
    detail = f"a carriage return (CR) not followed by a line feed at byte offset {offset}: line endings must be LF or CRLF"
    return LoneCarriageReturnError(file, detail)


def _read_records(text: str, file: str, base: int):
    """Every record, and the parse error that ended them (None when the file parsed). A lone CR
    is raised at once: libs/validation refuses it while decoding, so the file reports no header
    and no drift; any other error comes after the header, which keeps its drift."""
    records: List[List[str]] = []
    try:
        for record in iter_records(text, file, base):
            records.append(record)
    except LoneCarriageReturnError:
        raise
    except MalformedFileError as err:
        return records, err
    return records, None


def iter_records(text: str, file: str, base: int = 0) -> Iterator[List[str]]:
    """Yields the records of a decoded file, as csv-parse would with the reader's options.

    - Records end at LF or CRLF outside quotes. A CR not followed by LF outside quotes (CR-only
      line endings, a stray CR, even on a blank line) makes the file MALFORMED_FILE, naming its
      byte offset (``base`` is the number of bytes before ``text`` in the file: a dropped BOM);
      inside quotes a CR is data.
    - A field that starts with ``"`` is quoted; ``""`` inside it is one quote. A closing quote
      must be followed by ``,``, a record delimiter or the end; otherwise (relax_quotes) the
      field continues unquoted and keeps its quotes literally: ``"x"y`` is ``"x"y``.
    - A quote inside an unquoted field is kept literally: ``b"c`` is ``b"c``.
    - An opening quote never closed is MALFORMED_FILE, in libs/validation's words.
    - Lines that are empty or only JavaScript whitespace are skipped and not counted
      (openCsv judges the raw text, so a line holding ``""`` is a record with one empty cell).
    """
    n = len(text)
    pos = 0
    while pos < n:
        # Fast path: a line without quotes splits on commas.
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        if text.find('"', pos, end) < 0:
            line = text[pos:end]
            if nl >= 0 and line.endswith("\r"):
                line = line[:-1]  # the CR of a CRLF delimiter
            cr = line.find("\r")
            if cr >= 0:
                raise _lone_cr(file, text, pos + cr, base)
            pos = n if nl < 0 else nl + 1
            if js_trim(line) == "":
                continue
            yield line.split(",")
            continue

        fields: List[str] = []
        quoted = False
        while True:
            if pos < n and text[pos] == '"':
                quoted = True
                value, pos = _quoted_field(text, pos, file, base)
            else:
                value, pos = _unquoted_field(text, pos, file, base)
            fields.append(value)
            if pos >= n:
                break
            if text[pos] == ",":
                pos += 1
                continue
            pos += 1 if text[pos] == "\n" else 2  # LF or CRLF
            break
        if len(fields) == 1 and not quoted and js_trim(fields[0]) == "":
            continue
        yield fields


def _unquoted_field(text: str, pos: int, file: str, base: int):
    """The field from ``pos`` to the next ``,`` or record delimiter; returns (value, end)."""
    match = _FIELD_END.search(text, pos)
    end = len(text) if match is None else match.start()
    if match is not None and text[end] == "\n" and end > pos and text[end - 1] == "\r":
        end -= 1  # stop at the CRLF delimiter
    cr = text.find("\r", pos, end)
    if cr >= 0:
        raise _lone_cr(file, text, cr, base)
    return text[pos:end], end


def _quoted_field(text: str, pos: int, file: str, base: int):
    """A field opened by the quote at ``pos``; returns (value, end)."""
    n = len(text)
    parts = []
    i = pos + 1
    while True:
        j = text.find('"', i)
        if j < 0:
            raise MalformedFileError(file, "quote not closed: a quoted field never ends")
        if j + 1 < n and text[j + 1] == '"':
            parts.append(text[i : j + 1])  # "" is one literal quote
            i = j + 2
            continue
        parts.append(text[i:j])
        after = j + 1
        if after >= n or text[after] in ",\n" or text.startswith("\r\n", after):
            return "".join(parts), after
        # relax_quotes: not a closing quote after all. The field keeps both quotes literally
        # (escaped quotes inside stay unescaped, as csv-parse does) and continues unquoted.
        rest, end = _unquoted_field(text, after, file, base)
        return '"' + "".join(parts) + '"' + rest, end


@dataclass(frozen=True)
class HeaderLayout:
    """libs/validation ``layoutHeader``: where each contract column is in a file's header."""

    index: dict
    missing_required: List[str]
    duplicated: List[str]
    extra_columns: List[str]
    missing_optional_columns: List[str]


def layout_header(columns: Sequence[str], required: Sequence[str], header: Sequence[str]) -> HeaderLayout:
    """Maps a header onto the contract columns: trimmed, case-insensitive, column order free."""
    names = [normalise_header(h) for h in header]
    known = set(columns)
    index: dict = {}
    duplicated: List[str] = []
    for i, name in enumerate(names):
        if name not in known:
            continue
        if name in index:
            if name not in duplicated:
                duplicated.append(name)
        else:
            index[name] = i
    missing = [c for c in columns if c not in index]
    required_set = set(required)
    return HeaderLayout(
        index=index,
        missing_required=[c for c in missing if c in required_set],
        duplicated=duplicated,
        extra_columns=[name for name in names if name not in known],
        missing_optional_columns=[c for c in missing if c not in required_set],
    )


@dataclass(frozen=True)
class StagedRow:
    """One data row: a row of the plan's ``stagedRows`` relation (see plan.ts)."""

    row: int
    fields_ok: bool
    #: One value per contract column, in contract order: trimmed text or None.
    values: tuple
    #: JSON array of the original cells, or None when they can be rebuilt.
    cells: Optional[str]


@dataclass
class StagedFile:
    """What staging learned about a file: a row of ``stagedFiles`` plus what reports need."""

    seq: int
    key: str
    read_status: str = FILE_READ_STATUS.READ
    #: The header as written (None for a file without any non-blank line).
    header: Optional[List[str]] = None
    missing_required: List[str] = field(default_factory=list)
    extra_columns: List[str] = field(default_factory=list)
    missing_optional_columns: List[str] = field(default_factory=list)
    rows: int = 0
    #: The MALFORMED_FILE message, naming the file.
    error: Optional[str] = None

    @property
    def missing_codes(self) -> Optional[str]:
        """The ``_missing_codes`` column: NULL, or MISSING_COLUMN codes in contract order."""
        if not self.missing_required:
            return None
        return CODE_SEPARATOR.join(reject_code(REJECT.MISSING_COLUMN, c) for c in self.missing_required)

    def to_dict(self) -> dict:
        return {
            "seq": self.seq,
            "key": self.key,
            "readStatus": self.read_status,
            "header": self.header,
            "missingRequired": self.missing_required,
            "extraColumns": self.extra_columns,
            "missingOptionalColumns": self.missing_optional_columns,
            "rows": self.rows,
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "StagedFile":
        return cls(
            seq=d["seq"],
            key=d["key"],
            read_status=d["readStatus"],
            header=d["header"],
            missing_required=list(d["missingRequired"]),
            extra_columns=list(d["extraColumns"]),
            missing_optional_columns=list(d["missingOptionalColumns"]),
            rows=d["rows"],
            error=d["error"],
        )


def cells_json(cells: Sequence[str]) -> str:
    """``JSON.stringify(cells)``: the same escaping (non-ASCII kept, control characters escaped)."""
    return json.dumps(list(cells), ensure_ascii=False, separators=(",", ":"))


def stage_file(data: bytes, key: str, seq: int, columns: Sequence[str], required: Sequence[str]):
    """Reads one file and returns ``(StagedFile, [StagedRow, ...])``, as libs/engine stage.ts.

    A file that cannot be read (not UTF-8, NUL bytes, a lone CR, a quote never closed, a contract column
    twice in the header) is MALFORMED_FILE with no rows at all, even when the failure is found
    after some rows were read. Cells are trimmed with JavaScript ``trim``; an empty cell, a
    column absent from the header and every column of a row with the wrong field count are
    NULL. ``cells`` keeps the original cells whenever they cannot be rebuilt from the trimmed
    values and the header.
    """
    staged = StagedFile(seq=seq, key=key)
    try:
        parsed, parse_error = _read_records(decode(data, key), key, bom_bytes(data))
        records = iter(parsed)
        header = next(records, None)
        if header is None:
            if parse_error is not None:
                raise parse_error
            return staged, []  # empty, or only blank lines: READ with no rows (EMPTY)
        layout = layout_header(columns, required, header)
        staged.header = list(header)
        staged.extra_columns = layout.extra_columns
        staged.missing_optional_columns = layout.missing_optional_columns
        if layout.duplicated:
            names = ", ".join(f'"{c}"' for c in layout.duplicated)
            raise MalformedFileError(key, f"column {names} appears twice in the header", 1)
        staged.missing_required = layout.missing_required
        if parse_error is not None:
            raise parse_error
        width = len(header)
        at = [layout.index.get(c, -1) for c in columns]
        rebuildable = not layout.extra_columns
        rows: List[StagedRow] = []
        for number, cells in enumerate(records, start=1):
            fields_ok = len(cells) == width
            keep = not fields_ok or not rebuildable
            values = []
            for i in at:
                if not fields_ok or i < 0:
                    values.append(None)
                    continue
                raw = cells[i]
                text = js_trim(raw)
                if len(text) != len(raw):
                    keep = True
                values.append(text if text else None)
            rows.append(StagedRow(number, fields_ok, tuple(values), cells_json(cells) if keep else None))
        staged.rows = len(rows)
        return staged, rows
    except MalformedFileError as err:
        malformed = StagedFile(seq=seq, key=key, read_status=FILE_READ_STATUS.MALFORMED_FILE, error=str(err))
        malformed.extra_columns = staged.extra_columns
        malformed.missing_optional_columns = staged.missing_optional_columns
        return malformed, []
