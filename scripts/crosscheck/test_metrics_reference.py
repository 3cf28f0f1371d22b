"""Hand-computed cases for metrics_reference.py (run: pytest scripts/crosscheck)."""
import json
import os
import subprocess
import sys
from math import log, sqrt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fairlearn.metrics import equalized_odds_difference

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metrics_reference as mr  # noqa: E402

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics_reference.py")
BIN = {"problem_type": "binary_classification", "score": "score", "prediction": None, "label": "label",
       "decision_threshold": 0.5, "favorable_prediction": "1", "protected": [], "intersections": [],
       "other_slices": [], "min_group_size": 30}
PERF_KEYS = {"n", "label_coverage", "auc", "accuracy", "precision", "recall", "f1", "log_loss", "brier"}


def write(path, **cols):
    """cols: name -> pa.Array (or list, type inferred)."""
    pq.write_table(pa.table({k: v if isinstance(v, pa.Array) else pa.array(v) for k, v in cols.items()}), path)
    return str(path)


def run(tmp_path, config, **cols):
    return mr.compute(write(tmp_path / "rows.parquet", **cols), {**BIN, **config})


def approx(x):
    return pytest.approx(x, rel=1e-12, abs=1e-15)


# Shared by the AUC, threshold and slice tests: 7 rows, the last one unlabeled.
#   row     0    1    2    3    4     5    6
#   label   0    0    1    1    0     1    null
#   score   0.1  0.4  0.4  0.8  0.8   0.9  0.3
#   region  s    s    s    n    null  n    n
TIES = dict(label=pa.array([0, 0, 1, 1, 0, 1, None], pa.int64()),
            score=[0.1, 0.4, 0.4, 0.8, 0.8, 0.9, 0.3],
            region=["s", "s", "s", "n", None, "n", "n"])


def test_auc_with_tied_scores(tmp_path):
    # Positives 0.4, 0.8, 0.9; negatives 0.1, 0.4, 0.8; AUC = (wins + ties/2) / 9 pairs:
    #   pos 0.4: beats 0.1, ties 0.4, loses to 0.8 -> 1.5
    #   pos 0.8: beats 0.1 and 0.4, ties 0.8      -> 2.5
    #   pos 0.9: beats all three                  -> 3
    # AUC = 7/9. The unlabeled row (score 0.3) is left out: n = 6, label_coverage = 6/7.
    o = run(tmp_path, {}, **TIES)["overall"]
    assert set(o) == PERF_KEYS
    assert o["auc"] == approx(7 / 9)
    assert o["n"] == 6 and o["label_coverage"] == approx(6 / 7)


def test_f1_at_threshold(tmp_path):
    # threshold 0.4, class = 1 if score >= 0.4 (0.4 itself is 1): predicted 0,1,1,1,1,1 on the
    # labeled rows, labels 0,0,1,1,0,1 -> TP 3 (rows 2,3,5), FP 2 (rows 1,4), FN 0, TN 1 (row 0).
    # precision 3/5, recall 3/3 = 1, f1 = 2*0.6*1/(0.6+1) = 1.2/1.6 = 0.75, accuracy 4/6.
    o = run(tmp_path, {"decision_threshold": 0.4}, **TIES)["overall"]
    assert o["precision"] == approx(0.6) and o["recall"] == 1.0
    assert o["f1"] == approx(0.75) and o["accuracy"] == approx(4 / 6)
    # threshold 0.5: predicted 0,0,0,1,1,1 -> TP 2, FP 1, FN 1, TN 2 -> P = R = F1 = 2/3, acc 4/6.
    o = run(tmp_path, {"decision_threshold": 0.5}, **TIES)["overall"]
    assert o["precision"] == approx(2 / 3) and o["recall"] == approx(2 / 3) and o["f1"] == approx(2 / 3)


def test_prediction_column_wins_over_threshold_and_zero_division(tmp_path):
    # prediction all 0: nothing predicted positive -> precision 0/0 -> 0 (zero_division=0),
    # recall 0/3 = 0, f1 -> 0; accuracy = 3 negatives right / 6. The score still drives AUC.
    o = run(tmp_path, {"prediction": "pred"}, pred=[0, 0, 0, 0, 0, 0, 0], **TIES)["overall"]
    assert (o["precision"], o["recall"], o["f1"]) == (0.0, 0.0, 0.0)
    assert o["accuracy"] == 0.5 and o["auc"] == approx(7 / 9)


