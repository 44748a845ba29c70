"""The job arguments.

Glue passes job parameters as ``--name value`` pairs in ``sys.argv`` together with its own
(``--JOB_NAME``, ``--TempDir``, ``--job-bookmark-option``, ...). In Glue the required names are
resolved with ``awsglue.utils.getResolvedOptions`` (the documented way); anywhere else, and for
the unit tests, argparse reads the same argv. Optional names are looked up only when present,
because getResolvedOptions treats every name it is given as required.

The names come from ``job_arguments.json``, generated from the orchestration library's single
definition (libs/orchestration/src/job-arguments.ts). A run-scoped argument (the manifest) is a
property of the Glue workflow run rather than a job argument: when it is absent from argv and the
job was started by a workflow (``--WORKFLOW_NAME``, ``--WORKFLOW_RUN_ID``), it is read from the
run's properties.
"""

import argparse
import json
import pkgutil
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence

_SPEC = json.loads(pkgutil.get_data(__package__, "job_arguments.json").decode("utf-8"))
_ARGUMENTS = _SPEC["arguments"]
REQUIRED = tuple(a["name"] for a in _ARGUMENTS if a["required"])
OPTIONAL = tuple(a["name"] for a in _ARGUMENTS if not a["required"]) + ("JOB_NAME",)
S3_URIS = tuple(a["name"] for a in _ARGUMENTS if a["kind"] == "s3-uri")
RUN_SCOPED = tuple(a["name"] for a in _ARGUMENTS if a["scope"] == "run")
PUBLISH_ALLOWED = tuple(next(a for a in _ARGUMENTS if a["name"] == "publish-allowed")["choices"])
WORKFLOW_NAME, WORKFLOW_RUN_ID = _SPEC["workflowRunArguments"]
DELTA_CONFS = dict(_SPEC["deltaSparkConfs"])


class ArgumentError(ValueError):
    pass


@dataclass(frozen=True)
class RunnerArgs:
    dataset: str
    plan_s3_uri: str
    manifest_s3_uri: str
    rejected_prefix: str
    reports_prefix: str
    state_table: str
    #: The bookmark's job name (the logical job, e.g. ``lakehouse-orders``).
    job_name: str
    database: Optional[str] = None
    table_location: Optional[str] = None
    #: JSON of the contract's QualitySpec: {"thresholds": {...}, "onBreach": "warn"|"block"}.
    quality_gate: Optional[str] = None
    #: The compiled cross-checks plan, for a job that runs a check or writes run keys one reads.
    cross_checks_plan_s3_uri: Optional[str] = None
    #: auto: decide from the quality gate; true/false: an explicit decision from the caller.
    publish_allowed: str = "auto"
    #: Glue's own job name (``--JOB_NAME``), for Job.init.
    glue_job_name: Optional[str] = None


Resolver = Callable[[Sequence[str], List[str]], Dict[str, str]]
#: (workflow name, workflow run id) -> the run's properties.
RunProperties = Callable[[str, str], Dict[str, str]]


def glue_resolver() -> Optional[Resolver]:
    """awsglue's getResolvedOptions, or None outside Glue."""
    try:
        from awsglue.utils import getResolvedOptions  # only exists in the Glue runtime
    except ImportError:
        return None
    return getResolvedOptions


def glue_run_properties(workflow_name: str, run_id: str) -> Dict[str, str]:
    """The properties of a Glue workflow run (the state machine sets them when it starts the run)."""
    from . import aws

    return aws.client("glue").get_workflow_run_properties(Name=workflow_name, RunId=run_id)["RunProperties"]


def _present(argv: Sequence[str], name: str) -> bool:
    flag = f"--{name}"
    return any(a == flag or a.startswith(flag + "=") for a in argv)


def _argparse_resolver(argv: Sequence[str], names: List[str]) -> Dict[str, str]:
    # Same contract as getResolvedOptions: argv[0] is the script, every name given is
    # required, unknown arguments (Glue's own) are ignored, keys come back with underscores.
    parser = argparse.ArgumentParser(prog="lakehouse_runner", add_help=False, allow_abbrev=False)
    for name in names:
        parser.add_argument(f"--{name}", required=True)
    try:
        parsed, _unknown = parser.parse_known_args(list(argv[1:]))
    except SystemExit:
        missing = [n for n in names if not _present(argv, n)]
        raise ArgumentError(f"missing or invalid job arguments: {', '.join('--' + n for n in missing) or '(see above)'}") from None
    return vars(parsed)


def parse_args(
    argv: Sequence[str], resolver: Optional[Resolver] = None, run_properties: Optional[RunProperties] = None
) -> RunnerArgs:
    """Parses ``argv`` (``sys.argv``: the script first). Raises ArgumentError naming what is wrong."""
    in_workflow = _present(argv, WORKFLOW_NAME) and _present(argv, WORKFLOW_RUN_ID)
    from_run = [n for n in RUN_SCOPED if not _present(argv, n)] if in_workflow else []
    missing = [n for n in REQUIRED if not _present(argv, n) and n not in from_run]
    if missing:
        raise ArgumentError(f"missing job arguments: {', '.join('--' + n for n in missing)}")
    names = [n for n in REQUIRED if n not in from_run] + [n for n in OPTIONAL if _present(argv, n)]
    if from_run:
        names += [WORKFLOW_NAME, WORKFLOW_RUN_ID]
    values = (resolver or glue_resolver() or _argparse_resolver)(argv, names)
    if from_run:
        workflow, run_id = values[WORKFLOW_NAME], values[WORKFLOW_RUN_ID]
        properties = (run_properties or glue_run_properties)(workflow, run_id)
        absent = [n for n in from_run if not properties.get(n)]
        if absent:
            raise ArgumentError(
                f"workflow {workflow} run {run_id} has no run propert{'ies' if len(absent) > 1 else 'y'} "
                + ", ".join(absent)
            )
        values = {**values, **{n: properties[n] for n in from_run}}

    def get(name: str) -> Optional[str]:
        value = values.get(name, values.get(name.replace("-", "_")))
        return None if value is None else str(value)

    for name in REQUIRED:
        if not get(name):
            raise ArgumentError(f"job argument --{name} is empty")
    publish_allowed = (get("publish-allowed") or "auto").lower()
    if publish_allowed not in PUBLISH_ALLOWED:
        raise ArgumentError(f"--publish-allowed must be one of {', '.join(PUBLISH_ALLOWED)} (got {publish_allowed!r})")
    for name in S3_URIS:
        if get(name) is not None and not get(name).startswith("s3://"):
            raise ArgumentError(f"--{name} must be an s3:// URI (got {get(name)!r})")
    return RunnerArgs(
        dataset=get("dataset"),
        plan_s3_uri=get("plan-s3-uri"),
        manifest_s3_uri=get("manifest-s3-uri"),
        rejected_prefix=get("rejected-prefix"),
        reports_prefix=get("reports-prefix"),
        state_table=get("state-table"),
        job_name=get("job-name"),
        database=get("database") or None,
        table_location=get("table-location") or None,
        quality_gate=get("quality-gate") or None,
        cross_checks_plan_s3_uri=get("cross-checks-plan-s3-uri") or None,
        publish_allowed=publish_allowed,
        glue_job_name=get("JOB_NAME") or None,
    )
