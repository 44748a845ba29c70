"""Spark side of staging: the plan's input relations as temporary views.

One Spark task per file reads the object from S3 (boto3, pinned to the manifest's version or
eTag) and parses it with csv_reader, which holds all the reading semantics. A file is read
whole: a parse failure anywhere makes the whole file MALFORMED_FILE with no rows, so rows
cannot be emitted before the end of the file anyway. The parsed RDD is persisted so each file
is fetched and parsed once, although both the file facts (collected to the driver: a few per
file) and the rows (left distributed) come out of it.

Only runs in Glue (pyspark is imported lazily); nothing here decides anything.
"""

from typing import Dict, List, Sequence, Tuple

from . import aws
from .csv_reader import StagedFile, stage_file
from .manifest import ManifestFile
from .plan_runner import StagedLayout

_FILE, _ROW = 0, 1


def _row_builder(layout: StagedLayout):
    """A function (seq, StagedRow) -> tuple in the plan's column order."""
    index = {name: i for i, name in enumerate(layout.contract_columns)}
    getters = []
    for name, _ in layout.row_columns:
        if name == "_file_seq":
            getters.append(lambda seq, r: seq)
        elif name == "_row":
            getters.append(lambda seq, r: r.row)
        elif name == "_fields_ok":
            getters.append(lambda seq, r: r.fields_ok)
        elif name == "_cells":
            getters.append(lambda seq, r: r.cells)
        else:
            getters.append(lambda seq, r, i=index[name]: r.values[i])
    return lambda seq, r: tuple(g(seq, r) for g in getters)


def _stage_partition(files: Sequence[Tuple[int, ManifestFile]], layout: StagedLayout):
    """Runs on an executor: reads and parses its files, yields tagged file facts and rows."""
    s3 = aws.client("s3")
    build = _row_builder(layout)
    for seq, f in files:
        data = aws.get_bytes(s3, f.uri, f.version_id, f.etag)
        staged, rows = stage_file(data, f.key, seq, layout.contract_columns, layout.required)
        del data
        yield (_FILE, staged.to_dict())
        for r in rows:
            yield (_ROW, build(seq, r))


def _spark_type(sql_type: str):
    from pyspark.sql import types as T

    return {"INT": T.IntegerType(), "BIGINT": T.LongType(), "BOOLEAN": T.BooleanType(), "STRING": T.StringType(), "TIMESTAMP": T.TimestampType()}[sql_type]


def _schema(columns: Sequence[Tuple[str, str]], not_null: Sequence[str] = ()):
    from pyspark.sql import types as T

    return T.StructType([T.StructField(n, _spark_type(t), n not in not_null) for n, t in columns])


def stage(spark, layout: StagedLayout, files: Sequence[ManifestFile], run_start_micros: int):
    """Registers stagedRows, stagedFiles and run_parameters; returns ({seq: StagedFile}, rdd).

    Call ``rdd.unpersist()`` once the plan's outputs have been read.
    """
    from pyspark import StorageLevel

    sc = spark.sparkContext
    work = [(f.file_seq, f) for f in files]
    tagged = (
        sc.parallelize(work, max(1, len(work)))
        .mapPartitions(lambda part: _stage_partition(list(part), layout))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    facts: List[dict] = tagged.filter(lambda t: t[0] == _FILE).map(lambda t: t[1]).collect()
    staged: Dict[int, StagedFile] = {d["seq"]: StagedFile.from_dict(d) for d in facts}
    missing = sorted(set(f.file_seq for f in files) - set(staged))
    if missing:
        raise RuntimeError(f"staging lost files {missing}")

    rows = tagged.filter(lambda t: t[0] == _ROW).map(lambda t: t[1])
    spark.createDataFrame(rows, _schema(layout.row_columns, ("_file_seq", "_row", "_fields_ok"))).createOrReplaceTempView(layout.rows_relation)

    file_rows = [(s.seq, s.key, s.read_status, s.missing_codes) for s in sorted(staged.values(), key=lambda s: s.seq)]
    files_schema = _schema((("_file_seq", "INT"), ("_source_file", "STRING"), ("_read_status", "STRING"), ("_missing_codes", "STRING")), ("_file_seq", "_source_file", "_read_status"))
    spark.createDataFrame(file_rows, files_schema).createOrReplaceTempView(layout.files_relation)

    # From epoch microseconds: no Python time zone is involved in the instant.
    spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW {layout.run_parameters} AS SELECT timestamp_micros({int(run_start_micros)}) AS run_start")
    return staged, tagged
