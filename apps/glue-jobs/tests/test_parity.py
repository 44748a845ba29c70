"""The parity corpus: golden cases generated from the TypeScript implementation (tools/parity).

Each file of tests/parity holds inputs and what the TypeScript code makes of them; a TypeScript test
regenerates the files and fails on any difference, and this suite makes the runner produce the
same, case by case: reading a file into staged rows, rejected records, file summaries, reasons,
quality metrics and gates, the cross-dataset checks, the file-level messages, bookmark requests
and run manifests.
"""

import base64
import json
import os
import unittest

from helpers import TESTS, RecordingSpark, fixture_text, src_on_path

src_on_path()

from lakehouse_runner import cross_checks  # noqa: E402
from lakehouse_runner.bookmark import _plain, commit_request  # noqa: E402
from lakehouse_runner.csv_reader import stage_file  # noqa: E402
from lakehouse_runner.gate import quality_metrics  # noqa: E402
from lakehouse_runner.manifest import ManifestError, parse_manifest  # noqa: E402
from lakehouse_runner.outputs import (  # noqa: E402
    column_profile,
    file_summary,
    missing_columns_message,
    quarantine_message,
    reasons_of,
    rejected_record,
    to_json_line,
)
from lakehouse_runner.vocabulary import QUALITY_METRICS  # noqa: E402

CASES = {"count": 0}


def corpus(name: str):
    with open(os.path.join(TESTS, "parity", f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)


def staged_facts(staged) -> dict:
    facts = staged.to_dict()
    del facts["seq"], facts["key"]
    return facts


def staged_rows(rows) -> list:
    return [{"row": r.row, "fieldsOk": r.fields_ok, "values": list(r.values), "cells": r.cells} for r in rows]


class ReadingParity(unittest.TestCase):
    def test_every_file_is_staged_as_the_engine_stages_it(self):
        for case in corpus("reading"):
            CASES["count"] += 1
            with self.subTest(case=case["name"], dataset=case["dataset"]):
                staged, rows = stage_file(base64.b64decode(case["base64"]), case["key"], 1, case["columns"], case["required"])
                self.assertEqual(staged_facts(staged), case["expected"]["file"])
                self.assertEqual(staged_rows(rows), case["expected"]["rows"])


class RunParity(unittest.TestCase):
    RUN = corpus("run")

    def test_rejected_records_summaries_reasons_metrics_and_profiles(self):
        for d in self.RUN["datasets"]:
            CASES["count"] += 1
            with self.subTest(dataset=d["dataset"]):
                relations, expected = d["relations"], d["expected"]
                staged = {}
                for seq, f in enumerate(d["files"], start=1):
                    staged[seq], _ = stage_file(base64.b64decode(f["base64"]), f["key"], seq, d["columns"], d["required"])
                self.assertEqual([staged_facts(s) for s in staged.values()], relations["stagedFiles"])
                lines = [to_json_line(rejected_record(row, staged[row["_file_seq"]], d["columns"])) for row in relations["rejectedRows"]]
                self.assertEqual(lines, [line + "\n" for line in expected["rejectedRecords"]])
                summaries = [file_summary(row, staged[row["_file_seq"]], d["maxRejectRatio"]) for row in relations["fileCounts"]]
                self.assertEqual(summaries, expected["files"])
                self.assertEqual(reasons_of(relations["counts"]), expected["reasons"])
                quality = quality_metrics(relations["counts"], d["quality"])
                self.assertEqual({k: quality[k] for k in (*QUALITY_METRICS, "score", "passed")}, expected["quality"])
                self.assertEqual(quality["breaches"], expected["breaches"])
                self.assertEqual(column_profile(d["columns"], relations["columnProfile"]), expected["columns"])


class CrossChecksParity(unittest.TestCase):
    def test_the_child_jobs_report_the_checks_the_engine_reports(self):
        case = RunParity.RUN["crossChecks"]
        plan = cross_checks.load(fixture_text("cross_checks.spark-plan.json"))
        reported = []
        for d in RunParity.RUN["datasets"]:
            CASES["count"] += 1
            spark = RecordingSpark(rows=case["relations"])
            checks = cross_checks.for_dataset(plan, d["dataset"])
            reported += cross_checks.run_checks(spark, checks, lambda dataset: True, lambda dataset: f"s3://r/{dataset}", log=lambda m: None)
        self.assertEqual(reported, case["expected"])
        self.assertTrue(all(c["violations"] > 0 and c["examples"] for c in reported))


class MetricsParity(unittest.TestCase):
    def test_metrics_and_gates(self):
        for case in corpus("metrics"):
            CASES["count"] += 1
            with self.subTest(case=case["name"]):
                self.assertEqual(quality_metrics(case["counts"], case["spec"]), case["expected"])


class MessagesParity(unittest.TestCase):
    def test_file_level_messages(self):
        messages = corpus("messages")
        for case in messages["quarantine"]:
            CASES["count"] += 1
            with self.subTest(case=case):
                self.assertEqual(quarantine_message(case["key"], case["rejected"], case["rowsIn"], case["maxRejectRatio"]), case["expected"])
        for case in messages["missing"]:
            CASES["count"] += 1
            self.assertEqual(missing_columns_message(case["key"], case["columns"]), case["expected"])


class BookmarkParity(unittest.TestCase):
    def test_commit_requests(self):
        for case in corpus("bookmarks"):
            CASES["count"] += 1
            with self.subTest(case=case["name"]):
                c = case["commit"]
                request = commit_request(case["table"], case["job"], c["expectedVersion"], c["runId"], c["files"], case["now"], c.get("watermark"))
                plain = dict(request, Key={k: _plain(v) for k, v in request["Key"].items()}, ExpressionAttributeValues={k: _plain(v) for k, v in request["ExpressionAttributeValues"].items()})
                self.assertEqual(plain, case["expected"])


class ManifestParity(unittest.TestCase):
    def test_accepts_and_refuses_what_the_schema_does(self):
        for case in corpus("manifests"):
            CASES["count"] += 1
            with self.subTest(case=case["name"]):
                text = json.dumps(case["document"])
                if case["valid"]:
                    parse_manifest(text)
                    continue
                with self.assertRaises(ManifestError) as err:
                    parse_manifest(text)
                self.assertTrue(any(path in str(err.exception) for path in case["paths"]), (str(err.exception), case["paths"]))


def tearDownModule():
    print(f"\nparity corpus: {CASES['count']} cases")


if __name__ == "__main__":
    unittest.main()
