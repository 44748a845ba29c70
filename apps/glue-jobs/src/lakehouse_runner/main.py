"""Entry point of the Glue job: one run of one dataset's compiled Spark plan.

parse args -> load plan + manifest -> read the bookmark -> stage the files -> setup + verdicts
-> write rejected rows -> gate -> publish (MERGE) -> cross-dataset checks (write the run keys a
child reads; a child runs its checks) -> commit the bookmark -> write the report.

Everything that decides a verdict is in the plan's SQL or in csv_reader; this module is I/O.
Any failure raises, so Glue marks the job run FAILED with the error message.
"""

import json
import os
import sys
import tempfile
from typing import Callable, Dict, List, Optional

from . import aws, bookmark, cross_checks, gate, outputs, plan_runner, staging
# DELTA_CONFS: the Spark confs Delta needs besides --datalake-formats delta; infra passes the same
# ones as the jobs' --conf (they must be set before the SparkContext starts) and the session is
# checked for them below.
from .args import DELTA_CONFS, RunnerArgs, parse_args
from .csv_reader import StagedFile
from .manifest import Manifest, parse_manifest
from .vocabulary import DATASET_JOB_OUTCOME, FILE_READ_STATUS

def log(message: str) -> None:
    print(f"[lakehouse-runner] {message}", flush=True)


def glue_spark_session():
    """The Glue Spark session with the Delta confs, checked (a pre-existing context ignores conf)."""
    from awsglue.context import GlueContext
    from pyspark import SparkConf
    from pyspark.context import SparkContext

    conf = SparkConf()
    for key, value in DELTA_CONFS.items():
        conf.set(key, value)
    spark = GlueContext(SparkContext.getOrCreate(conf)).spark_session
    for key, value in DELTA_CONFS.items():
        actual = spark.conf.get(key, "")
        if value not in actual:
            raise RuntimeError(f"Spark conf {key} is {actual!r}, Delta needs {value!r}: pass --datalake-formats delta and --conf {key}={value}")
    return spark


def malformed_copy_uris(prefix: str, dataset: str, run_id: str, staged: List[StagedFile]) -> Dict[int, str]:
    """Where MALFORMED_FILE files are kept whole: rejected/<dataset>/<runId>/<file name>."""
    names = [s.key.rsplit("/", 1)[-1] for s in staged]
    return {
        s.seq: aws.join_uri(prefix, dataset, run_id, name if names.count(name) == 1 else f"{s.seq}-{name}")
        for s, name in zip(staged, names)
    }


class DatasetRun:
    """The I/O of one dataset plan: provides the inputs, audits the verdicts, then takes its part
    in the cross-dataset checks."""

    def __init__(
        self,
        spark,
        s3,
        args: RunnerArgs,
        plan: dict,
        manifest: Manifest,
        checks: Optional[cross_checks.DatasetChecks] = None,
        published_of: Optional[Callable[[str], bool]] = None,
    ):
        self.spark, self.s3, self.args, self.plan, self.manifest = spark, s3, args, plan, manifest
        self.checks = checks
        self.published_of = published_of or self.reported_published
        self.layout = plan_runner.staged_layout(plan)
        self.staged: Dict[int, StagedFile] = {}
        self.rdd = None
        self.report: dict = {}

    def reported_published(self, dataset: str) -> bool:
        """Whether another dataset's job published in this run, from its report (written before
        the workflow starts this job: the report is its job's last act)."""
        uri = outputs.report_uri(self.args.reports_prefix, self.manifest.run_id, dataset)
        return parse_published(aws.get_bytes(self.s3, uri), uri)

    def cross_check(self, published: bool) -> List[dict]:
        """After the publish: writes the run keys a child's check reads, and runs this dataset's
        own checks. Nothing when the dataset did not publish (blocked, audit only)."""
        if not published or self.checks is None:
            return []
        run_keys_of = lambda dataset: cross_checks.run_keys_uri(self.args.reports_prefix, self.manifest.run_id, dataset)  # noqa: E731
        if self.checks.writes_run_keys:
            cross_checks.write_run_keys(self.spark, self.checks, run_keys_of(self.args.dataset))
            log(f"run keys {self.checks.own_run_keys} written to {run_keys_of(self.args.dataset)}")
        results = cross_checks.run_checks(self.spark, self.checks, self.published_of, run_keys_of, log)
        for r in results:
            log(f"cross-check {r['name']}: {r['violations']} of {r['checked']} violate")
        return results

    def provide_inputs(self) -> None:
        files = self.manifest.files(self.args.dataset)
        self.staged, self.rdd = staging.stage(self.spark, self.layout, files, self.manifest.run_start_micros)
        log(f"staged {len(files)} file(s), {sum(s.rows for s in self.staged.values())} row(s)")

    def audit(self) -> bool:
        spark, plan, args, run_id = self.spark, self.plan, self.args, self.manifest.run_id
        counts = {k: int(v) for k, v in spark.table(plan_runner.relation(plan, "datasetCounts")["name"]).collect()[0].asDict().items()}
        file_counts = plan_runner.relation(plan, "fileCounts")["name"]
        file_rows = [r.asDict() for r in spark.sql(f"SELECT * FROM {file_counts} ORDER BY _file_seq").collect()]

        rejected_uri = aws.join_uri(args.rejected_prefix, args.dataset, f"{run_id}.jsonl")
        rejected = plan_runner.relation(plan, "rejectedRows")["name"]
        rows = (r.asDict() for r in spark.sql(f"SELECT * FROM {rejected} ORDER BY _file_seq, _row").toLocalIterator())
        # Streamed through a local file: the rejected rows never have to fit in driver memory.
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".jsonl", delete=False) as out:
            path = out.name
            written = outputs.write_rejected(rows, self.staged, self.layout.contract_columns, out)
        try:
            if written:  # as locally: the file exists only when there is a rejected row
                aws.upload_file(self.s3, path, rejected_uri, "application/x-ndjson")
        finally:
            os.unlink(path)

        malformed = [s for s in sorted(self.staged.values(), key=lambda s: s.seq) if s.read_status == FILE_READ_STATUS.MALFORMED_FILE]
        copies = malformed_copy_uris(args.rejected_prefix, args.dataset, run_id, malformed)
        for s in malformed:
            source = self.manifest.files(args.dataset)[s.seq - 1]
            aws.copy(self.s3, source.uri, copies[s.seq], source.version_id)

        # Plans compiled before column profiles existed have no such relation: report none.
        profile = plan_runner.relations(plan, "columnProfile")
        profile_row = spark.table(profile[0]["name"]).collect()[0].asDict() if profile else {}

        decision = gate.decide(plan, counts, args.quality_gate, args.publish_allowed)
        log(f"{counts['rows_in']} row(s) in, {counts['accepted']} accepted, {counts['rejected']} rejected; gate: {decision.reason}")
        self.report = dict(
            counts=counts,
            file_rows=file_rows,
            staged_files=self.staged,
            gate=decision.to_dict(),
            quality=decision.quality,
            rejected_uri=rejected_uri if written else None,
            rejected_rows=written,
            malformed_copies=[copies[s.seq] for s in malformed],
            column_profile=outputs.column_profile(self.layout.contract_columns, profile_row) if profile_row else [],
            max_reject_ratio=plan["maxRejectRatio"],
        )
        return decision.publish


