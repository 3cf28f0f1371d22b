"""Hand-computed cases for drift_reference.py (run: pytest scripts/crosscheck)."""
import csv
import json
import math
import os
import subprocess
import sys
from decimal import Decimal
from math import log

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import drift_reference as dr  # noqa: E402

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drift_reference.py")
NAN = float("nan")


def write(path, **cols):
    """cols: name -> pa.Array (or list, type inferred)."""
    pq.write_table(pa.table({k: v if isinstance(v, pa.Array) else pa.array(v) for k, v in cols.items()}), path)
    return str(path)


def run(tmp_path, base, cur, config):
    b = write(tmp_path / "base.parquet", **base)
    c = write(tmp_path / "cur.parquet", **cur)
    return {r["feature"]: r for r in dr.compute(b, c, config)}


# Baseline used by several tests: n = 10 values 1,1,1,1,1,2,2,2,2,3.
# Ranks r_k = (10k+9)//10 = k for k = 1..9 -> values 1,1,1,1,1,2,2,2,2 -> edges {1, 2}.
# Bins (-inf,1], (1,2], (2,+inf): baseline counts 5,4,1 -> e = 0.5, 0.4, 0.1; bin_count = 3.
BASE10 = [1, 1, 1, 1, 1, 2, 2, 2, 2, 3]
# Current 1,1,2,2 -> counts 2,2,0 (2 is in (1,2]: right-closed) -> a = 0.5, 0.5, 0 -> 1e-4.
CUR4 = [1, 1, 2, 2]
# PSI = (0.5-0.5)ln(0.5/0.5) + (0.5-0.4)ln(0.5/0.4) + (1e-4-0.1)ln(1e-4/0.1)
#     = 0 + 0.1*0.2231435513 + 0.0999*6.9077552790 = 0.0223143551 + 0.6900847524 = 0.7123991075
PSI_EMPTY_BIN = (0.5 - 0.4) * log(0.5 / 0.4) + (1e-4 - 0.1) * log(1e-4 / 0.1)


def check_empty_bin_case(r, row_count=4, missing_rate=0.0):
    assert r["psi"] == pytest.approx(PSI_EMPTY_BIN, rel=1e-12)
    assert r["psi"] == pytest.approx(0.7123991075, abs=1e-9)
    assert r["bin_count"] == 3
    assert r["missing_rate"] == missing_rate
    assert r["out_of_range_rate"] == 0.0  # all current values in [1, 3]
    assert r["new_category_rate"] is None
    assert r["row_count"] == row_count and r["baseline_row_count"] == 10
    assert r["feature_type"] == "numeric"


def test_decile_edges_nearest_rank():
    # n = 15: ranks (15k+9)//10 for k=1..9 = 2,3,5,6,8,9,11,12,14
    assert dr.decile_edges(np.arange(1.0, 16.0)).tolist() == [2, 3, 5, 6, 8, 9, 11, 12, 14]
    # n = 1: every rank is 1 -> one distinct edge
    assert dr.decile_edges(np.array([7.0])).tolist() == [7]
    assert dr.decile_edges(np.array([])).tolist() == []


def test_empty_current_bin_uses_1e4(tmp_path):
    r = run(tmp_path, {"x": pa.array(BASE10, pa.float64())}, {"x": pa.array(CUR4, pa.float64())},
            {"numeric": ["x"], "categorical": [], "score": None})["x"]
    check_empty_bin_case(r)


def test_integer_columns(tmp_path):
    r = run(tmp_path, {"x": pa.array(BASE10, pa.int32())}, {"x": pa.array(CUR4, pa.int64())},
            {"numeric": ["x"], "categorical": []})["x"]
    check_empty_bin_case(r)


def test_large_integer_converts_without_error():
    big = 2**53 + 1  # not representable; rounds to 2**53
    assert dr.to_float64(pa.chunked_array([pa.array([big, None], pa.int64())])).tolist()[0] == float(big)


def test_decimal_columns(tmp_path):
    # Same shape as BASE10/CUR4 scaled by 0.1, decimal(5,2); one null in current.
    d = pa.decimal128(5, 2)
    base = pa.array([Decimal(f"{v / 10:.2f}") for v in BASE10], d)
    cur = pa.array([Decimal("0.10"), Decimal("0.10"), Decimal("0.20"), Decimal("0.20"), None], d)
    # 0.20 must equal the edge 0.2 exactly to land in (0.1, 0.2]; missing_rate = 1/5.
    r = run(tmp_path, {"x": base}, {"x": cur}, {"numeric": ["x"], "categorical": []})["x"]
    check_empty_bin_case(r, row_count=5, missing_rate=0.2)


def test_decimal_conversion_is_correctly_rounded():
    vals = ["0.1", "-0.30", "12345678901234567890.123456789", "9999999999999999999.99999999",
            "0.000000000000000001"]
    arr = pa.array([Decimal(v) for v in vals], pa.decimal128(38, 18))
    got = dr.to_float64(pa.chunked_array([arr])).tolist()
    assert got == [float(Decimal(v)) for v in vals]


