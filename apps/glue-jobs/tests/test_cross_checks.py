"""The cross-dataset checks in the dataset jobs: who writes run keys, who runs which statement."""

import unittest

from helpers import RecordingSpark, fixture_text, src_on_path
from test_manifest import manifest

src_on_path()

from lakehouse_runner import cross_checks  # noqa: E402
from lakehouse_runner.args import RunnerArgs  # noqa: E402
from lakehouse_runner.main import DatasetRun, parse_published  # noqa: E402
from lakehouse_runner.manifest import parse_manifest  # noqa: E402
from lakehouse_runner.plan_runner import PlanError, PlanStatementError, load_plan  # noqa: E402

RUN_ID = "run-0123456789abcdef"
REPORTS = "s3://lake-reports/"
ORDERS_KEYS = f"s3://lake-reports/{RUN_ID}/run-keys/orders"

#: What the views of the checks hold after the child's statements ran (as DuckDB computes them).
RESULT_ROWS = {
    "cross_check__orders_have_items": [{"checked": 5, "violations": 1}],
    "cross_check_examples__orders_have_items": [{"order_id": 104}],
    "cross_check__item_user_matches_order": [{"checked": 5, "violations": 1}],
    "cross_check_examples__item_user_matches_order": [{"id": 3, "order_id": 102, "order_items_user_id": 99, "orders_user_id": 9}],
}


def plan():
    return cross_checks.load(fixture_text("cross_checks.spark-plan.json"))


def checks_of(dataset):
    return cross_checks.for_dataset(plan(), dataset)


def dataset_run(dataset, spark, published_of=lambda dataset: True):
    args = RunnerArgs(
        dataset=dataset,
        plan_s3_uri="s3://assets/plan.json",
        manifest_s3_uri="s3://lake-reports/run.manifest.json",
        rejected_prefix="s3://lake-rejected/",
        reports_prefix=REPORTS,
        state_table="control",
        job_name=f"lakehouse-{dataset}",
    )
    return DatasetRun(
        spark,
        None,
        args,
        load_plan(fixture_text(f"{dataset}.spark-plan.json")),
        parse_manifest(manifest()),
        checks_of(dataset),
        published_of,
    )


def sql_of(name):
    return next(s["sql"] for s in plan()["statements"] if s["name"] == name)


class SplitTest(unittest.TestCase):
    def test_a_check_belongs_to_its_child_and_a_parent_writes_the_run_keys_it_reads(self):
        orders, items, products = checks_of("orders"), checks_of("order_items"), checks_of("products")
        self.assertEqual((orders.writes_run_keys, orders.statements), (True, ()))
        self.assertEqual(orders.own_run_keys, "orders__run_keys")
        self.assertFalse(items.writes_run_keys)  # no check of another dataset reads the items' keys
        self.assertEqual(
            [s["name"] for s in items.statements],
            [
                "cross_checks.orders_have_items.counts",
                "cross_checks.orders_have_items.examples",
                "cross_checks.item_user_matches_order.counts",
                "cross_checks.item_user_matches_order.examples",
            ],
        )
        self.assertEqual(items.parent_run_keys, (("orders__run_keys", "orders"),))
        self.assertEqual((products.writes_run_keys, products.statements, products.parent_run_keys), (False, (), ()))

    def test_only_a_cross_checks_plan_loads_as_one(self):
        with self.assertRaisesRegex(PlanError, "plan kind: expected one of crossChecks"):
            cross_checks.load(fixture_text("orders.spark-plan.json"))
        with self.assertRaisesRegex(PlanError, "plan kind: expected one of dataset, curated"):
            load_plan(fixture_text("cross_checks.spark-plan.json"))

    def test_run_keys_live_under_the_run(self):
        self.assertEqual(cross_checks.run_keys_uri(REPORTS, RUN_ID, "orders"), ORDERS_KEYS)


class ParentTest(unittest.TestCase):
    def test_a_parent_that_published_writes_its_run_keys_and_runs_no_check(self):
        spark = RecordingSpark()
        self.assertEqual(dataset_run("orders", spark).cross_check(published=True), [])
        self.assertEqual(spark.calls, [f"write parquet {ORDERS_KEYS} from orders__run_keys (overwrite)"])

    def test_a_parent_that_did_not_publish_writes_nothing(self):
        spark = RecordingSpark()
        self.assertEqual(dataset_run("orders", spark).cross_check(published=False), [])
        self.assertEqual(spark.calls, [])

    def test_a_dataset_no_check_reads_writes_nothing(self):
        spark = RecordingSpark()
        run = dataset_run("orders", spark)
        run.checks = checks_of("products")
        self.assertEqual(run.cross_check(published=True), [])
        run.checks = None  # a job without the cross-checks plan argument
        self.assertEqual(run.cross_check(published=True), [])
        self.assertEqual(spark.calls, [])