def parse_published(data: bytes, uri: str) -> bool:
    """The ``published`` flag of a dataset report; a report without one is an error naming it."""
    try:
        value = json.loads(data.decode("utf-8")).get("published")
    except (ValueError, AttributeError) as err:
        raise RuntimeError(f"{uri}: not a dataset report ({err})") from None
    if not isinstance(value, bool):
        raise RuntimeError(f"{uri}: not a dataset report: published must be true or false, got {json.dumps(value)}")
    return value


def main(argv: Optional[List[str]] = None, spark_session=glue_spark_session) -> int:
    args = parse_args(list(sys.argv if argv is None else argv))
    s3, dynamodb = aws.client("s3"), aws.client("dynamodb")
    plan = plan_runner.load_plan(aws.get_bytes(s3, args.plan_s3_uri).decode("utf-8"), args.dataset)
    if args.table_location:
        plan_runner.check_table_location(plan, args.table_location)
    checks = None
    if args.cross_checks_plan_s3_uri and plan["kind"] == "dataset":
        checks = cross_checks.for_dataset(cross_checks.load(aws.get_bytes(s3, args.cross_checks_plan_s3_uri).decode("utf-8")), args.dataset)
    manifest = parse_manifest(aws.get_bytes(s3, args.manifest_s3_uri).decode("utf-8"))
    run_id, dataset = manifest.run_id, args.dataset
    report_uri = outputs.report_uri(args.reports_prefix, run_id, dataset)
    log(f"job {args.job_name}: {plan['kind']} plan {dataset}, run {run_id}")

    current = bookmark.read_bookmark(dynamodb, args.state_table, args.job_name)
    if current.last_run_id == run_id:
        # A retry after the commit (at-least-once orchestration): the work is done.
        log(f"bookmark version {current.version} already records run {run_id}: nothing to do")
        return 0
    files = manifest.files(dataset)
    if plan["kind"] == "dataset" and not files:
        report = outputs.dataset_report(run_id=run_id, dataset=dataset, job=args.job_name, status=DATASET_JOB_OUTCOME.NOTHING_TO_DO)
        aws.put_bytes(s3, report_uri, outputs.report_json(report), "application/json")
        log("no file for this dataset in the run: nothing to do")
        return 0
    if plan["kind"] == "dataset":
        gate.require_gate(plan, args.quality_gate, args.publish_allowed)  # fail before Spark starts

    spark = spark_session()
    if args.database:
        spark.catalog.setCurrentDatabase(args.database)
    if plan["kind"] == "curated":
        published = plan_runner.execute(spark, plan, lambda: None, lambda: True, log)
        details: dict = {}
        status = DATASET_JOB_OUTCOME.REBUILT
    else:
        run = DatasetRun(spark, s3, args, plan, manifest, checks)
        try:
            published = plan_runner.execute(spark, plan, run.provide_inputs, run.audit, log)
            # Before the bookmark commit: a job retried after a failure here runs the checks again.
            details = {**run.report, "cross_checks": run.cross_check(published)}
        finally:
            if run.rdd is not None:
                run.rdd.unpersist()
        status = DATASET_JOB_OUTCOME.PUBLISHED if published else (DATASET_JOB_OUTCOME.AUDITED if args.publish_allowed == "false" else DATASET_JOB_OUTCOME.BLOCKED)

    version = None
    if published:
        committed = bookmark.commit_bookmark(
            dynamodb, args.state_table, args.job_name, current.version, run_id, [f.bookmark_id for f in files]
        )
        version = committed.version
        log(f"bookmark {args.job_name} committed at version {version}")
    report = outputs.dataset_report(
        run_id=run_id, dataset=dataset, job=args.job_name, status=status, published=published, bookmark_version=version, **details
    )
    aws.put_bytes(s3, report_uri, outputs.report_json(report), "application/json")
    log(f"{dataset}: {status}; report {report_uri}")
    return 0
