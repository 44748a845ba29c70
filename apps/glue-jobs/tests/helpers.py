"""Shared test helpers: the package on sys.path, the plan fixtures, a recording spark.sql."""

import os
import sys

TESTS = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(TESTS)
SRC = os.path.join(PROJECT, "src")


def src_on_path() -> None:
    if SRC not in sys.path:
        sys.path.insert(0, SRC)


def fixture_text(name: str) -> str:
    """A compiled Spark plan from libs/engine (see README "Plan fixtures")."""
    with open(os.path.join(TESTS, "fixtures", name), encoding="utf-8") as f:
        return f.read()


class RecordingSpark:
    """Records the SQL it is given, in order; fails on a statement containing ``fail_on``.

    Only for the ordering and phase logic of plan_runner: it executes nothing.
    """

    def __init__(self, fail_on=None):
        self.calls = []
        self.fail_on = fail_on

    def sql(self, text):
        self.calls.append(text)
        if self.fail_on and self.fail_on in text:
            raise RuntimeError("[TABLE_OR_VIEW_NOT_FOUND] simulated failure")
        return None
