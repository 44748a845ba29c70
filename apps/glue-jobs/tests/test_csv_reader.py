"""The reading semantics of docs/contracts.md "Reading", as libs/validation openCsv reads them.

Expected values were checked against the TypeScript reader (csv-parse 7) on the same bytes; the
comments say why a case matters.
"""

import json
import unittest

from helpers import src_on_path

src_on_path()

from lakehouse_runner.csv_reader import (  # noqa: E402
    JS_WHITESPACE,
    MalformedFileError,
    cells_json,
    decode,
    iter_records,
    js_trim,
    layout_header,
    stage_file,
)
from lakehouse_runner.vocabulary import FILE_READ_STATUS  # noqa: E402

READ, MALFORMED_FILE = FILE_READ_STATUS.READ, FILE_READ_STATUS.MALFORMED_FILE

COLUMNS = ["id", "name", "note"]
REQUIRED = ["id", "name"]


def records(data: bytes):
    return list(iter_records(decode(data, "f.csv"), "f.csv"))


def stage_or_raise(data: bytes):
    """The records of a whole file as stage_file reads it (BOM offsets included); raises when malformed."""
    from lakehouse_runner.csv_reader import bom_bytes

    return list(iter_records(decode(data, "f.csv"), "f.csv", bom_bytes(data)))


def stage(data: bytes, columns=COLUMNS, required=REQUIRED):
    return stage_file(data, "s3://b/raw/x/f.csv", 3, columns, required)


