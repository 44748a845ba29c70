"""Loading the compiled plan (libs/engine/src/plan.ts) and running its statements by phase.

The runner adds no SQL of its own: every verdict comes from the plan. This module only checks
that the plan has the shape the runner was written for (so that a format change fails loudly
here, not as a confusing Spark error), finds the relations by role, and runs the statements in
plan order, one phase at a time, with the gate between verdicts and publish.
"""

import json
import time
from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple

PHASES = ("setup", "verdicts", "publish")
#: The plans a job runs as its own; a cross-checks plan is loaded beside a dataset plan (cross_checks.py).
JOB_KINDS = ("dataset", "curated")

#: Columns of ``stagedRows`` the runner fills itself (plan.ts STAGED_ROW_META); every other
#: column of the relation is a contract column, as STRING.
STAGED_ROW_META = {"_file_seq": "INT", "_row": "INT", "_fields_ok": "BOOLEAN", "_cells": "STRING"}
STAGED_FILES_COLUMNS = (("_file_seq", "INT"), ("_source_file", "STRING"), ("_read_status", "STRING"), ("_missing_codes", "STRING"))
RUN_PARAMETERS_COLUMNS = (("run_start", "TIMESTAMP"),)


class PlanError(ValueError):
    """The plan is not one this runner can execute."""


class SessionSettingError(RuntimeError):
    """The Spark session does not hold a setting the plan relies on (and could not be made to)."""


class PlanStatementError(RuntimeError):
    """A statement failed in Spark; names the statement so the log points at the plan."""

    def __init__(self, name: str, phase: str, cause: BaseException):
        super().__init__(f"plan statement {name} ({phase}) failed: {cause}")
        self.statement = name
        self.phase = phase


def load_plan(text: str, dataset: Optional[str] = None, kinds: Sequence[str] = JOB_KINDS) -> dict:
    """Parses a compiled plan of one of ``kinds`` and checks what the runner relies on."""
    try:
        plan = json.loads(text)
    except ValueError as err:
        raise PlanError(f"plan: not valid JSON ({err})") from None
    if not isinstance(plan, dict):
        raise PlanError("plan: expected a JSON object")
    if plan.get("formatVersion") != 1:
        raise PlanError(f"plan formatVersion: this runner reads format 1, got {json.dumps(plan.get('formatVersion'))}")
    if plan.get("dialect") != "spark":
        raise PlanError(f"plan dialect: expected 'spark', got {json.dumps(plan.get('dialect'))} (compile the plan with dialect 'spark')")
    if plan.get("kind") not in kinds:
        raise PlanError(f"plan kind: expected one of {', '.join(kinds)}, got {json.dumps(plan.get('kind'))}")
    if dataset is not None and plan.get("dataset") != dataset:
        raise PlanError(f"plan dataset: the job runs {dataset!r} but the plan computes {plan.get('dataset')!r}")
    for field in ("inputs", "outputs", "statements"):
        if not isinstance(plan.get(field), list):
            raise PlanError(f"plan {field}: expected a list")
    settings = plan.get("sessionSettings")
    if not isinstance(settings, dict) or not all(isinstance(v, str) for v in settings.values()):
        raise PlanError("plan sessionSettings: expected an object of Spark conf -> value")
    seen = set()
    for i, s in enumerate(plan["statements"]):
        where = f"plan statements[{i}]"
        if not isinstance(s, dict) or not isinstance(s.get("name"), str) or not s["name"]:
            raise PlanError(f"{where}: expected an object with a name")
        if s["name"] in seen:
            raise PlanError(f"{where}: statement name {s['name']!r} is used twice")
        seen.add(s["name"])
        if s.get("phase") not in PHASES:
            raise PlanError(f"{where} ({s['name']}): phase must be one of {', '.join(PHASES)}, got {json.dumps(s.get('phase'))}")
        if not isinstance(s.get("sql"), str) or not s["sql"].strip():
            raise PlanError(f"{where} ({s['name']}): sql must be a non-empty string")
    if plan["kind"] == "dataset":
        ratio = plan.get("maxRejectRatio")
        if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not 0 <= ratio <= 1:
            raise PlanError(f"plan maxRejectRatio: a dataset plan needs a number from 0 to 1, got {json.dumps(ratio)}")
    for i, r in enumerate(plan["inputs"] + plan["outputs"]):
        if not isinstance(r, dict) or not all(isinstance(r.get(k), str) for k in ("name", "role")) or not isinstance(r.get("columns"), list):
            raise PlanError(f"plan relation {i}: expected an object with name, role and columns")
    return plan