def test_log_loss_and_brier_four_rows(tmp_path):
    # labels 1,0,1,0; scores 0.8,0.4,0.5,0.0 (0.0 is clipped to 1e-15, so its row costs
    # -ln(1-1e-15) ~ 1e-15).
    # log loss = -(ln 0.8 + ln 0.6 + ln 0.5 + ln(1-1e-15)) / 4
    #          = (0.2231435513 + 0.5108256238 + 0.6931471806 + 1e-15) / 4 = 0.3567790889
    # brier = ((0.8-1)^2 + 0.4^2 + (0.5-1)^2 + 0^2) / 4 = (0.04 + 0.16 + 0.25 + 0) / 4 = 0.1125
    # AUC: both positives (0.8, 0.5) above both negatives (0.4, 0.0) -> 1.
    o = run(tmp_path, {}, label=[1, 0, 1, 0], score=[0.8, 0.4, 0.5, 0.0])["overall"]
    assert o["log_loss"] == approx(-(log(0.8) + log(0.6) + log(0.5) + log(1 - 1e-15)) / 4)
    assert o["log_loss"] == pytest.approx(0.3567790889, abs=1e-10)
    assert o["brier"] == approx(0.1125)
    assert o["auc"] == 1.0


def test_log_loss_clips_at_1e15_not_sklearn_eps(tmp_path):
    # Scores exactly wrong: label 0 with score 1.0, label 1 with score 0.0.
    # Our clip: 1.0 -> 1-1e-15, whose complement in doubles is 9.992007221626409e-16, -ln = 34.5395759923;
    #           0.0 -> 1e-15, -ln = 34.5387763949.  Mean = 34.5391761936.
    # (sklearn's own clip at eps = 2.22e-16 would give -ln(eps) = 36.04 per row.)
    # Labels [0, 1] also carry boolean labels through: False/True -> 0/1.
    o = run(tmp_path, {}, label=[False, True], score=[1.0, 0.0])["overall"]
    assert o["log_loss"] == approx((-log(1 - (1 - 1e-15)) - log(1e-15)) / 2)
    assert o["log_loss"] == pytest.approx(34.5391761936, abs=1e-9)
    assert o["brier"] == 1.0 and o["auc"] == 0.0


def test_regression_four_rows(tmp_path):
    # labels 3, -0.5, 2, 7 (a fifth row is unlabeled); predictions 2.5, 0.0, 2, 8.
    # errors 0.5, -0.5, 0, -1 -> MSE = (0.25+0.25+0+1)/4 = 0.375, RMSE = sqrt(0.375) = 0.6123724357
    # MAE = (0.5+0.5+0+1)/4 = 0.5
    # mean label = 11.5/4 = 2.875; SS_tot = 0.125^2 + 3.375^2 + 0.875^2 + 4.125^2
    #   = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; SS_res = 1.5
    # R2 = 1 - 1.5/29.1875 = 0.9486081370
    cfg = {"problem_type": "regression", "score": None, "prediction": "pred"}
    cols = dict(label=[3.0, -0.5, 2.0, 7.0, None], pred=[2.5, 0.0, 2.0, 8.0, 4.0])
    r = run(tmp_path, cfg, **cols)
    assert r["fairness"] is None
    o = r["overall"]
    assert set(o) == {"n", "label_coverage", "rmse", "mae", "r2"}
    assert o["rmse"] == approx(sqrt(0.375)) and o["mae"] == 0.5
    assert o["r2"] == approx(1 - 1.5 / 29.1875) and o["r2"] == pytest.approx(0.9486081370, abs=1e-10)
    assert o["n"] == 4 and o["label_coverage"] == 0.8
    # The score column stands in when prediction is null.
    r2 = run(tmp_path, {"problem_type": "regression", "score": "pred", "prediction": None}, **cols)
    assert r2["overall"] == o


