import json
import unittest

from helpers import src_on_path

src_on_path()

from lakehouse_runner.gate import GateError, decide, parse_quality_spec, quality_metrics, require_gate  # noqa: E402

SPEC = {"thresholds": {"completeness": 0.95, "validity": 0.97, "accuracy": 0.98, "consistency": 0.99}, "onBreach": "warn"}


def counts(**overrides):
    c = {
        "rows_in": 100,
        "accepted": 90,
        "rejected": 10,
        "required_columns": 6,
        "not_null_violations": 0,
        "missing_column_violations": 0,
        "invalid_rows": 0,
        "typed_rows": 100,
        "typed_rows_with_rule": 0,
        "fk_checked_rows": 100,
        "rows_fk": 0,
        "dedup_checked_rows": 100,
        "rows_duplicate": 0,
    }
    c.update(overrides)
    return c


class MetricsTest(unittest.TestCase):
    def test_formula_of_contracts_md(self):
        q = quality_metrics(
            counts(not_null_violations=12, missing_column_violations=18, invalid_rows=3, typed_rows=97, typed_rows_with_rule=1, fk_checked_rows=96, rows_fk=2, dedup_checked_rows=94, rows_duplicate=4),
            SPEC,
        )
        self.assertEqual(q["completeness"], (600 - 30) / 600)
        self.assertEqual(q["validity"], 0.97)  # 97 of 100 is exactly the threshold: no breach
        self.assertEqual(q["accuracy"], 96 / 97)
        self.assertEqual(q["consistency"], 94 / 96)
        self.assertEqual(q["uniqueness"], 90 / 94)
        self.assertEqual(q["breaches"], ["consistency"])  # uniqueness has no threshold
        self.assertFalse(q["passed"])

    def test_nothing_to_measure_is_perfect(self):
        q = quality_metrics(counts(rows_in=0, typed_rows=0, fk_checked_rows=0, dedup_checked_rows=0), SPEC)
        self.assertEqual([q[m] for m in ("completeness", "validity", "accuracy", "consistency", "uniqueness")], [1.0] * 5)
        self.assertEqual((q["score"], q["passed"]), (100.0, True))

    def test_score_rounds_halves_up_like_math_round(self):
        # uniqueness 29/32: mean * 10000 is exactly 9812.5; Node's Math.round gives 98.13,
        # Python's round() would give 98.12.
        q = quality_metrics(counts(dedup_checked_rows=32, rows_duplicate=3), {"thresholds": {}, "onBreach": "warn"})
        self.assertEqual(q["uniqueness"], 0.90625)
        self.assertEqual(q["score"], 98.13)


class DecisionTest(unittest.TestCase):
    plan = {"dataset": "orders"}

    def test_passed_publishes(self):
        d = decide(self.plan, counts(), json.dumps(SPEC), "auto")
        self.assertEqual((d.publish, d.source, d.reason), (True, "argument", "quality thresholds met"))

    def test_breach_with_warn_publishes(self):
        d = decide(self.plan, counts(invalid_rows=10), json.dumps(SPEC), "auto")
        self.assertTrue(d.publish)
        self.assertIn("validity", d.reason)
        self.assertIn("warn", d.reason)

    def test_breach_with_block_does_not_publish(self):
        d = decide(self.plan, counts(invalid_rows=10), json.dumps({**SPEC, "onBreach": "block"}), "auto")
        self.assertFalse(d.publish)
        self.assertEqual(d.to_dict(), {"publish": False, "source": "argument", "reason": "thresholds breached (validity), onBreach block", "onBreach": "block"})

    def test_the_plan_spec_wins_over_the_argument(self):
        plan = {"dataset": "orders", "quality": {**SPEC, "onBreach": "block"}}
        d = decide(plan, counts(invalid_rows=10), json.dumps(SPEC), "auto")
        self.assertEqual((d.publish, d.source), (False, "plan"))

    def test_explicit_decision_overrides(self):
        d = decide(self.plan, counts(invalid_rows=10), json.dumps({**SPEC, "onBreach": "block"}), "true")
        self.assertEqual((d.publish, d.source), (True, "decision"))
        self.assertFalse(d.quality["passed"])  # still reported
        d = decide(self.plan, counts(), None, "false")
        self.assertEqual((d.publish, d.quality), (False, None))

    def test_no_gate_at_all_fails(self):
        with self.assertRaisesRegex(GateError, "no quality gate"):
            require_gate(self.plan, None, "auto")
        with self.assertRaisesRegex(GateError, "no quality gate"):
            decide(self.plan, counts(), None, "auto")

    def test_spec_validation(self):
        with self.assertRaisesRegex(GateError, "--quality-gate: not valid JSON"):
            parse_quality_spec("{", "--quality-gate")
        with self.assertRaisesRegex(GateError, "onBreach"):
            parse_quality_spec({"thresholds": {}}, "q")
        with self.assertRaisesRegex(GateError, "q.thresholds.freshness"):
            parse_quality_spec({"thresholds": {"freshness": 1}, "onBreach": "warn"}, "q")
        with self.assertRaisesRegex(GateError, "q.thresholds.validity"):
            parse_quality_spec({"thresholds": {"validity": 1.5}, "onBreach": "warn"}, "q")
        self.assertEqual(parse_quality_spec(json.dumps(SPEC), "q"), SPEC)


if __name__ == "__main__":
    unittest.main()