def relations(plan: dict, role: str) -> List[dict]:
    return [r for r in plan["inputs"] + plan["outputs"] if r["role"] == role]


def relation(plan: dict, role: str) -> dict:
    """The one relation of ``role``."""
    found = relations(plan, role)
    if len(found) != 1:
        raise PlanError(f"plan: expected exactly one {role} relation, found {len(found)}")
    return found[0]


def columns_of(rel: dict) -> List[Tuple[str, str]]:
    return [(c["name"], c["type"]) for c in rel["columns"]]


@dataclass(frozen=True)
class StagedLayout:
    """What staging must produce for a dataset plan, read from the plan itself."""

    rows_relation: str
    files_relation: str
    run_parameters: str
    #: Every column of stagedRows in plan order: (name, SQL type).
    row_columns: Tuple[Tuple[str, str], ...]
    #: The contract columns, in contract order.
    contract_columns: Tuple[str, ...]
    #: Required contract columns (a missing one rejects the file: MISSING_COLUMN).
    required: Tuple[str, ...]


def staged_layout(plan: dict) -> StagedLayout:
    """The staging relations of a dataset plan.

    Required columns are not marked in ``stagedRows`` (all its contract columns are nullable
    text), so they are read from the ``table`` relation: a contract column is NOT NULL in the
    stored table exactly when it is required (libs/engine relations.ts tableColumns).
    """
    rows = relation(plan, "stagedRows")
    files = relation(plan, "stagedFiles")
    params = relation(plan, "runParameters")
    row_columns = columns_of(rows)
    names = [n for n, _ in row_columns]
    for meta, sql_type in STAGED_ROW_META.items():
        if (meta, sql_type) not in row_columns:
            raise PlanError(f"plan {rows['name']}: expected column {meta} {sql_type}")
    contract = [(n, t) for n, t in row_columns if n not in STAGED_ROW_META]
    odd = [f"{n} {t}" for n, t in contract if t != "STRING"]
    if odd or not contract:
        raise PlanError(f"plan {rows['name']}: contract columns must be STRING, got {', '.join(odd) or 'none'}")
    if len(set(names)) != len(names):
        raise PlanError(f"plan {rows['name']}: a column appears twice")
    if tuple(columns_of(files)) != STAGED_FILES_COLUMNS:
        raise PlanError(f"plan {files['name']}: expected columns {', '.join(n for n, _ in STAGED_FILES_COLUMNS)}")
    if tuple(columns_of(params)) != RUN_PARAMETERS_COLUMNS:
        raise PlanError(f"plan {params['name']}: expected the one column run_start TIMESTAMP")
    table = relation(plan, "table")
    not_null = {c["name"] for c in table["columns"] if c.get("nullable") is False}
    contract_names = tuple(n for n, _ in contract)
    return StagedLayout(
        rows_relation=rows["name"],
        files_relation=files["name"],
        run_parameters=params["name"],
        row_columns=tuple(row_columns),
        contract_columns=contract_names,
        required=tuple(n for n in contract_names if n in not_null),
    )


