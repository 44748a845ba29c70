import io
import json
import unittest

from helpers import src_on_path

src_on_path()

from lakehouse_runner.csv_reader import StagedFile  # noqa: E402
from lakehouse_runner.outputs import (  # noqa: E402
    cell_names,
    column_profile,
    dataset_report,
    file_summary,
    reasons_of,
    rejected_record,
    to_json_line,
    write_rejected,
)

KEY = "s3://b/raw/x.csv"


def staged(header, **kw):
    return StagedFile(seq=1, key=KEY, header=header, **kw)


def rejected_row(cells=None, reasons="TYPE:id", **values):
    return {"_source_file": KEY, "_file_seq": 1, "_row": 7, "_reasons": reasons, "_cells": cells, **values}


class RejectedRecordTest(unittest.TestCase):
    # Expected lines were produced by libs/engine cellNamer/originalCells + libs/validation rejectedRecord.

    def test_names_from_the_header(self):
        self.assertEqual(cell_names(["id", " Name ", "id", "", "ID"]), ["id", "name", "id_2", "_unnamed", "id_3"])

    def test_cells_from_the_json_with_odd_names_in_javascript_key_order(self):
        header = ["id", " Name ", "id", "", "2", "_row", "0"]
        cells = json.dumps(["1", "a", "x", "e", "two", "r", "zero", "extra1", "extra2"])
        record = rejected_record(rejected_row(cells, "TYPE:id,DUPLICATE"), staged(header), ["id", "name"])
        self.assertEqual(
            to_json_line(record),
            '{"0":"zero","2":"two","id":"1","name":"a","id_2":"x","_unnamed":"e","_row":7,"_extra_1":"extra1",'
            '"_extra_2":"extra2","_source_file":"s3://b/raw/x.csv","_reasons":["TYPE:id","DUPLICATE"]}\n',
        )

    def test_cells_rebuilt_from_the_staged_columns(self):
        record = rejected_record(rejected_row(None, "NOT_NULL:name", id="1", name=None), staged(["Name", "ID"]), ["id", "name"])
        self.assertEqual(to_json_line(record), '{"name":"","id":"1","_source_file":"s3://b/raw/x.csv","_row":7,"_reasons":["NOT_NULL:name"]}\n')

    def test_repeated_suffix_collision_keeps_the_first_position(self):
        record = rejected_record(rejected_row(json.dumps(["p", "q", "r"]), "MALFORMED_ROW"), staged(["a", "a", "a_2"]), ["id"])
        self.assertEqual(to_json_line(record), '{"a":"p","a_2":"r","_source_file":"s3://b/raw/x.csv","_row":7,"_reasons":["MALFORMED_ROW"]}\n')

    def test_write_rejected_counts_lines(self):
        out = io.StringIO()
        rows = [rejected_row(json.dumps(["é\u2028"])), rejected_row(json.dumps(["b"]), "DUPLICATE")]
        self.assertEqual(write_rejected(rows, {1: staged(["id"])}, ["id"], out), 2)
        # One record per "\n" (str.splitlines would also split at the U+2028 inside the string).
        lines = out.getvalue().split("\n")
        self.assertEqual((len(lines), lines[-1]), (3, ""))
        self.assertEqual(json.loads(lines[0])["id"], "é\u2028")  # non-ASCII written as is, like JSON.stringify
        self.assertIn("é\u2028", lines[0])


COUNTS = {
    "rows_in": 10,
    "accepted": 6,
    "rejected": 4,
    "rows_malformed_row": 1,
    "rows_not_null": 0,
    "rows_type": 2,
    "rows_rule": 0,
    "rows_missing_column": 0,
    "rows_fk": 0,
    "rows_duplicate": 1,
    "rows_file_quarantined": 0,
    "required_columns": 6,
    "not_null_violations": 0,
    "missing_column_violations": 0,
    "invalid_rows": 3,
    "typed_rows": 7,
    "typed_rows_with_rule": 0,
    "fk_checked_rows": 7,
    "dedup_checked_rows": 7,
}


