"""The cross-dataset checks in the dataset jobs (the cross-checks plan of libs/engine).

The DuckDB executor runs the cross-checks plan in the run's one session. On Glue every dataset job
has its own Spark session, so the plan is split by dataset, from the plan alone:

- a check belongs to the dataset its output relations name (the child); the child's job runs the
  check's statements after it published;
- a dataset whose run keys (``<ds>__run_keys``, role ``runKeys``) a check of another dataset reads
  (a parent, for ``parentHasChildren``) writes them as Parquet under the run's prefix after it
  published; the child reads them back into a view of the same name;
- a statement runs only when every run-keys relation it reads is provided, i.e. its dataset took
  part in the run and published (as in the DuckDB executor); the other checks are skipped.

The results have the shape the DuckDB executor gives (CrossDatasetCheck of libs/contracts):
``name``, ``description``, ``checked``, ``violations``, ``examples``.
"""

import datetime
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple

from . import aws
from .plan_runner import apply_session_settings, load_plan, run_phase, run_statement, statements

RUN_KEYS = "runKeys"
COUNTS = "crossCheckCounts"
EXAMPLES = "crossCheckExamples"
# The relation names of one check's results (libs/engine cross-checks-sql.ts crossCheckRelationNames):
# the check's name is the counts relation's name after its prefix.
COUNTS_PREFIX = "cross_check__"
EXAMPLES_PREFIX = "cross_check_examples__"


def load(text: str) -> dict:
    return load_plan(text, kinds=("crossChecks",))


def run_keys_uri(reports_prefix: str, run_id: str, dataset: str) -> str:
    """Where a dataset's run keys are written (libs/storage ``runKeys``): ``<runId>/run-keys/<dataset>``."""
    return aws.join_uri(reports_prefix, run_id, "run-keys", dataset)


@dataclass(frozen=True)
class DatasetChecks:
    """The part of the cross-checks plan one dataset's job runs."""

    plan: dict
    dataset: str
    #: Its own run-keys relation, if a check reads it.
    own_run_keys: Optional[str]
    #: Whether a check of another dataset reads its run keys: it writes them for that job.
    writes_run_keys: bool
    #: The statements of its own checks, in plan order.
    statements: Tuple[dict, ...]
    #: (relation, dataset) of the other datasets' run keys its statements read.
    parent_run_keys: Tuple[Tuple[str, str], ...]


def for_dataset(plan: dict, dataset: str) -> DatasetChecks:
    owner = {r["name"]: r.get("dataset") for r in plan["outputs"]}
    run_keys = {r["name"]: r["dataset"] for r in plan["inputs"] if r["role"] == RUN_KEYS}
    verdicts = statements(plan, "verdicts")
    mine = [s for s in verdicts if any(owner.get(o) == dataset for o in s["outputs"])]
    own = next((name for name, ds in run_keys.items() if ds == dataset), None)
    read_by_others = {i for s in verdicts if s not in mine for i in s["inputs"]}
    parents: Dict[str, str] = {}
    for s in mine:
        for i in s["inputs"]:
            if i in run_keys and run_keys[i] != dataset:
                parents[i] = run_keys[i]
    return DatasetChecks(
        plan=plan,
        dataset=dataset,
        own_run_keys=own,
        writes_run_keys=own is not None and own in read_by_others,
        statements=tuple(mine),
        parent_run_keys=tuple(parents.items()),
    )


def write_run_keys(spark, checks: DatasetChecks, uri: str) -> None:
    """The dataset's run keys as Parquet; overwrite, so that a retried job replaces them."""
    spark.table(checks.own_run_keys).write.mode("overwrite").parquet(uri)


def run_checks(
    spark,
    checks: DatasetChecks,
    published: Callable[[str], bool],
    run_keys_of: Callable[[str], str],
    log: Callable[[str], None] = print,
) -> List[dict]:
    """Runs the dataset's checks after it published; returns their results in plan order.

    ``published(dataset)``: whether that dataset's job published in this run (its report says so);
    ``run_keys_of(dataset)``: where its run keys were written.
    """
    if not checks.statements:
        return []
    plan = checks.plan
    apply_session_settings(spark, plan["sessionSettings"])
    run_phase(spark, plan, "setup", log)
    provided = {checks.own_run_keys}
    for relation, dataset in checks.parent_run_keys:
        if published(dataset):
            spark.read.parquet(run_keys_of(dataset)).createOrReplaceTempView(relation)
            provided.add(relation)
        else:
            log(f"{dataset} did not publish in this run: the checks reading {relation} are skipped")
    run_keys = {r["name"] for r in plan["inputs"] if r["role"] == RUN_KEYS}
    computed = set()
    for s in checks.statements:
        if any(i in run_keys and i not in provided for i in s["inputs"]):
            continue
        run_statement(spark, s, log)
        computed.update(s["outputs"])
    results = []
    for r in plan["outputs"]:
        if r["role"] != COUNTS or r.get("dataset") != checks.dataset or r["name"] not in computed:
            continue
        name = r["name"][len(COUNTS_PREFIX):]
        counts = spark.table(r["name"]).collect()[0].asDict()
        examples = [row.asDict() for row in spark.table(EXAMPLES_PREFIX + name).collect()]
        results.append(check_result(name, r.get("description", ""), counts, examples))
    return results


def _json_value(value):
    # DuckDB's JSON rows write dates and timestamps as text; Spark's Row holds Python objects.
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def check_result(name: str, description: str, counts: dict, examples: List[dict]) -> dict:
    """One check's entry, as the DuckDB executor reads its counts and examples views."""
    return {
        "name": name,
        "description": description,
        "checked": int(counts["checked"]),
        "violations": int(counts["violations"]),
        "examples": [{k: _json_value(v) for k, v in e.items()} for e in examples],
    }