def test_regression_constant_label_r2_null(tmp_path):
    # labels all 2 -> SS_tot = 0 -> R2 undefined (null); rmse = sqrt((1+0)/2), mae = 0.5.
    o = run(tmp_path, {"problem_type": "regression", "score": None, "prediction": "p"},
            label=[2.0, 2.0], p=[3.0, 2.0])["overall"]
    assert o["r2"] is None and o["rmse"] == approx(sqrt(0.5)) and o["mae"] == 0.5


def test_slices_with_single_class(tmp_path):
    # region s: rows 0,1,2: labels 0,0,1, scores 0.1,0.4,0.4 -> pos 0.4 beats 0.1, ties 0.4 -> AUC 1.5/2 = 0.75
    # region n: rows 3,5 labeled (1,1) and row 6 unlabeled -> one class -> AUC null; n 2, coverage 2/3.
    #   threshold 0.5: predicted 1,1 -> accuracy = precision = recall = f1 = 1;
    #   log loss = -(ln 0.8 + ln 0.9)/2; brier = (0.04 + 0.01)/2 = 0.025
    # region null -> "(missing)": row 4, label 0, score 0.8 -> AUC null, predicted 1 -> accuracy 0,
    #   precision 0 (FP only), recall 0/0 -> 0.
    s = run(tmp_path, {"other_slices": ["region"]}, **TIES)["slices"]["region"]
    assert list(s) == ["(missing)", "n", "s"]
    assert s["s"]["auc"] == 0.75 and s["s"]["n"] == 3 and s["s"]["label_coverage"] == 1.0
    n = s["n"]
    assert n["auc"] is None and n["n"] == 2 and n["label_coverage"] == approx(2 / 3)
    assert (n["accuracy"], n["precision"], n["recall"], n["f1"]) == (1.0, 1.0, 1.0, 1.0)
    assert n["log_loss"] == approx(-(log(0.8) + log(0.9)) / 2) and n["brier"] == approx(0.025)
    m = s["(missing)"]
    assert m["auc"] is None and m["n"] == 1
    assert (m["accuracy"], m["precision"], m["recall"], m["f1"]) == (0.0, 0.0, 0.0, 0.0)


# Fairness fixture: min_group_size 3, prediction column, favorable 1.
#   row  gender  age    label  pred
#   1    F       young  1      1
#   2    F       young  0      1
#   3    F       young  null   1
#   4    F       old    1      0
#   5    F       old    0      0
#   6    M       young  1      1
#   7    M       old    0      1
#   8    M       old    1      1
#   9    M       old    null   0
#   10   null    young  1      1
#   11   null    old    0      1
FAIR_COLS = dict(
    gender=["F", "F", "F", "F", "F", "M", "M", "M", "M", None, None],
    age=["young", "young", "young", "old", "old", "young", "old", "old", "old", "young", "old"],
    label=pa.array([1, 0, None, 1, 0, 1, 0, 1, None, 1, 0], pa.float64()),
    pred=[1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1])
FAIR_CFG = {"score": None, "prediction": "pred", "protected": ["gender", "age"],
            "intersections": [["gender", "age"]], "min_group_size": 3}


