"""The pandas baseline: what a short pandas script does with the same raw folder.

It does less than the engine: per dataset it reads every CSV as text, trims cells, coerces the
typed columns (a cell that does not convert, or a fraction in an int column, becomes missing), drops rows with a missing required
value, keeps rows whose foreign keys exist in the accepted parents, and keeps the latest row per
primary key. No rules, no reject records, no output files (Debian's pandas has no Parquet writer).

Usage: pandas_baseline.py <raw folder>. Prints one JSON line: ms, cpuMs, peakRssMb, rows (rows read).
"""
import json
import resource
import sys
import time
from pathlib import Path

import pandas as pd

COLUMNS = {
    "products": {"product_id": "int", "department_id": "int", "department": "str", "product_name": "str"},
    "orders": {
        "order_num": "int",
        "order_id": "int",
        "user_id": "int",
        "order_timestamp": "timestamp",
        "total_amount": "double",
        "date": "date",
    },
    "order_items": {
        "id": "int",
        "order_id": "int",
        "user_id": "int",
        "days_since_prior_order": "int",
        "product_id": "int",
        "add_to_cart_order": "int",
        "reordered": "int",
        "order_timestamp": "timestamp",
        "date": "date",
    },
}
OPTIONAL = {"days_since_prior_order"}
KEYS = {"products": "product_id", "orders": "order_id", "order_items": "id"}
LATEST_BY = {"orders": "order_timestamp", "order_items": "order_timestamp"}
PARENTS = {"order_items": {"order_id": "orders", "product_id": "products"}}


def load(raw: Path, name: str) -> pd.DataFrame:
    frames = [
        pd.read_csv(f, dtype=str, keep_default_na=False, on_bad_lines="skip", engine="c")
        for f in sorted((raw / name).glob("*.csv"))
    ]
    return pd.concat(frames, ignore_index=True)


def coerce(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for column, kind in COLUMNS[name].items():
        text = frame[column].str.strip().replace("", None)
        if kind == "int":
            number = pd.to_numeric(text, errors="coerce")
            out[column] = number.where(number % 1 == 0)
        elif kind == "double":
            out[column] = pd.to_numeric(text, errors="coerce")
        elif kind == "timestamp":
            out[column] = pd.to_datetime(text, errors="coerce", utc=True, format="%Y-%m-%d %H:%M:%S")
        elif kind == "date":
            out[column] = pd.to_datetime(text, errors="coerce", format="%Y-%m-%d")
        else:
            out[column] = text
    return out


def main() -> None:
    raw = Path(sys.argv[1])
    started = time.perf_counter()
    cpu_started = time.process_time()
    accepted: dict[str, pd.DataFrame] = {}
    rows = 0
    for name in ("products", "orders", "order_items"):
        frame = load(raw, name)
        rows += len(frame)
        typed = coerce(frame, name)
        required = [c for c in COLUMNS[name] if c not in OPTIONAL]
        typed = typed.dropna(subset=required)
        for column, parent in PARENTS.get(name, {}).items():
            typed = typed[typed[column].isin(accepted[parent][KEYS[parent]])]
        if name in LATEST_BY:
            typed = typed.sort_values(LATEST_BY[name], kind="stable")
        accepted[name] = typed.drop_duplicates(subset=[KEYS[name]], keep="last")
    ms = (time.perf_counter() - started) * 1000
    cpu_ms = (time.process_time() - cpu_started) * 1000
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ms": ms, "cpuMs": cpu_ms, "peakRssMb": peak, "rows": rows}))


if __name__ == "__main__":
    main()
