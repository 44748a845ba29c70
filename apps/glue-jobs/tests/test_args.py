import unittest

from helpers import src_on_path

src_on_path()

from lakehouse_runner.args import ArgumentError, parse_args  # noqa: E402

BASE = [
    "glue_entry.py",
    "--JOB_NAME", "lakehouse-dev-orders",
    "--dataset", "orders",
    "--plan-s3-uri", "s3://artifacts/glue/orders.spark-plan.json",
    "--manifest-s3-uri", "s3://lake/manifests/run-1.json",
    "--rejected-prefix", "s3://lake/rejected",
    "--reports-prefix", "s3://lake/reports/",
    "--state-table", "lakehouse-control",
    "--job-name", "orders",
    # Glue's own arguments are ignored.
    "--job-bookmark-option", "job-bookmark-disable",
    "--TempDir", "s3://tmp/",
    "--enable-glue-datacatalog", "true",
]


def without(argv, name):
    i = argv.index(name)
    return argv[:i] + argv[i + 2 :]


class ArgparseFallbackTest(unittest.TestCase):
    def test_required_and_defaults(self):
        args = parse_args(BASE)
        self.assertEqual(args.dataset, "orders")
        self.assertEqual(args.plan_s3_uri, "s3://artifacts/glue/orders.spark-plan.json")
        self.assertEqual(args.reports_prefix, "s3://lake/reports/")
        self.assertEqual(args.state_table, "lakehouse-control")
        self.assertEqual(args.job_name, "orders")
        self.assertEqual(args.glue_job_name, "lakehouse-dev-orders")
        self.assertEqual((args.database, args.table_location, args.quality_gate, args.publish_allowed), (None, None, None, "auto"))

    def test_optional_arguments(self):
        gate = '{"thresholds":{"validity":0.97},"onBreach":"block"}'
        args = parse_args(BASE + ["--database", "lakehouse_dev", "--table-location", "s3://lake/lakehouse/orders", "--quality-gate", gate, "--publish-allowed", "FALSE"])
        self.assertEqual((args.database, args.table_location, args.quality_gate, args.publish_allowed), ("lakehouse_dev", "s3://lake/lakehouse/orders", gate, "false"))

    def test_the_cross_checks_plan_is_optional_and_an_s3_uri(self):
        self.assertIsNone(parse_args(BASE).cross_checks_plan_s3_uri)
        uri = "s3://artifacts/glue/plans/cross_checks/abc.json"
        self.assertEqual(parse_args(BASE + ["--cross-checks-plan-s3-uri", uri]).cross_checks_plan_s3_uri, uri)
        with self.assertRaisesRegex(ArgumentError, "--cross-checks-plan-s3-uri must be an s3:// URI"):
            parse_args(BASE + ["--cross-checks-plan-s3-uri", "plans/cross_checks.json"])

    def test_equals_form(self):
        self.assertEqual(parse_args(without(BASE, "--dataset") + ["--dataset=products"]).dataset, "products")

    def test_missing_required_arguments_are_named(self):
        with self.assertRaises(ArgumentError) as err:
            parse_args(without(without(BASE, "--state-table"), "--manifest-s3-uri"))
        self.assertIn("--manifest-s3-uri", str(err.exception))
        self.assertIn("--state-table", str(err.exception))

    def test_invalid_values(self):
        with self.assertRaisesRegex(ArgumentError, "--publish-allowed"):
            parse_args(BASE + ["--publish-allowed", "maybe"])
        with self.assertRaisesRegex(ArgumentError, "--plan-s3-uri must be an s3:// URI"):
            parse_args(without(BASE, "--plan-s3-uri") + ["--plan-s3-uri", "/tmp/plan.json"])
        with self.assertRaisesRegex(ArgumentError, "--dataset is empty"):
            parse_args(without(BASE, "--dataset") + ["--dataset", ""])


class WorkflowRunPropertiesTest(unittest.TestCase):
    """In a Glue workflow the manifest is a property of the workflow run, not a job argument."""

    IN_WORKFLOW = without(BASE, "--manifest-s3-uri") + ["--WORKFLOW_NAME", "lakehouse-dev-load", "--WORKFLOW_RUN_ID", "wr_1"]

    def test_the_manifest_comes_from_the_run_properties(self):
        asked = []

        def properties(workflow, run_id):
            asked.append((workflow, run_id))
            return {"manifest-s3-uri": "s3://lake/reports/runs/run-1/manifest.json"}

        args = parse_args(self.IN_WORKFLOW, run_properties=properties)
        self.assertEqual(asked, [("lakehouse-dev-load", "wr_1")])
        self.assertEqual(args.manifest_s3_uri, "s3://lake/reports/runs/run-1/manifest.json")

    def test_an_explicit_argument_wins_and_no_properties_are_read(self):
        def properties(workflow, run_id):
            raise AssertionError("run properties read although --manifest-s3-uri was given")

        argv = BASE + ["--WORKFLOW_NAME", "lakehouse-dev-load", "--WORKFLOW_RUN_ID", "wr_1"]
        self.assertEqual(parse_args(argv, run_properties=properties).manifest_s3_uri, "s3://lake/manifests/run-1.json")

    def test_a_missing_run_property_is_named(self):
        with self.assertRaisesRegex(ArgumentError, "workflow lakehouse-dev-load run wr_1 has no run property manifest-s3-uri"):
            parse_args(self.IN_WORKFLOW, run_properties=lambda workflow, run_id: {})

    def test_outside_a_workflow_the_manifest_is_required(self):
        with self.assertRaisesRegex(ArgumentError, "--manifest-s3-uri"):
            parse_args(without(BASE, "--manifest-s3-uri"), run_properties=lambda w, r: {"manifest-s3-uri": "s3://x/y"})

    def test_run_property_values_are_checked_like_arguments(self):
        with self.assertRaisesRegex(ArgumentError, "--manifest-s3-uri must be an s3:// URI"):
            parse_args(self.IN_WORKFLOW, run_properties=lambda w, r: {"manifest-s3-uri": "/tmp/manifest.json"})


class GlueResolverTest(unittest.TestCase):
    """getResolvedOptions is called with the required names plus the optional ones present."""

    def test_uses_the_resolver_with_present_names_only(self):
        seen = {}

        def resolver(argv, names):
            seen["names"] = names
            # getResolvedOptions returns argparse dests: dashes become underscores.
            return {n.replace("-", "_"): argv[argv.index("--" + n) + 1] for n in names}

        args = parse_args(BASE + ["--database", "db"], resolver=resolver)
        self.assertIn("database", seen["names"])
        self.assertNotIn("quality-gate", seen["names"])
        self.assertIn("JOB_NAME", seen["names"])
        self.assertEqual((args.database, args.manifest_s3_uri), ("db", "s3://lake/manifests/run-1.json"))


if __name__ == "__main__":
    unittest.main()
