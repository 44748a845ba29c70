import copy
import json
import unittest

from helpers import RecordingConf, RecordingSpark, fixture_text, src_on_path

src_on_path()

from lakehouse_runner.plan_runner import (  # noqa: E402
    PlanError,
    PlanStatementError,
    SessionSettingError,
    apply_session_settings,
    check_table_location,
    execute,
    load_plan,
    relation,
    spark_string,
    staged_layout,
    statements,
)


def plan(name="orders"):
    return load_plan(fixture_text(f"{name}.spark-plan.json"))


class LoadPlanTest(unittest.TestCase):
    def test_loads_the_compiled_plans(self):
        for name in ("orders", "order_items", "daily_sales"):
            with self.subTest(name=name):
                p = load_plan(fixture_text(f"{name}.spark-plan.json"), name)
                self.assertEqual(p["dataset"], name)

    def refused(self, change, *fragments):
        doc = json.loads(fixture_text("orders.spark-plan.json"))
        change(doc)
        with self.assertRaises(PlanError) as err:
            load_plan(json.dumps(doc))
        for fragment in fragments:
            self.assertIn(fragment, str(err.exception))

    def test_refuses_what_it_cannot_run(self):
        self.refused(lambda d: d.update(formatVersion=2), "formatVersion")
        self.refused(lambda d: d.update(dialect="duckdb"), "dialect")
        self.refused(lambda d: d.update(kind="other"), "kind")
        self.refused(lambda d: d["statements"][1].update(phase="later"), "statements[1]", "phase")
        self.refused(lambda d: d["statements"][4].update(sql=" "), "orders.typed", "sql")
        self.refused(lambda d: d.update(sessionSettings=None), "sessionSettings")
        self.refused(lambda d: d.update(maxRejectRatio=2), "maxRejectRatio")
        self.refused(lambda d: d["statements"][3].update(name="orders.typed"), "used twice")
        with self.assertRaisesRegex(PlanError, "runs 'products' but the plan computes 'orders'"):
            load_plan(fixture_text("orders.spark-plan.json"), "products")
        with self.assertRaisesRegex(PlanError, "not valid JSON"):
            load_plan("{")


class StagedLayoutTest(unittest.TestCase):
    def test_layout_from_the_plan(self):
        layout = staged_layout(plan("order_items"))
        self.assertEqual((layout.rows_relation, layout.files_relation, layout.run_parameters), ("order_items__raw", "order_items__files", "run_parameters"))
        self.assertEqual(
            layout.contract_columns,
            ("id", "order_id", "user_id", "days_since_prior_order", "product_id", "add_to_cart_order", "reordered", "order_timestamp", "date"),
        )
        # days_since_prior_order is the one optional column (docs/contracts.md).
        self.assertEqual(layout.required, tuple(c for c in layout.contract_columns if c != "days_since_prior_order"))
        self.assertEqual(layout.row_columns[:3], (("_file_seq", "INT"), ("_row", "INT"), ("_fields_ok", "BOOLEAN")))
        self.assertEqual(layout.row_columns[-1], ("_cells", "STRING"))

    def test_format_drift_fails_loudly(self):
        p = plan()
        broken = copy.deepcopy(p)
        relation(broken, "stagedRows")["columns"] = [c for c in relation(broken, "stagedRows")["columns"] if c["name"] != "_cells"]
        with self.assertRaisesRegex(PlanError, "_cells"):
            staged_layout(broken)
        broken = copy.deepcopy(p)
        relation(broken, "stagedFiles")["columns"].append({"name": "_size", "type": "BIGINT", "nullable": True})
        with self.assertRaisesRegex(PlanError, "orders__files"):
            staged_layout(broken)

    def test_relations_by_role(self):
        p = plan()
        self.assertEqual(relation(p, "rejectedRows")["name"], "orders__rejected")
        self.assertEqual(relation(p, "datasetCounts")["name"], "orders__counts")
        with self.assertRaisesRegex(PlanError, "exactly one parentTable"):
            relation(plan("order_items"), "parentTable")


class TableLocationTest(unittest.TestCase):
    def test_location_must_match_the_plan(self):
        check_table_location(plan(), "s3://lake-bucket/lakehouse/orders")
        check_table_location(plan("daily_sales"), "s3://lake-bucket/lakehouse/daily_sales")
        with self.assertRaisesRegex(PlanError, "not created at --table-location"):
            check_table_location(plan(), "s3://other-bucket/lakehouse/orders")

    def test_spark_string_escapes_like_the_engine(self):
        self.assertEqual(spark_string("a'b\\c"), "'a\\'b\\\\c'")