def spark_string(value: str) -> str:
    """A Spark SQL string literal, escaped as libs/engine sparkDialect.string."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def check_table_location(plan: dict, location: str) -> None:
    """Fails when the plan writes its table somewhere else than ``--table-location``.

    The location is compiled into the plan (``CREATE TABLE … LOCATION``); a plan compiled for
    another bucket or environment must not run here.
    """
    own = relation(plan, "table" if plan["kind"] == "dataset" else "curatedTable")["name"]
    sqls = [s["sql"] for s in plan["statements"] if own in s.get("outputs", []) and "LOCATION" in s["sql"]]
    if not any(f"LOCATION {spark_string(location)}" in sql for sql in sqls):
        raise PlanError(f"plan: the table {own} is not created at --table-location {location} (compiled for another location?)")


def statements(plan: dict, phase: str) -> List[dict]:
    """The statements of a phase, in plan order."""
    return [s for s in plan["statements"] if s["phase"] == phase]


def run_statement(spark, statement: dict, log: Callable[[str], None] = print) -> None:
    """Runs one statement with ``spark.sql``; a failure names it."""
    started = time.monotonic()
    try:
        spark.sql(statement["sql"])
    except Exception as err:  # Spark raises AnalysisException, Py4JJavaError, ...
        raise PlanStatementError(statement["name"], statement["phase"], err) from err
    log(f"{statement['name']} ({statement['phase']}) done in {time.monotonic() - started:.1f}s")


def run_phase(spark, plan: dict, phase: str, log: Callable[[str], None] = print) -> None:
    """Runs a phase's statements one by one with ``spark.sql``, in plan order."""
    for s in statements(plan, phase):
        run_statement(spark, s, log)


def apply_session_settings(spark, settings: dict) -> None:
    """Sets each session setting the plan relies on, then checks that it holds.

    The settings are named once, in libs/engine's dialect, and carried by the plan: the time zone,
    non-ANSI semantics and ``escapedStringLiterals = false`` (with true, every ``\\z`` of the typing
    guards changes meaning and every typed cell would be TYPE:). A setting the session refuses to
    change (a static conf, or one pinned otherwise) fails the job before any statement.
    """
    for name, value in settings.items():
        refused = None
        try:
            spark.conf.set(name, value)
        except Exception as err:  # Spark refuses to change a static conf at runtime
            refused = err
        actual = spark.conf.get(name, None)
        if str(actual).lower() != str(value).lower():
            why = f" (setting it failed: {refused})" if refused else ""
            raise SessionSettingError(f"Spark conf {name} is {actual!r}, the plan needs {value!r}{why}: pass --conf {name}={value}")


def detach_from_target(spark, plan: dict) -> None:
    """Replaces the acceptedRows and runKeys views by checkpointed copies before the MERGE: its
    source then has no lineage to its target table (Delta's MERGE reading its own target,
    delta-io/delta#3099, cannot arise), and the run keys the cross-dataset checks read after the
    publish stay this run's accepted rows (the MERGE refreshes cached plans that read its target)."""
    for role in ("acceptedRows", "runKeys"):
        for rel in relations(plan, role):
            spark.table(rel["name"]).localCheckpoint(eager=True).createOrReplaceTempView(rel["name"])


def execute(
    spark,
    plan: dict,
    provide_inputs: Callable[[], None],
    audit: Callable[[], bool],
    log: Callable[[str], None] = print,
) -> bool:
    """The plan's order (plan.ts): session settings, inputs, setup, verdicts, audit, and publish
    only if allowed, from a checkpointed accepted set.

    ``audit`` reads the verdict outputs, writes them out and returns whether the quality gate
    lets the dataset publish. Returns whether the publish statements ran.
    """
    apply_session_settings(spark, plan["sessionSettings"])
    provide_inputs()
    for phase in ("setup", "verdicts"):
        run_phase(spark, plan, phase, log)
    if not audit():
        log(f"{plan['dataset']}: not published (quality gate)")
        return False
    detach_from_target(spark, plan)
    run_phase(spark, plan, "publish", log)
    return True