def test_constant_baseline(tmp_path):
    # Baseline 5,5,5,5: all ranks give 5 -> edges {5} -> bins (-inf,5], (5,inf), bin_count 2.
    # e = 4/4, 0/4 -> 1, 1e-4.  Current 4,5,6,7 -> counts 2,2 -> a = 0.5, 0.5.
    # PSI = (0.5-1)ln(0.5/1) + (0.5-1e-4)ln(0.5/1e-4) = 0.3465735903 + 0.4999*8.5171931914
    #     = 0.3465735903 + 4.2577448764 = 4.6043184667
    # out_of_range: 4 < 5, 6 > 5, 7 > 5 -> 3/4
    r = run(tmp_path, {"x": [5.0] * 4}, {"x": [4.0, 5.0, 6.0, 7.0]}, {"numeric": ["x"], "categorical": []})["x"]
    expected = (0.5 - 1) * log(0.5) + (0.5 - 1e-4) * log(0.5 / 1e-4)
    assert r["psi"] == pytest.approx(expected, rel=1e-12)
    assert r["psi"] == pytest.approx(4.6043184667, abs=1e-9)
    assert r["bin_count"] == 2
    assert r["out_of_range_rate"] == 0.75


def test_nan_in_double_column(tmp_path):
    # Baseline: BASE10 plus NaN and null -> both missing, same edges {1,2}, e = 0.5, 0.4, 0.1,
    # baseline_row_count 12.
    # Current 1,1,2,2,NaN,null,0.5,4 -> missing 2 of 8 = 0.25; non-missing 6:
    # (-inf,1]: 1,1,0.5 = 3; (1,2]: 2,2 = 2; (2,inf): 4 = 1 -> a = 1/2, 1/3, 1/6.
    # PSI = 0 + (1/3-0.4)ln((1/3)/0.4) + (1/6-0.1)ln((1/6)/0.1)
    #     = (1/15)(ln(6/5) + ln(5/3)) = ln(2)/15 = 0.0462098120
    # out_of_range: 0.5 < 1 and 4 > 3 -> 2/6
    base = pa.array(BASE10 + [NAN, None], pa.float64())
    cur = pa.array([1, 1, 2, 2, NAN, None, 0.5, 4], pa.float64())
    r = run(tmp_path, {"x": base}, {"x": cur}, {"numeric": ["x"], "categorical": []})["x"]
    assert r["psi"] == pytest.approx(log(2) / 15, rel=1e-12)
    assert r["missing_rate"] == 0.25
    assert r["out_of_range_rate"] == pytest.approx(1 / 3, rel=1e-15)
    assert r["row_count"] == 8 and r["baseline_row_count"] == 12 and r["bin_count"] == 3


def test_all_null_current(tmp_path):
    cfg = {"numeric": ["x"], "categorical": ["c"]}
    rows = run(tmp_path, {"x": pa.array(BASE10, pa.float64()), "c": ["a"] * 5 + ["b"] * 5},
               {"x": pa.array([None, NAN, None], pa.float64()), "c": pa.array([None] * 3, pa.string())}, cfg)
    x, c = rows["x"], rows["c"]
    assert x["psi"] is None and x["out_of_range_rate"] is None and x["missing_rate"] == 1.0
    assert x["bin_count"] == 3 and x["row_count"] == 3
    assert c["psi"] is None and c["new_category_rate"] is None and c["missing_rate"] == 1.0
    assert c["bin_count"] == 3  # a, b, OTHER


def test_all_missing_baseline(tmp_path):
    # n = 0: no edges, no bins -> psi and out_of_range undefined, bin_count 0.
    r = run(tmp_path, {"x": pa.array([None, NAN], pa.float64())}, {"x": [1.0, 2.0]},
            {"numeric": ["x"], "categorical": []})["x"]
    assert r["psi"] is None and r["out_of_range_rate"] is None and r["bin_count"] == 0
    assert r["missing_rate"] == 0.0


def test_unseen_categories(tmp_path):
    # Baseline a,a,a,b,b,c (6): top = a,b,c + OTHER -> bin_count 4; e = 3/6, 2/6, 1/6, 0 -> 1e-4.
    # Current a,b,d,d,null: missing 1/5; non-null 4: a=1, b=1, c=0, OTHER(d,d)=2
    #   -> a = 0.25, 0.25, 1e-4, 0.5.
    # PSI = (0.25-0.5)ln(0.25/0.5) + (0.25-1/3)ln(0.25*3) + (1e-4-1/6)ln(6e-4) + (0.5-1e-4)ln(0.5/1e-4)
    #     = 0.1732867951 + 0.0239735060 + 1.2356882924 + 4.2577448764 = 5.6906934699
    # new_category_rate: d,d never in baseline -> 2/4
    r = run(tmp_path, {"c": list("aaabbc")}, {"c": ["a", "b", "d", "d", None]},
            {"numeric": [], "categorical": ["c"]})["c"]
    expected = ((0.25 - 0.5) * log(0.25 / 0.5) + (0.25 - 1 / 3) * log(0.25 / (1 / 3))
                + (1e-4 - 1 / 6) * log(1e-4 / (1 / 6)) + (0.5 - 1e-4) * log(0.5 / 1e-4))
    assert r["psi"] == pytest.approx(expected, rel=1e-12)
    assert r["psi"] == pytest.approx(5.6906934699, abs=1e-9)
    assert r["new_category_rate"] == 0.5 and r["missing_rate"] == 0.2
    assert r["bin_count"] == 4 and r["out_of_range_rate"] is None
    assert r["feature_type"] == "categorical"