class ReportTest(unittest.TestCase):
    def test_reasons_only_lists_codes_that_occurred(self):
        self.assertEqual(reasons_of(COUNTS), {"MALFORMED_ROW": 1, "TYPE": 2, "DUPLICATE": 1})

    def test_file_summaries(self):
        row = {"_file_seq": 1, "status": "REJECTED", "error_code": "MISSING_COLUMN", "rows_in": 2, "step1_rejected": 2, "accepted": 0, "rejected": 2}
        s = file_summary(row, staged(["id"], missing_required=["name", "date"], extra_columns=["x"]), 0.2)
        self.assertEqual(s["error"], {"code": "MISSING_COLUMN", "message": f"{KEY}: required columns name, date missing from the header"})
        self.assertEqual(s["schemaDrift"], {"extraColumns": ["x"], "missingOptionalColumns": []})
        row = dict(row, status="QUARANTINED", error_code="FILE_QUARANTINED", rows_in=8, step1_rejected=3, accepted=0, rejected=8)
        self.assertEqual(file_summary(row, staged(["id"]), 0.2)["error"]["message"], f"{KEY}: 3 of 8 rows rejected (37.5% > 20%)")
        malformed = StagedFile(seq=1, key=KEY, read_status="MALFORMED_FILE", error=f"{KEY}: MALFORMED_FILE: not valid UTF-8 text")
        row = dict(row, status="REJECTED", error_code="MALFORMED_FILE", rows_in=0, step1_rejected=0, rejected=0)
        self.assertEqual(file_summary(row, malformed, 0.2)["error"]["message"], malformed.error)
        row = dict(row, status="PROCESSED", error_code=None, rows_in=1, accepted=1)
        self.assertEqual(file_summary(row, staged(["id"]), 0.2), {"key": KEY, "status": "PROCESSED", "rowsIn": 1, "accepted": 1, "rejected": 0})

    def test_dataset_report(self):
        quality = {"completeness": 1.0, "validity": 0.7, "accuracy": 1.0, "consistency": 1.0, "uniqueness": 6 / 7, "score": 91.14, "passed": False, "breaches": ["validity"]}
        file_row = {"_file_seq": 1, "status": "PROCESSED", "error_code": None, "rows_in": 10, "step1_rejected": 3, "accepted": 6, "rejected": 4}
        report = dataset_report(
            run_id="run-1",
            dataset="orders",
            job="orders",
            status="BLOCKED",
            counts=COUNTS,
            file_rows=[file_row],
            staged_files={1: staged(["id"])},
            gate={"publish": False},
            quality=quality,
            rejected_uri="s3://lake/rejected/orders/run-1.jsonl",
            rejected_rows=4,
            max_reject_ratio=0.2,
        )
        self.assertEqual((report["rowsIn"], report["accepted"], report["rejected"], report["published"]), (10, 6, 4, False))
        self.assertEqual(report["files"][0]["key"], KEY)
        self.assertEqual(report["quality"]["breaches"], ["validity"])
        self.assertEqual(report["rejectedRecords"], {"uri": "s3://lake/rejected/orders/run-1.jsonl", "rows": 4})
        self.assertEqual((report["columns"], report["crossChecks"]), ([], []))
        nothing = dataset_report(run_id="run-1", dataset="products", job="products", status="NOTHING_TO_DO")
        self.assertEqual((nothing["rowsIn"], nothing["files"], nothing["reasons"], nothing["quality"]), (0, [], {}, None))
        check = {"name": "orders_have_items", "description": "d", "checked": 5, "violations": 1, "examples": [{"order_id": 104}]}
        child = dataset_report(run_id="run-1", dataset="order_items", job="order_items", status="PUBLISHED", published=True, cross_checks=[check])
        self.assertEqual(child["crossChecks"], [check])

    def test_column_profile(self):
        row = {"rows_in": 4, "id__nulls": 0, "id__distinct": 4, "note__nulls": 1, "note__distinct": 7}
        profile = column_profile(["id", "note"], row)
        self.assertEqual(profile, [
            {"column": "id", "rows": 4, "nulls": 0, "nullRate": 0, "distinct": 4},
            {"column": "note", "rows": 4, "nulls": 1, "nullRate": 0.25, "distinct": 4},  # an estimate above the rows is capped
        ])
        self.assertEqual(column_profile(["id"], {"rows_in": 0}), [{"column": "id", "rows": 0, "nulls": 0, "nullRate": 0, "distinct": 0}])
        self.assertEqual(dataset_report(run_id="run-1", dataset="orders", job="orders", status="AUDITED", column_profile=profile)["columns"], profile)


if __name__ == "__main__":
    unittest.main()