def test_fairness_two_attributes_suppression_and_intersection(tmp_path):
    f = run(tmp_path, FAIR_CFG, **FAIR_COLS)["fairness"]
    assert list(f) == ["gender", "age", "gender & age"]

    # gender: F n 5, M n 4, (missing) n 2 < 3 -> suppressed, no rates, not in the figures.
    g = f["gender"]
    assert g["groups"]["(missing)"] == {"n": 2, "suppressed": True}
    # F: predictions 1,1,1,0,0 -> selection 3/5 (all rows, the unlabeled row 3 too).
    #    labeled rows 1,2,4,5: TP r1, FP r2, FN r4, TN r5 -> tpr 1/2, fpr 1/2, accuracy 2/4.
    assert g["groups"]["F"] == {"n": 5, "suppressed": False, "n_labeled": 4, "selection_rate": 0.6,
                                "tpr": 0.5, "fpr": 0.5, "accuracy": 0.5}
    # M: predictions 1,1,1,0 -> selection 3/4. labeled rows 6,7,8: TP r6 r8, FP r7 -> tpr 1, fpr 1,
    #    accuracy 2/3.
    assert g["groups"]["M"] == {"n": 4, "suppressed": False, "n_labeled": 3, "selection_rate": 0.75,
                                "tpr": 1.0, "fpr": 1.0, "accuracy": approx(2 / 3)}
    # DP over all rows of F and M: ratio 0.6/0.75 = 0.8, difference 0.15.
    # (Labeled rows only would give F 2/4, M 3/3 -> 0.5; counting (missing) (2/2) would give 0.6.)
    assert g["demographic_parity_ratio"] == approx(0.8)
    assert g["demographic_parity_difference"] == approx(0.15)
    # EO = max(|1 - 0.5|, |1 - 0.5|) = 0.5; accuracy disparity = 2/3 - 1/2 = 1/6.
    assert g["equalized_odds_difference"] == approx(0.5)
    assert g["accuracy_disparity"] == approx(1 / 6)

    # age: young rows 1,2,3,6,10 (n 5), old rows 4,5,7,8,9,11 (n 6); the null-gender rows count here.
    a = f["age"]
    # young: all predicted 1 -> selection 1. labeled 1,2,6,10: labels 1,0,1,1 -> tpr 3/3, fpr 1/1, acc 3/4.
    assert a["groups"]["young"] == {"n": 5, "suppressed": False, "n_labeled": 4, "selection_rate": 1.0,
                                    "tpr": 1.0, "fpr": 1.0, "accuracy": 0.75}
    # old: predictions 0,0,1,1,0,1 -> 3/6. labeled 4,5,7,8,11: labels 1,0,0,1,0, preds 0,0,1,1,1
    #   -> positives r4 (miss), r8 (hit): tpr 1/2; negatives r5 (0), r7 (1), r11 (1): fpr 2/3;
    #   right: r5, r8 -> accuracy 2/5.
    assert a["groups"]["old"] == {"n": 6, "suppressed": False, "n_labeled": 5, "selection_rate": 0.5,
                                  "tpr": 0.5, "fpr": approx(2 / 3), "accuracy": 0.4}
    # DP ratio 0.5/1 = 0.5, difference 0.5; EO = max(1 - 1/2, 1 - 2/3) = 0.5; acc 0.75 - 0.4 = 0.35.
    assert (a["demographic_parity_ratio"], a["demographic_parity_difference"]) == (0.5, 0.5)
    assert a["equalized_odds_difference"] == 0.5 and a["accuracy_disparity"] == approx(0.35)

    # gender & age: F & young rows 1-3 (n 3), M & old rows 7-9 (n 3) kept; F & old (2), M & young (1),
    # (missing) & young (1), (missing) & old (1) suppressed.
    x = f["gender & age"]
    assert list(x["groups"]) == ["(missing) & old", "(missing) & young", "F & old", "F & young",
                                 "M & old", "M & young"]
    assert [v["suppressed"] for v in x["groups"].values()] == [True, True, True, False, False, True]
    # F & young: predictions 1,1,1 -> 1; labeled r1 (1,1), r2 (0,1) -> tpr 1, fpr 1, accuracy 1/2.
    # M & old: predictions 1,1,0 -> 2/3; labeled r7 (0,1), r8 (1,1) -> tpr 1, fpr 1, accuracy 1/2.
    assert x["groups"]["F & young"] == {"n": 3, "suppressed": False, "n_labeled": 2, "selection_rate": 1.0,
                                        "tpr": 1.0, "fpr": 1.0, "accuracy": 0.5}
    assert x["groups"]["M & old"]["selection_rate"] == approx(2 / 3)
    # DP ratio (2/3)/1, difference 1/3; EO 0; accuracy disparity 0.
    assert x["demographic_parity_ratio"] == approx(2 / 3)
    assert x["demographic_parity_difference"] == approx(1 / 3)
    assert x["equalized_odds_difference"] == 0.0 and x["accuracy_disparity"] == 0.0