class ExecuteTest(unittest.TestCase):
    def run_plan(self, p, allow, spark=None):
        spark = spark or RecordingSpark()
        events = []
        original_sql, original_table = spark.sql, spark.table

        def sql(text):
            events.append(("sql", text))
            return original_sql(text)

        def table(name):
            events.append(("checkpoint", name))
            return original_table(name)

        spark.sql, spark.table = sql, table
        published = execute(
            spark,
            p,
            provide_inputs=lambda: events.append(("inputs",)),
            audit=lambda: events.append(("audit",)) or allow,
            log=lambda message: None,
        )
        return published, events

    def test_phases_run_in_order_with_the_audit_before_publish(self):
        p = plan()
        published, events = self.run_plan(p, allow=True)
        self.assertTrue(published)
        expected = (
            [("inputs",)]
            + [("sql", s["sql"]) for s in statements(p, "setup") + statements(p, "verdicts")]
            + [("audit",), ("checkpoint", "orders__accepted"), ("checkpoint", "orders__run_keys")]
            + [("sql", s["sql"]) for s in statements(p, "publish")]
        )
        self.assertEqual(events, expected)
        self.assertTrue(events[-1][1].startswith("MERGE INTO lakehouse.orders"))

    def test_the_merge_reads_a_checkpointed_accepted_set_and_the_run_keys_are_kept_from_before_it(self):
        spark = RecordingSpark()
        self.run_plan(plan(), allow=True, spark=spark)
        merge = next(i for i, c in enumerate(spark.calls) if c.startswith("MERGE"))
        self.assertEqual(spark.calls[merge - 2 : merge], ["checkpoint orders__accepted", "checkpoint orders__run_keys"])
        self.assertIn("USING orders__accepted AS s", spark.calls[merge])

    def test_statements_keep_plan_order_within_a_phase(self):
        p = plan()
        p["statements"] = list(reversed(p["statements"]))
        _, events = self.run_plan(p, allow=True)
        ran = [e[1] for e in events if e[0] == "sql"]
        by_sql = {s["sql"]: s for s in p["statements"]}
        per_phase = {phase: len(statements(p, phase)) for phase in ("setup", "verdicts", "publish")}
        self.assertEqual([by_sql[s]["phase"] for s in ran], ["setup"] * per_phase["setup"] + ["verdicts"] * per_phase["verdicts"] + ["publish"] * per_phase["publish"])
        self.assertEqual([by_sql[s]["name"] for s in ran][:2], ["orders.create_table.orders", "orders.session.3"])

    def test_a_blocked_audit_publishes_nothing(self):
        published, events = self.run_plan(plan(), allow=False)
        self.assertFalse(published)
        self.assertEqual(events[-1], ("audit",))
        self.assertFalse(any(e[0] == "sql" and "MERGE" in e[1] for e in events))

    def test_a_failing_statement_is_named_and_stops_the_run(self):
        spark = RecordingSpark(fail_on="CACHE TABLE orders__verdicts")
        with self.assertRaises(PlanStatementError) as err:
            self.run_plan(plan(), allow=True, spark=spark)
        self.assertIn("plan statement orders.verdicts.cache (verdicts) failed", str(err.exception))
        self.assertFalse(any("MERGE" in s for s in spark.calls))

    def test_curated_plan_creates_what_it_reads_then_rebuilds(self):
        p = plan("daily_sales")
        published, events = self.run_plan(p, allow=True)
        self.assertTrue(published)
        ran = [e[1] for e in events if e[0] == "sql"]
        self.assertTrue(ran[-1].startswith("CREATE OR REPLACE TABLE lakehouse.daily_sales"))
        self.assertEqual(
            [sql.split(" (", 1)[0] for sql in ran if sql.startswith("CREATE TABLE IF NOT EXISTS")],
            ["CREATE TABLE IF NOT EXISTS lakehouse.orders", "CREATE TABLE IF NOT EXISTS lakehouse.order_items"],
        )
        self.assertNotIn(("checkpoint", "daily_sales__accepted"), events)


class SessionSettingsTest(unittest.TestCase):
    """The one check made against a fake session object: conf set/get is all it involves."""

    SETTINGS = {"spark.sql.session.timeZone": "UTC", "spark.sql.ansi.enabled": "false", "spark.sql.parser.escapedStringLiterals": "false"}

    def test_the_plan_carries_the_settings_of_its_dialect(self):
        self.assertEqual(plan()["sessionSettings"], self.SETTINGS)
        self.assertEqual(plan("daily_sales")["sessionSettings"], self.SETTINGS)

    def test_settings_are_set_before_any_statement(self):
        spark = RecordingSpark(conf=RecordingConf({"spark.sql.ansi.enabled": "true", "spark.sql.session.timeZone": "Europe/Paris"}))
        apply_session_settings(spark, self.SETTINGS)
        self.assertEqual(spark.conf.values, self.SETTINGS)
        self.assertEqual(spark.calls, [])

    def test_a_session_that_keeps_another_value_is_refused_before_any_statement(self):
        conf = RecordingConf({"spark.sql.parser.escapedStringLiterals": "true"}, static={"spark.sql.parser.escapedStringLiterals"})
        spark = RecordingSpark(conf=conf)
        with self.assertRaises(SessionSettingError) as err:
            execute(spark, plan(), provide_inputs=lambda: None, audit=lambda: True, log=lambda m: None)
        message = str(err.exception)
        self.assertIn("spark.sql.parser.escapedStringLiterals is 'true', the plan needs 'false'", message)
        self.assertIn("CANNOT_MODIFY_CONFIG", message)
        self.assertIn("--conf spark.sql.parser.escapedStringLiterals=false", message)
        self.assertEqual(spark.calls, [])

    def test_a_matching_static_setting_is_fine(self):
        conf = RecordingConf({"spark.sql.ansi.enabled": "False"}, static={"spark.sql.ansi.enabled"})
        apply_session_settings(RecordingSpark(conf=conf), self.SETTINGS)


class ReplaceSafeTest(unittest.TestCase):
    """A retried step in the same session must not fail on what the first attempt created."""

    SAFE = ("SET ", "CREATE OR REPLACE TEMPORARY VIEW ", "CREATE TABLE IF NOT EXISTS ", "CREATE OR REPLACE TABLE ", "MERGE INTO ")

    def test_every_statement_of_every_plan_replaces_or_is_idempotent(self):
        for name in ("products", "orders", "order_items", "daily_sales"):
            for s in plan(name)["statements"]:
                with self.subTest(statement=s["name"]):
                    if s["sql"].startswith("CACHE TABLE "):
                        # Only a bare CACHE TABLE of a view a replacing statement just created.
                        self.assertRegex(s["sql"], r"^CACHE TABLE \w+$")
                    else:
                        self.assertTrue(s["sql"].startswith(self.SAFE), s["sql"][:60])


if __name__ == "__main__":
    unittest.main()