class ChildTest(unittest.TestCase):
    def run_child(self, parents_published, published=True):
        spark = RecordingSpark(rows=RESULT_ROWS)
        asked = []

        def published_of(dataset):
            asked.append(dataset)
            return parents_published

        results = dataset_run("order_items", spark, published_of).cross_check(published)
        return results, spark.calls, asked

    def test_reads_the_parents_run_keys_then_runs_every_check_and_reports_them(self):
        results, calls, asked = self.run_child(parents_published=True)
        self.assertEqual(asked, ["orders"])
        sql = [c for c in calls if not c.startswith(("read ", "SET "))]
        self.assertEqual(calls[3], f"read parquet {ORDERS_KEYS} as orders__run_keys")
        self.assertEqual(calls[:3], [s["sql"] for s in plan()["statements"] if s["phase"] == "setup"])
        self.assertEqual(
            sql,
            [
                sql_of("cross_checks.orders_have_items.counts"),
                sql_of("cross_checks.orders_have_items.examples"),
                sql_of("cross_checks.item_user_matches_order.counts"),
                sql_of("cross_checks.item_user_matches_order.examples"),
            ],
        )
        self.assertEqual(
            results,
            [
                {
                    "name": "orders_have_items",
                    "description": "every accepted order of the run has at least one accepted item in the run",
                    "checked": 5,
                    "violations": 1,
                    "examples": [{"order_id": 104}],
                },
                {
                    "name": "item_user_matches_order",
                    "description": "an item's user_id is its order's user_id",
                    "checked": 5,
                    "violations": 1,
                    "examples": [{"id": 3, "order_id": 102, "order_items_user_id": 99, "orders_user_id": 9}],
                },
            ],
        )

    def test_a_check_over_a_parent_without_rows_in_the_run_is_skipped(self):
        # orders had no file (NOTHING_TO_DO) or did not publish: its report says published false.
        results, calls, _ = self.run_child(parents_published=False)
        self.assertFalse(any(c.startswith("read parquet") for c in calls))
        self.assertNotIn(sql_of("cross_checks.orders_have_items.counts"), calls)
        self.assertIn(sql_of("cross_checks.item_user_matches_order.counts"), calls)
        self.assertEqual([r["name"] for r in results], ["item_user_matches_order"])

    def test_a_child_that_did_not_publish_runs_no_check(self):
        results, calls, asked = self.run_child(parents_published=True, published=False)
        self.assertEqual((results, calls, asked), ([], [], []))

    def test_a_failing_check_names_its_statement(self):
        spark = RecordingSpark(fail_on="cross_check_examples__orders_have_items", rows=RESULT_ROWS)
        with self.assertRaisesRegex(PlanStatementError, r"cross_checks\.orders_have_items\.examples \(verdicts\)"):
            dataset_run("order_items", spark).cross_check(published=True)


class ParentReportTest(unittest.TestCase):
    def test_the_published_flag_of_a_report(self):
        self.assertTrue(parse_published(b'{"published": true}', "s3://r/run/orders.json"))
        self.assertFalse(parse_published(b'{"published": false, "status": "NOTHING_TO_DO"}', "s3://r/run/orders.json"))
        with self.assertRaisesRegex(RuntimeError, r"s3://r/run/orders.json: not a dataset report: published must be true or false, got null"):
            parse_published(b"{}", "s3://r/run/orders.json")
        with self.assertRaisesRegex(RuntimeError, "s3://r/run/orders.json: not a dataset report"):
            parse_published(b"[", "s3://r/run/orders.json")


class ResultShapeTest(unittest.TestCase):
    def test_counts_are_integers_and_dates_are_iso_text(self):
        import datetime

        result = cross_checks.check_result("c", "d", {"checked": 3, "violations": 0}, [{"date": datetime.date(2024, 1, 5), "id": 1}])
        self.assertEqual(result, {"name": "c", "description": "d", "checked": 3, "violations": 0, "examples": [{"date": "2024-01-05", "id": 1}]})


if __name__ == "__main__":
    unittest.main()