def test_top50_ties_codepoint_order_and_other(tmp_path):
    # Baseline (54 values): "z" x3, and 51 singletons "K99", "k00".."k49".
    # Codepoint order: "K99" < "k00" < ... ("K"=75 < "k"=107), so the top 50 are
    # z, K99, k00..k47; k48 and k49 fall into OTHER (2/54). bin_count = 51.
    # Current z, K99, k49, k49: k49 goes to OTHER but is NOT a new category.
    # a: z=1/4, K99=1/4, 48 singleton bins 0 -> 1e-4, OTHER=2/4.
    # PSI = (1/4-3/54)ln((1/4)/(3/54)) + (1/4-1/54)ln((1/4)/(1/54))
    #       + 48*(1e-4-1/54)ln(1e-4/(1/54)) + (1/2-2/54)ln((1/2)/(2/54))
    base = ["z"] * 3 + ["K99"] + [f"k{i:02d}" for i in range(50)]
    r = run(tmp_path, {"c": base}, {"c": ["z", "K99", "k49", "k49"]},
            {"numeric": [], "categorical": ["c"]})["c"]
    expected = ((0.25 - 3 / 54) * log(0.25 / (3 / 54)) + (0.25 - 1 / 54) * log(0.25 / (1 / 54))
                + 48 * (1e-4 - 1 / 54) * log(1e-4 / (1 / 54)) + (0.5 - 2 / 54) * log(0.5 / (2 / 54)))
    assert r["bin_count"] == 51
    assert r["psi"] == pytest.approx(expected, rel=1e-12)
    assert r["new_category_rate"] == 0.0


def test_score_and_spark_directory_and_csv(tmp_path):
    # Baseline as a Spark-style directory: two part files plus _SUCCESS and .crc files.
    bdir = tmp_path / "baseline"
    bdir.mkdir()
    # Baseline score column s_old is integer (BASE10), current score column s is double (CUR4).
    for i, (lo, hi) in enumerate([(0, 6), (6, 10), (10, 10)]):  # the last part file is empty
        write(bdir / f"part-0000{i}-a.snappy.parquet", x=pa.array(BASE10[lo:hi], pa.float64()),
              s_old=pa.array(BASE10[lo:hi], pa.int64()), c=pa.array(list("aaaaabbbbb")[lo:hi], pa.string()))
    (bdir / "_SUCCESS").write_text("")
    (bdir / ".part-00000-a.snappy.parquet.crc").write_bytes(b"junk")
    cur = write(tmp_path / "cur.parquet", x=pa.array(CUR4, pa.float64()), s=pa.array(CUR4, pa.float64()),
                c=["a", "b", "a", "b"])
    cfg = tmp_path / "cfg.json"
    cfg.write_text(json.dumps({"numeric": ["x"], "categorical": ["c"],
                               "score": {"current": "s", "baseline": "s_old"}}))
    out = tmp_path / "out.csv"
    subprocess.run([sys.executable, SCRIPT, "--baseline", str(bdir), "--current", cur,
                    "--config", str(cfg), "--out", str(out)], check=True)
    with open(out, newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["feature"] for r in rows] == ["x", "c", "__score__"]
    assert list(rows[0].keys()) == dr.COLUMNS
    for r in (rows[0], rows[2]):
        assert r["feature_type"] == "numeric"
        assert float(r["psi"]) == pytest.approx(PSI_EMPTY_BIN, rel=1e-12)
        assert r["psi"] == repr(float(r["psi"]))  # full round-trip precision
        assert r["new_category_rate"] == "" and r["out_of_range_rate"] == "0.0"
        assert (r["row_count"], r["baseline_row_count"], r["bin_count"]) == ("4", "10", "3")
    c = rows[1]
    # c: baseline a x5, b x5 -> e = 0.5, 0.5, OTHER 1e-4; current a x2, b x2 -> identical -> PSI 0
    # (OTHER: (1e-4-1e-4)*ln(1) = 0).
    assert (c["feature_type"], c["psi"], c["out_of_range_rate"], c["new_category_rate"]) == \
        ("categorical", "0.0", "", "0.0")
    assert c["bin_count"] == "3" and c["missing_rate"] == "0.0"
