#!/usr/bin/env python3
"""Independent reference implementation of the data-drift specification.

Usage:
    python drift_reference.py --baseline DIR_OR_FILE --current DIR_OR_FILE \
        --config CONFIG.json --out OUT.csv

Written from the specification only (not from the Java/Spark code), to
cross-check it. See test_drift_reference.py for hand-computed cases.
"""
import argparse
import csv
import json
import os

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ZERO_REPLACEMENT = 1e-4
TOP_CATEGORIES = 50
COLUMNS = ["feature", "feature_type", "psi", "missing_rate", "out_of_range_rate",
           "new_category_rate", "row_count", "baseline_row_count", "bin_count"]


# ---------------------------------------------------------------- input

def read_parquet(path, columns):
    """One .parquet file, or a directory of Spark part files (names starting
    with '_' or '.' are ignored). Returns a list of pyarrow Tables, one per file."""
    if os.path.isdir(path):
        files = sorted(os.path.join(path, f) for f in os.listdir(path)
                       if not f.startswith(("_", "."))
                       and os.path.isfile(os.path.join(path, f)))
        if not files:
            raise ValueError(f"no parquet part files in {path}")
    else:
        files = [path]
    # Kept as a list of per-file tables: each column is converted per file,
    # so part files whose types differ slightly still combine.
    return [pq.read_table(f, columns=columns) for f in files]


def to_float64(col):
    """Any numeric arrow column -> float64 numpy array, null -> NaN.
    Decimals go through their exact decimal text so that the double is the
    correctly rounded value (as BigDecimal.doubleValue() / float(Decimal))."""
    if pa.types.is_decimal(col.type):
        col = pc.cast(pc.cast(col, pa.string()), pa.float64())
    else:
        col = pc.cast(col, pa.float64(), safe=False)  # no overflow check for |int| > 2**53
    return col.to_numpy(zero_copy_only=False).astype(np.float64, copy=False)


def numeric_values(tables, name):
    return np.concatenate([to_float64(t.column(name)) for t in tables])


def string_values(tables, name):
    chunks = [c for t in tables for c in pc.cast(t.column(name), pa.large_string()).chunks]
    return pa.chunked_array(chunks, type=pa.large_string()).combine_chunks()


# ---------------------------------------------------------------- metrics

def decile_edges(sorted_values):
    """Nearest-rank deciles: rank r_k = ceil(k*n/10) = (k*n + 9) // 10, k=1..9,
    rank 1 = smallest; duplicates removed. No edges when n = 0."""
    n = len(sorted_values)
    if n == 0:
        return np.empty(0)
    ranks = (np.arange(1, 10) * n + 9) // 10
    return np.unique(sorted_values[ranks - 1])


def psi(base_counts, cur_counts):
    """PSI over aligned bin counts; None when either side has no values."""
    base_counts = np.asarray(base_counts, dtype=np.int64)
    cur_counts = np.asarray(cur_counts, dtype=np.int64)
    nb, nc = int(base_counts.sum()), int(cur_counts.sum())
    if nb == 0 or nc == 0:
        return None
    e = base_counts / nb
    a = cur_counts / nc
    e[e == 0] = ZERO_REPLACEMENT
    a[a == 0] = ZERO_REPLACEMENT
    terms = (a - e) * np.log(a / e)
    return float(np.add.accumulate(terms)[-1])  # plain left-to-right sum in bin order


def rate(count, total):
    return None if total == 0 else int(count) / int(total)


def numeric_row(feature, base, cur):
    """base, cur: float64 arrays (NaN = missing, nulls already NaN)."""
    base_ok = np.sort(base[~np.isnan(base)])
    cur_missing = np.isnan(cur)
    cur_ok = cur[~cur_missing]
    edges = decile_edges(base_ok)
    if len(base_ok) == 0:
        p, oor, bins = None, None, 0
    else:
        bins = len(edges) + 1
        # Right-closed bins: side='left' puts x == e_i into bin i, i.e. (e_{i-1}, e_i].
        base_counts = np.bincount(np.searchsorted(edges, base_ok, side="left"), minlength=bins)
        cur_counts = np.bincount(np.searchsorted(edges, cur_ok, side="left"), minlength=bins)
        p = psi(base_counts, cur_counts)
        outside = np.count_nonzero((cur_ok < base_ok[0]) | (cur_ok > base_ok[-1]))
        oor = rate(outside, len(cur_ok))
    return {"feature": feature, "feature_type": "numeric", "psi": p,
            "missing_rate": rate(int(cur_missing.sum()), len(cur)),
            "out_of_range_rate": oor, "new_category_rate": None,
            "row_count": len(cur), "baseline_row_count": len(base), "bin_count": bins}


def categorical_row(feature, base, cur):
    """base, cur: large_string arrow arrays (null = missing)."""
    base_ok = base.drop_null()
    cur_ok = cur.drop_null()
    vc = pc.value_counts(base_ok)
    cats = vc.field("values").to_pylist()
    counts = vc.field("counts").to_pylist()
    # Most frequent first, ties by category name in codepoint order.
    ranked = sorted(zip(cats, counts), key=lambda cc: (-cc[1], cc[0]))[:TOP_CATEGORIES]
    top = [c for c, _ in ranked]
    k = len(top)
    base_counts = [n for _, n in ranked] + [len(base_ok) - sum(n for _, n in ranked)]
    top_arr = pa.array(top, type=pa.large_string())
    cur_idx = pc.fill_null(pc.index_in(cur_ok, value_set=top_arr), k)  # not in top -> OTHER
    cur_counts = np.bincount(cur_idx.to_numpy(zero_copy_only=False).astype(np.int64), minlength=k + 1)
    seen = pc.is_in(cur_ok, value_set=pa.array(cats, type=pa.large_string()))
    new = len(cur_ok) - int(np.count_nonzero(seen.to_numpy(zero_copy_only=False)))
    return {"feature": feature, "feature_type": "categorical",
            "psi": psi(base_counts, cur_counts),
            "missing_rate": rate(cur.null_count, len(cur)),
            "out_of_range_rate": None, "new_category_rate": rate(new, len(cur_ok)),
            "row_count": len(cur), "baseline_row_count": len(base), "bin_count": k + 1}


# ---------------------------------------------------------------- driver

def compute(baseline_path, current_path, config):
    numeric = list(config.get("numeric") or [])
    categorical = list(config.get("categorical") or [])
    score = config.get("score")
    base_cols = numeric + categorical + ([score["baseline"]] if score else [])
    cur_cols = numeric + categorical + ([score["current"]] if score else [])
    base_t = read_parquet(baseline_path, list(dict.fromkeys(base_cols)))
    cur_t = read_parquet(current_path, list(dict.fromkeys(cur_cols)))
    rows = [numeric_row(f, numeric_values(base_t, f), numeric_values(cur_t, f)) for f in numeric]
    rows += [categorical_row(f, string_values(base_t, f), string_values(cur_t, f)) for f in categorical]
    if score:
        rows.append(numeric_row("__score__", numeric_values(base_t, score["baseline"]),
                                numeric_values(cur_t, score["current"])))
    return rows


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, np.integer):
        v = int(v)
    if isinstance(v, (float, np.floating)):
        return repr(float(v))  # shortest string that round-trips the double exactly
    return str(v)


def write_csv(rows, out_path):
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([fmt(r[c]) for c in COLUMNS])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--current", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    with open(args.config) as f:
        config = json.load(f)
    write_csv(compute(args.baseline, args.current, config), args.out)


if __name__ == "__main__":
    main()
