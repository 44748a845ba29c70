"""The Spark-free parts of staging and of the entry point (the Spark calls only run in Glue)."""

import unittest

from helpers import fixture_text, src_on_path

src_on_path()

from lakehouse_runner import main  # noqa: E402  (must import without pyspark, awsglue, boto3)
from lakehouse_runner.csv_reader import StagedFile, stage_file  # noqa: E402
from lakehouse_runner.plan_runner import load_plan, staged_layout  # noqa: E402
from lakehouse_runner.staging import _row_builder  # noqa: E402


class RowBuilderTest(unittest.TestCase):
    def test_tuples_follow_the_plan_column_order(self):
        layout = staged_layout(load_plan(fixture_text("orders.spark-plan.json")))
        data = b"date,order_id,ORDER_NUM,user_id,order_timestamp,total_amount\n2024-01-15,7, 1 ,3,2024-01-15T10:00:00Z,9.5\n"
        _, rows = stage_file(data, "s3://b/raw/orders/a.csv", 2, layout.contract_columns, layout.required)
        self.assertEqual(
            _row_builder(layout)(2, rows[0]),
            (2, 1, True, "1", "7", "3", "2024-01-15T10:00:00Z", "9.5", "2024-01-15", '["2024-01-15","7"," 1 ","3","2024-01-15T10:00:00Z","9.5"]'),
        )
        self.assertEqual([n for n, _ in layout.row_columns][3:-1], list(layout.contract_columns))


class EntryPointTest(unittest.TestCase):
    def test_delta_confs_are_the_documented_ones(self):
        self.assertEqual(
            main.DELTA_CONFS,
            {
                "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
                "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
            },
        )

    def test_malformed_files_are_kept_under_the_run_folder(self):
        files = [StagedFile(seq=1, key="s3://b/raw/orders/a.csv"), StagedFile(seq=4, key="s3://b/raw/orders/x/a.csv"), StagedFile(seq=5, key="s3://b/raw/orders/c.csv")]
        self.assertEqual(
            main.malformed_copy_uris("s3://lake/rejected/", "orders", "run-1", files),
            {1: "s3://lake/rejected/orders/run-1/1-a.csv", 4: "s3://lake/rejected/orders/run-1/4-a.csv", 5: "s3://lake/rejected/orders/run-1/c.csv"},
        )


if __name__ == "__main__":
    unittest.main()
