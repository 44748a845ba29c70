"""What the runner writes and reads has the shapes of the document schemas of libs/contracts."""

import json
import unittest

import json_schema
from helpers import fixture_text, src_on_path
from test_manifest import manifest
from test_outputs import COUNTS, staged

src_on_path()

from lakehouse_runner import cross_checks  # noqa: E402
from lakehouse_runner.csv_reader import StagedFile  # noqa: E402
from lakehouse_runner.outputs import column_profile, dataset_report  # noqa: E402
from lakehouse_runner.vocabulary import DATASET_JOB_OUTCOME, FILE_READ_STATUS, REJECT  # noqa: E402


def published_report():
    quality = {"completeness": 1.0, "validity": 0.7, "accuracy": 1.0, "consistency": 1.0, "uniqueness": 6 / 7, "score": 91.14, "passed": False, "breaches": ["validity"]}
    rows = [
        {"_file_seq": 1, "status": "PROCESSED", "error_code": None, "rows_in": 10, "step1_rejected": 3, "accepted": 6, "rejected": 4},
        {"_file_seq": 2, "status": "REJECTED", "error_code": REJECT.MALFORMED_FILE, "rows_in": 0, "step1_rejected": 0, "accepted": 0, "rejected": 0},
    ]
    files = {
        1: staged(["id", "colour"], extra_columns=["colour"]),
        2: StagedFile(seq=2, key="raw/orders/b.csv", read_status=FILE_READ_STATUS.MALFORMED_FILE, error="raw/orders/b.csv: MALFORMED_FILE: not valid UTF-8 text"),
    }
    return dataset_report(
        run_id="run-1",
        dataset="orders",
        job="lakehouse-orders",
        status=DATASET_JOB_OUTCOME.PUBLISHED,
        counts=COUNTS,
        file_rows=rows,
        staged_files=files,
        gate={"publish": True, "source": "plan", "reason": "thresholds breached (validity), onBreach warn", "onBreach": "warn"},
        quality=quality,
        published=True,
        rejected_uri="s3://lake/rejected/orders/run-1.jsonl",
        rejected_rows=4,
        malformed_copies=["s3://lake/rejected/orders/run-1/b.csv"],
        bookmark_version=3,
        max_reject_ratio=0.2,
        column_profile=column_profile(["id"], {"rows_in": 10, "id__nulls": 1, "id__distinct": 9}),
    )


class DatasetReportTest(unittest.TestCase):
    schema = json_schema.load("dataset-report")

    def test_reports_the_job_writes_have_the_schema_shape(self):
        nothing = dataset_report(run_id="run-1", dataset="products", job="lakehouse-products", status=DATASET_JOB_OUTCOME.NOTHING_TO_DO)
        check = cross_checks.check_result("orders_have_items", "every accepted order of the run has at least one accepted item in the run", {"checked": 5, "violations": 1}, [{"order_id": 104}])
        child = dataset_report(run_id="run-1", dataset="order_items", job="lakehouse-order_items", status=DATASET_JOB_OUTCOME.PUBLISHED, published=True, cross_checks=[check])
        for report in (published_report(), nothing, child):
            with self.subTest(status=report["status"]):
                self.assertEqual(json_schema.errors(self.schema, json.loads(json.dumps(report))), [])

    def test_the_check_can_fail(self):
        report = published_report()
        report["status"] = "DONE"
        report["files"][0]["rows"] = 3
        report["crossChecks"] = [{"name": "c", "description": "d", "checked": 1, "violations": 0}]
        del report["job"]
        self.assertEqual(
            sorted(json_schema.errors(self.schema, report)),
            ["$.crossChecks[0].examples: missing", "$.files[0].rows: not allowed", "$.job: missing", '$.status: "DONE" is not one of [\'PUBLISHED\', \'BLOCKED\', \'AUDITED\', \'NOTHING_TO_DO\', \'REBUILT\']'],
        )


class InputsTest(unittest.TestCase):
    def test_the_manifest_the_tests_use_is_a_run_manifest(self):
        self.assertEqual(json_schema.errors(json_schema.load("run-manifest"), json.loads(manifest())), [])

    def test_the_plan_fixtures_are_plans(self):
        plan = json_schema.load("plan")
        for name in ("orders", "order_items", "daily_sales", "cross_checks"):
            with self.subTest(plan=name):
                self.assertEqual(json_schema.errors(plan, json.loads(fixture_text(f"{name}.spark-plan.json"))), [])


if __name__ == "__main__":
    unittest.main()