def test_favorable_zero(tmp_path):
    # favorable "0": selection = share predicted 0. gender F: 2/5, M: 1/4 -> ratio 0.25/0.4 = 0.625,
    # difference 0.15. tpr/fpr stay about class 1.
    g = run(tmp_path, {**FAIR_CFG, "favorable_prediction": "0"}, **FAIR_COLS)["fairness"]["gender"]
    assert g["groups"]["F"]["selection_rate"] == 0.4 and g["groups"]["M"]["selection_rate"] == 0.25
    assert g["demographic_parity_ratio"] == approx(0.625)
    assert g["demographic_parity_difference"] == approx(0.15)
    assert g["groups"]["F"]["tpr"] == 0.5


def test_equalized_odds_skips_undefined_rates(tmp_path):
    # A: labels 1,1,0,0,0,0, predictions 1,0,1,1,1,0 -> tpr 1/2, fpr 3/4.
    # B: labels 1,1, predictions 1,1 -> tpr 1, fpr undefined (no negative) -> null.
    # EO = max(tpr diff 1 - 1/2, fpr diff over A only = 0) = 0.5.
    # fairlearn's own function counts B's fpr as 0 -> max(0.5, 0.75) = 0.75: not used here.
    cols = dict(grp=list("AAAAAABB"), label=[1, 1, 0, 0, 0, 0, 1, 1], pred=[1, 0, 1, 1, 1, 0, 1, 1])
    g = run(tmp_path, {**FAIR_CFG, "protected": ["grp"], "intersections": [], "min_group_size": 1},
            **cols)["fairness"]["grp"]
    assert g["groups"]["B"]["fpr"] is None and g["groups"]["B"]["tpr"] == 1.0
    assert g["groups"]["A"]["fpr"] == 0.75
    assert g["equalized_odds_difference"] == 0.5
    assert equalized_odds_difference(cols["label"], cols["pred"], sensitive_features=cols["grp"]) == 0.75


def test_no_selection_ratio_null(tmp_path):
    # Nobody predicted favorable: selection 0 in both groups -> ratio 0/0 -> null, difference 0.
    g = run(tmp_path, {**FAIR_CFG, "protected": ["grp"], "intersections": [], "min_group_size": 1},
            grp=list("AABB"), label=[1, 0, 1, 0], pred=[0, 0, 0, 0])["fairness"]["grp"]
    assert g["demographic_parity_ratio"] is None and g["demographic_parity_difference"] == 0.0


def test_cli_spark_directory_and_json_shape(tmp_path):
    # The fairness fixture split over two part files plus Spark's marker files; floats as labels.
    d = tmp_path / "rows"
    d.mkdir()
    t = pa.table({k: v if isinstance(v, pa.Array) else pa.array(v) for k, v in FAIR_COLS.items()})
    pq.write_table(t.slice(0, 6), d / "part-00000-x.snappy.parquet")
    pq.write_table(t.slice(6), d / "part-00001-x.snappy.parquet")
    (d / "_SUCCESS").write_text("")
    (d / ".part-00000-x.snappy.parquet.crc").write_bytes(b"junk")
    cfg = tmp_path / "cfg.json"
    cfg.write_text(json.dumps({**BIN, **FAIR_CFG, "other_slices": ["age"]}))
    out = tmp_path / "out.json"
    subprocess.run([sys.executable, SCRIPT, "--rows", str(d), "--config", str(cfg), "--out", str(out)],
                   check=True)
    r = json.loads(out.read_text())
    assert set(r) == {"problem_type", "overall", "slices", "fairness"}
    assert set(r["overall"]) == PERF_KEYS and set(r["slices"]["age"]) == {"old", "young"}
    # No score column: score metrics are null; 9 of 11 rows labeled.
    o = r["overall"]
    assert o["auc"] is None and o["log_loss"] is None and o["brier"] is None
    assert o["n"] == 9 and o["label_coverage"] == 9 / 11
    g = r["fairness"]["gender"]
    assert set(g) == {"groups", "demographic_parity_ratio", "demographic_parity_difference",
                      "equalized_odds_difference", "accuracy_disparity"}
    assert g["demographic_parity_ratio"] == pytest.approx(0.8, rel=1e-12)


def test_rejects_non_binary_label(tmp_path):
    with pytest.raises(ValueError, match="0/1"):
        run(tmp_path, {}, label=[0, 2], score=[0.1, 0.2])