class ParsingTest(unittest.TestCase):
    def test_bom_is_dropped_once_at_the_start(self):
        self.assertEqual(records(b"\xef\xbb\xbfid,name\n1,a\n"), [["id", "name"], ["1", "a"]])
        # A second BOM is data (trimmed later as JS trim includes U+FEFF).
        self.assertEqual(records(b"\xef\xbb\xbf\xef\xbb\xbfid\n"), [["\ufeffid"]])
        self.assertEqual(records(b"id\n\xef\xbb\xbfx\n"), [["id"], ["\ufeffx"]])

    def test_crlf_and_lf_and_mixed_line_endings(self):
        self.assertEqual(records(b"a,b\r\n1,2\r\n"), [["a", "b"], ["1", "2"]])
        self.assertEqual(records(b"a,b\r\n1,2\n3,4\r\n5,6"), [["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]])

    def test_a_lone_cr_outside_quotes_is_malformed_naming_its_byte_offset(self):
        # Record delimiters are CRLF and LF only; the same cases as libs/validation reader.spec.ts.
        cases = [
            (b"a,b\r1,2\r3,4\r", 3),  # CR-only line endings: never one long header and EMPTY
            (b"a,b\r\n1,x\ry\r\n", 8),
            (b"a,b\n1,2\r", 7),  # a CR at the very end
            (b'a,b\n1,"2"\r3\n', 9),  # after a closing quote: the field goes on unquoted
            (b"a,b\n\r\r\n1,2\n", 4),  # even on a blank line
            (b"\xef\xbb\xbfa\rb\n", 4),  # offsets count the BOM
        ]
        for data, offset in cases:
            with self.subTest(data=data), self.assertRaises(MalformedFileError) as err:
                stage_or_raise(data)
            self.assertEqual(
                str(err.exception),
                f"f.csv: MALFORMED_FILE: a carriage return (CR) not followed by a line feed at byte offset {offset}: line endings must be LF or CRLF",
            )

    def test_a_cr_inside_quotes_is_data(self):
        self.assertEqual(records(b'a,b\r\n1,"x\ry"\n2,"\r"\r\n'), [["a", "b"], ["1", "x\ry"], ["2", "\r"]])

    def test_blank_and_whitespace_only_lines_are_skipped(self):
        data = b"\n  \na,b\n\n   \n\t\r\n1,2\n\xc2\xa0\n\n3,4\n\n"
        self.assertEqual(records(data), [["a", "b"], ["1", "2"], ["3", "4"]])

    def test_a_line_holding_empty_quotes_is_a_record(self):
        # The raw text is judged: "" is not blank, it is one empty cell.
        self.assertEqual(records(b'a\n""\n'), [["a"], [""]])
        self.assertEqual(records(b'a\n" "\n'), [["a"], [" "]])
        self.assertEqual(records(b"a\n,\n"), [["a"], ["", ""]])

    def test_quoted_newlines_stay_in_the_cell(self):
        data = b'a,b\n"x\ny",2\n"p\r\nq",3\n'
        self.assertEqual(records(data), [["a", "b"], ["x\ny", "2"], ["p\r\nq", "3"]])

    def test_escaped_quotes(self):
        self.assertEqual(records(b'a\n"say ""hi"""\n'), [["a"], ['say "hi"']])
        self.assertEqual(records(b'a,b\n"",""\n'), [["a", "b"], ["", ""]])

    def test_a_quote_inside_an_unquoted_field_is_literal(self):
        self.assertEqual(records(b'a,b\n1,b"c\n'), [["a", "b"], ["1", 'b"c']])
        self.assertEqual(records(b'a\n a""b\n'), [["a"], [' a""b']])

    def test_text_after_a_closing_quote_keeps_the_quotes(self):
        # csv-parse relax_quotes: not a closing quote after all, the field is taken literally.
        self.assertEqual(records(b'a,b\n"x"y,2\n'), [["a", "b"], ['"x"y', "2"]])
        self.assertEqual(records(b'a,b\n"x" ,2\n'), [["a", "b"], ['"x" ', "2"]])
        self.assertEqual(records(b'a\n"x,y"z,w\n'), [["a"], ['"x,y"z', "w"]])

    def test_unclosed_quote_is_malformed(self):
        with self.assertRaises(MalformedFileError) as err:
            records(b'a,b\n1,2\n"unclosed,3\n4,5\n')
        self.assertEqual(str(err.exception), "f.csv: MALFORMED_FILE: quote not closed: a quoted field never ends")
        with self.assertRaises(MalformedFileError):
            records(b'a\n"x""\n')  # "" is an escaped quote, so the field never closes

    def test_invalid_utf8_and_nul_bytes_are_malformed(self):
        for data in (b"a\n\xff\n", b"a\n\xc3\x28\n", b"a\n\xed\xa0\x80\n", b"a\n\xc0\xaf\n", b"a\n1\x00\n"):
            with self.subTest(data=data), self.assertRaises(MalformedFileError):
                decode(data, "f.csv")

    def test_malformed_bytes_are_named_with_their_offset(self):
        # The same words as libs/validation: the first byte of the bad sequence, from the file's start.
        cases = [
            (b"a\n\xc3\x28\n", "not valid UTF-8 text: byte 0xc3 at byte offset 2"),
            (b"a,b\n1,\xe2\x82", "not valid UTF-8 text: byte 0xe2 at byte offset 6"),
            (b"a,b\n1,\x002\n", "contains a NUL byte (binary data) at byte offset 6"),
        ]
        for data, detail in cases:
            with self.subTest(data=data), self.assertRaises(MalformedFileError) as err:
                decode(data, "f.csv")
            self.assertEqual(str(err.exception), f"f.csv: MALFORMED_FILE: {detail}")

    def test_trailing_delimiter_at_end_of_file(self):
        self.assertEqual(records(b"a,b\n1,"), [["a", "b"], ["1", ""]])


class JsTrimTest(unittest.TestCase):
    def test_the_exact_javascript_set(self):
        expected = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680] + list(range(0x2000, 0x200B)) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF]
        self.assertEqual(sorted(ord(c) for c in JS_WHITESPACE), expected)
        for code in expected:
            self.assertEqual(js_trim(chr(code) + "x" + chr(code)), "x", hex(code))

    def test_what_python_strip_removes_but_javascript_keeps(self):
        for ch in ("\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\u180e", "\u200b"):
            with self.subTest(code=hex(ord(ch))):
                self.assertEqual(js_trim(ch + "x" + ch), ch + "x" + ch)
        self.assertNotEqual("\x85x".strip(), "\x85x")  # why str.strip() cannot be used

    def test_inner_whitespace_is_kept(self):
        self.assertEqual(js_trim("  a \t b  "), "a \t b")


class HeaderTest(unittest.TestCase):
    def test_header_is_trimmed_and_case_insensitive_in_any_order(self):
        layout = layout_header(COLUMNS, REQUIRED, [" NAME ", "Id", "\u00a0note"])
        self.assertEqual(layout.index, {"name": 0, "id": 1, "note": 2})
        self.assertEqual((layout.missing_required, layout.duplicated, layout.extra_columns), ([], [], []))

    def test_extra_and_missing_columns(self):
        layout = layout_header(COLUMNS, REQUIRED, ["id", "Extra", ""])
        self.assertEqual(layout.extra_columns, ["extra", ""])
        self.assertEqual(layout.missing_required, ["name"])
        self.assertEqual(layout.missing_optional_columns, ["note"])

    def test_duplicates(self):
        self.assertEqual(layout_header(COLUMNS, REQUIRED, ["id", "ID ", "name", "x", "x"]).duplicated, ["id"])


class StageFileTest(unittest.TestCase):
    def test_rows_are_trimmed_numbered_and_null_when_empty(self):
        staged, rows = stage(b"id,name,note\n 1 ,a,\n\n2,\xc2\xa0b\xc2\xa0,  \n")
        self.assertEqual((staged.read_status, staged.rows, staged.seq, staged.missing_codes), (READ, 2, 3, None))
        self.assertEqual([(r.row, r.fields_ok, r.values) for r in rows], [(1, True, ("1", "a", None)), (2, True, ("2", "b", None))])
        # Trimming changed cells: the original cells are kept, as JSON.stringify writes them.
        self.assertEqual(rows[0].cells, '[" 1 ","a",""]')
        self.assertEqual(json.loads(rows[1].cells), ["2", "\u00a0b\u00a0", "  "])

    def test_cells_are_not_kept_when_they_can_be_rebuilt(self):
        _, rows = stage(b"Name,ID\nb,1\n,2\n")
        self.assertEqual([(r.values, r.cells) for r in rows], [(("1", "b", None), None), (("2", None, None), None)])

    def test_extra_columns_keep_the_cells(self):
        staged, rows = stage(b"id,extra,name\n1,x,a\n")
        self.assertEqual(staged.extra_columns, ["extra"])
        self.assertEqual(staged.missing_optional_columns, ["note"])
        self.assertEqual((rows[0].values, rows[0].cells), (("1", "a", None), '["1","x","a"]'))

    def test_field_count_mismatch(self):
        _, rows = stage(b"id,name\n1\n1,a,z\n1,a\n")
        self.assertEqual([(r.row, r.fields_ok) for r in rows], [(1, False), (2, False), (3, True)])
        self.assertEqual(rows[0].values, (None, None, None))
        self.assertEqual(rows[1].cells, '["1","a","z"]')
        self.assertEqual(rows[2].values, ("1", "a", None))

    def test_missing_required_column(self):
        staged, rows = stage(b"name\na\n", required=["id", "name", "note"])
        self.assertEqual(staged.read_status, READ)
        self.assertEqual(staged.missing_codes, "MISSING_COLUMN:id,MISSING_COLUMN:note")
        self.assertEqual(len(rows), 1)

    def test_missing_optional_column_is_only_drift(self):
        staged, _ = stage(b"id,name\n1,a\n")
        self.assertEqual((staged.missing_codes, staged.missing_optional_columns), (None, ["note"]))

    def test_duplicate_contract_column_is_malformed(self):
        staged, rows = stage(b"id,name,Id\n1,a,2\n")
        self.assertEqual((staged.read_status, staged.rows, rows), (MALFORMED_FILE, 0, []))
        self.assertIn('column "id" appears twice in the header', staged.error)
        self.assertTrue(staged.error.startswith("s3://b/raw/x/f.csv:1: MALFORMED_FILE"))
        # A repeated column the contract does not know is only drift.
        staged, rows = stage(b"id,name,x,x\n1,a,2,3\n")
        self.assertEqual((staged.read_status, staged.extra_columns, len(rows)), (READ, ["x", "x"], 1))

    def test_a_late_failure_discards_the_rows_already_read(self):
        for data in (b'id,name\n1,a\n2,"b\n', b"id,name\n1,a\n2,\xff\n", b"id,name\n1,a\n2,\x00\n"):
            with self.subTest(data=data):
                staged, rows = stage(data)
                self.assertEqual((staged.read_status, staged.rows, rows, staged.header), (MALFORMED_FILE, 0, [], None))
                self.assertIn("MALFORMED_FILE", staged.error)

    def test_empty_files(self):
        for data in (b"", b"\xef\xbb\xbf", b"\n\n  \r\n"):
            with self.subTest(data=data):
                staged, rows = stage(data)
                self.assertEqual((staged.read_status, staged.header, staged.rows, rows), (READ, None, 0, []))
        staged, rows = stage(b"id,name\n\n")  # header only: EMPTY, layout still known
        self.assertEqual((staged.header, staged.rows, staged.missing_codes), (["id", "name"], 0, None))

    def test_js_trim_set_in_cells(self):
        # U+0085 (NEL) survives JS trim: the value keeps it (and it later fails typing, as in TS).
        _, rows = stage("id,name\n\u0085,\u3000a\u2028\n".encode())
        self.assertEqual(rows[0].values, ("\u0085", "a", None))

    def test_staged_file_round_trips_through_a_dict(self):
        staged, _ = stage(b"id,x\n1\n")
        self.assertEqual(type(staged).from_dict(json.loads(json.dumps(staged.to_dict()))), staged)


class CellsJsonTest(unittest.TestCase):
    def test_matches_json_stringify(self):
        # JSON.stringify(["a\"b","\\","\u0001\n\t","é\u2028😀"]) in Node.
        self.assertEqual(cells_json(['a"b', "\\", "\x01\n\t", "é\u2028😀"]), '["a\\"b","\\\\","\\u0001\\n\\t","é\u2028😀"]')


if __name__ == "__main__":
    unittest.main()
