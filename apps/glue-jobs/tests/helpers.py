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


class RecordingConf:
    """A session's conf: values by name; names in ``static`` refuse to change, as Spark's static confs do."""

    def __init__(self, values=None, static=()):
        self.values = dict(values or {})
        self.static = set(static)

    def set(self, name, value):
        if name in self.static:
            raise RuntimeError(f'[CANNOT_MODIFY_CONFIG] Cannot modify the value of the static Spark config: "{name}".')
        self.values[name] = value

    def get(self, name, default=None):
        return self.values.get(name, default)


class Row(dict):
    """A collected row: pyspark's Row gives its fields, in order, with ``asDict``."""

    def asDict(self):
        return dict(self)


class RecordingSpark:
    """Records what it is asked to do, in order: SQL text, ``checkpoint <view>`` when a view is
    replaced by a checkpointed copy, ``write parquet <uri> from <view> (<mode>)`` and ``read
    parquet <uri> as <view>``; fails on a statement containing ``fail_on``. ``rows`` gives what
    collecting a view returns.

    Only for the ordering and phase logic of the runner: it executes nothing.
    """

    def __init__(self, fail_on=None, conf=None, rows=None):
        self.calls = []
        self.fail_on = fail_on
        self.conf = conf or RecordingConf()
        self.rows = rows or {}

    @property
    def read(self):
        spark = self

        class Reader:
            def parquet(self, uri):
                class Frame:
                    def createOrReplaceTempView(self, view):
                        spark.calls.append(f"read parquet {uri} as {view}")

                return Frame()

        return Reader()

    def sql(self, text):
        self.calls.append(text)
        if self.fail_on and self.fail_on in text:
            raise RuntimeError("[TABLE_OR_VIEW_NOT_FOUND] simulated failure")
        return None

    def table(self, name):
        spark = self

        class Frame:
            def localCheckpoint(self, eager):
                assert eager, "the checkpoint must be computed before the MERGE reads it"
                return self

            def createOrReplaceTempView(self, view):
                spark.calls.append(f"checkpoint {view}" if view == name else f"view {view} from {name}")

            def collect(self):
                return [Row(r) for r in spark.rows[name]]

            @property
            def write(self):
                class Writer:
                    def mode(self, mode):
                        self.saving = mode
                        return self

                    def parquet(self, uri):
                        spark.calls.append(f"write parquet {uri} from {name} ({self.saving})")

                return Writer()

        return Frame()
