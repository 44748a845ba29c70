"""The write-audit-publish gate: may this run's accepted rows be merged into the table?

The decision has to be taken inside the job, between the verdicts and the publish statements:
the staged views and cached verdicts live only in this Spark session, so handing the decision
to the orchestration would mean staging every file twice. It needs the contract's QualitySpec,
taken from, in order:

1. the plan, when it carries ``quality`` ({"thresholds": {...}, "onBreach": "warn"|"block"});
   the plan format has no such field yet, the runner is ready for it;
2. ``--quality-gate`` (the same JSON, rendered by infra from the contract's ``quality``).

The metrics are docs/contracts.md "Quality", computed from the plan's ``datasetCounts`` row
exactly as libs/engine quality-metrics.ts does. ``--publish-allowed true|false`` is an explicit
decision from the caller that overrides the gate (the metrics are still reported when a spec is
known); with ``auto`` (the default) and no spec the job fails rather than guess.
"""

import json
import math
from dataclasses import dataclass
from typing import Dict, Optional

from .vocabulary import QUALITY_METRICS as METRICS


class GateError(ValueError):
    pass


def parse_quality_spec(value, where: str) -> dict:
    """Validates a QualitySpec: thresholds in [0, 1] for known metrics, onBreach warn|block."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as err:
            raise GateError(f"{where}: not valid JSON ({err})") from None
    if not isinstance(value, dict):
        raise GateError(f"{where}: expected an object with thresholds and onBreach")
    on_breach = value.get("onBreach")
    if on_breach not in ("warn", "block"):
        raise GateError(f"{where}.onBreach: expected 'warn' or 'block', got {json.dumps(on_breach)}")
    thresholds = value.get("thresholds", {})
    if not isinstance(thresholds, dict):
        raise GateError(f"{where}.thresholds: expected an object of metric -> minimum")
    for name, minimum in thresholds.items():
        if name not in METRICS:
            raise GateError(f"{where}.thresholds.{name}: unknown metric (known: {', '.join(METRICS)})")
        if isinstance(minimum, bool) or not isinstance(minimum, (int, float)) or not 0 <= minimum <= 1:
            raise GateError(f"{where}.thresholds.{name}: expected a number from 0 to 1, got {json.dumps(minimum)}")
    return {"thresholds": dict(thresholds), "onBreach": on_breach}


def _share(good: int, total: int) -> float:
    # good / total rather than 1 - bad / total, so that 97 of 100 is exactly 0.97 (as in TS).
    return 1.0 if total == 0 else good / total


def quality_metrics(counts: Dict[str, int], spec: dict) -> dict:
    """The five metrics, the 0-100 score and the breaches, from the ``datasetCounts`` row."""
    cells = counts["rows_in"] * counts["required_columns"]
    metrics = {
        "completeness": _share(cells - counts["not_null_violations"] - counts["missing_column_violations"], cells),
        "validity": _share(counts["rows_in"] - counts["invalid_rows"], counts["rows_in"]),
        "accuracy": _share(counts["typed_rows"] - counts["typed_rows_with_rule"], counts["typed_rows"]),
        "consistency": _share(counts["fk_checked_rows"] - counts["rows_fk"], counts["fk_checked_rows"]),
        "uniqueness": _share(counts["dedup_checked_rows"] - counts["rows_duplicate"], counts["dedup_checked_rows"]),
    }
    thresholds = spec["thresholds"]
    breaches = [m for m in METRICS if m in thresholds and metrics[m] < thresholds[m]]
    mean = sum(metrics.values()) / len(METRICS)
    # Math.round(mean * 10000) / 100: JavaScript rounds halves up, Python's round() to even.
    score = math.floor(mean * 10_000 + 0.5) / 100
    return {**metrics, "score": score, "passed": not breaches, "breaches": breaches}


@dataclass(frozen=True)
class GateDecision:
    publish: bool
    #: Where the decision came from: plan, argument (--quality-gate) or decision (--publish-allowed).
    source: str
    reason: str
    quality: Optional[dict]
    on_breach: Optional[str]

    def to_dict(self) -> dict:
        return {"publish": self.publish, "source": self.source, "reason": self.reason, "onBreach": self.on_breach}


def quality_spec(plan: dict, quality_gate: Optional[str]):
    """(spec, source) from the plan, else from --quality-gate, else (None, None)."""
    if plan.get("quality") is not None:
        return parse_quality_spec(plan["quality"], "plan quality"), "plan"
    if quality_gate:
        return parse_quality_spec(quality_gate, "--quality-gate"), "argument"
    return None, None


def require_gate(plan: dict, quality_gate: Optional[str], publish_allowed: str):
    """(spec, source); fails before any work when the gate could not be decided later."""
    spec, source = quality_spec(plan, quality_gate)
    if spec is None and publish_allowed not in ("true", "false"):
        raise GateError(
            "no quality gate for this dataset: the plan carries no quality spec, and neither "
            "--quality-gate nor --publish-allowed true|false was given"
        )
    return spec, source


def decide(plan: dict, counts: Dict[str, int], quality_gate: Optional[str], publish_allowed: str) -> GateDecision:
    spec, source = require_gate(plan, quality_gate, publish_allowed)
    quality = quality_metrics(counts, spec) if spec else None
    on_breach = spec["onBreach"] if spec else None
    if publish_allowed in ("true", "false"):
        allowed = publish_allowed == "true"
        return GateDecision(allowed, "decision", f"--publish-allowed {publish_allowed}", quality, on_breach)
    if quality["passed"]:
        return GateDecision(True, source, "quality thresholds met", quality, on_breach)
    breached = ", ".join(quality["breaches"])
    if on_breach == "warn":
        return GateDecision(True, source, f"thresholds breached ({breached}), onBreach warn", quality, on_breach)
    return GateDecision(False, source, f"thresholds breached ({breached}), onBreach block", quality, on_breach)
