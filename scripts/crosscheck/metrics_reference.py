#!/usr/bin/env python3
"""Reference implementation of the performance and fairness metrics, on scikit-learn and Fairlearn.

Usage:
    python metrics_reference.py --rows DIR_OR_FILE --config CONFIG.json --out OUT.json

Written from the specification only (not from the Java/Spark code), to cross-check it; every
figure that scikit-learn or Fairlearn provides is taken from them. See test_metrics_reference.py
for hand-computed cases.

--rows: one parquet file, or a directory of Spark part files (names starting with '_' or '.'
are ignored).

CONFIG.json:
    {"problem_type": "binary_classification" | "regression",
     "score": "score" | null,            # column: probability of class 1 (binary), or a value
     "prediction": "prediction" | null,  # column: predicted class 0/1 (binary) or value
     "label": "label",                   # column: 0/1 (int, float or boolean) or value; null = unlabeled
     "decision_threshold": 0.5,          # binary, no prediction column: class = 1 if score >= t
     "favorable_prediction": "1",        # "1"/"0" (also 1, 0, true, false)
     "protected": ["gender", "age_band"],
     "intersections": [["gender", "age_band"]],
     "other_slices": ["region"],
     "min_group_size": 30}

OUT.json (every undefined figure is null; keys of groups are sorted):
    {"problem_type": "binary_classification",
     "overall": PERF,
     "slices": {"region": {"north": PERF, "(missing)": PERF, ...}, ...},
     "fairness": {                        # null for regression
        "gender": FAIR, "age_band": FAIR, "gender & age_band": FAIR}}
  PERF, binary:     {"n", "label_coverage", "auc", "accuracy", "precision", "recall", "f1",
                     "log_loss", "brier"}
  PERF, regression: {"n", "label_coverage", "rmse", "mae", "r2"}
  FAIR: {"groups": {VALUE: GROUP, ...},   # intersection values joined with " & ", e.g. "F & 18-25"
         "demographic_parity_ratio", "demographic_parity_difference",
         "equalized_odds_difference", "accuracy_disparity"}
  GROUP: {"n": rows of the group, "suppressed": true}                      when n < min_group_size
         {"n", "suppressed": false, "n_labeled", "selection_rate", "tpr", "fpr", "accuracy"}

Definitions and decisions:
- A row is labeled when its label is neither null nor NaN. n = labeled rows;
  label_coverage = labeled rows / all rows (null when there are no rows).
- Binary: labels must be 0/1. Predicted class = the prediction column (0/1) when configured,
  else 1 if score >= decision_threshold else 0. A row whose predicted class cannot be formed (null
  prediction, or null/NaN score without a prediction column) is left out of the figures that need
  the class (accuracy, precision, recall, f1, selection_rate, tpr, fpr, group accuracy); a row
  with a null/NaN score is left out of auc, log_loss and brier. Such rows still count in n,
  label_coverage and group sizes.
- auc: roc_auc_score on the raw scores (ties get half credit); null unless both classes occur.
- precision, recall, f1: zero_division=0, i.e. 0 (not null) when nothing is predicted positive
  (precision), no label is positive (recall), or both (f1).
- log_loss: sklearn log_loss(labels=[0, 1]) on the scores clipped to [1e-15, 1 - 1e-15], as the
  Java side clips them. scikit-learn 1.9 itself clips the probabilities of both columns [1-p, p]
  to [eps, 1 - eps] with eps = np.finfo(float64).eps = 2.220446049250313e-16 (no longer a user
  `eps` argument, no renormalisation); after our clip 1-p >= 9.99e-16 > eps, so its clip is a
  no-op and the figure is exactly mean(-ln p | y=1, -ln(1-p) | y=0) with our clipping.
- brier: brier_score_loss(pos_label=1) on the raw scores; null when a score lies outside [0, 1]
  (sklearn refuses those).
- Regression: the prediction column, or the score column when prediction is null, against the
  label; rows with a null/NaN label or prediction are left out. rmse = sqrt(mean_squared_error),
  mae = mean_absolute_error, r2 = r2_score(force_finite=False): null (not sklearn's default 0.0 or
  1.0) when the labels are constant or fewer than two rows.
- Slices (both problem types): the same figures for each value of each other_slices column; no
  suppression. Null group values are the group "(missing)", in slices and in fairness. Group
  values are the column's values as text (pyarrow cast: booleans "true"/"false").
- Fairness (binary only): group n counts all rows of the group; groups with n < min_group_size are
  suppressed and take no part in the attribute figures. Per group: selection_rate =
  fairlearn selection_rate(pos_label=favorable) over its rows with a predicted class; tpr, fpr =
  fairlearn true/false_positive_rate (positive class 1) on labeled rows, null when the group has no
  labeled positive (tpr) or negative (fpr) -- fairlearn/sklearn would report 0 there; accuracy on
  labeled rows.
  demographic_parity_ratio/difference: fairlearn, on ALL rows (labeled or not) of the unsuppressed
  groups; y_true is the label with NaN for unlabeled rows (selection_rate ignores it) and y_pred is
  the indicator (predicted class == favorable), since these functions select pos_label 1. A ratio
  0/0 (no group selected) is null.
  equalized_odds_difference: on labeled rows of the unsuppressed groups; fairlearn
  equalized_odds_difference when every such group has a labeled positive and a labeled negative;
  otherwise max of the tpr and fpr differences (max - min) over the groups where that rate is
  defined (a Fairlearn MetricFrame whose undefined rates are NaN, which .difference() skips), so an
  undefined rate never counts as 0. accuracy_disparity: MetricFrame(accuracy_score).difference()
  on labeled rows of the unsuppressed groups.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from fairlearn.metrics import (MetricFrame, demographic_parity_difference, demographic_parity_ratio,
                               equalized_odds_difference, false_positive_rate, selection_rate,
                               true_positive_rate)
from sklearn.metrics import (accuracy_score, brier_score_loss, f1_score, log_loss,
                             mean_absolute_error, mean_squared_error, precision_score, r2_score,
                             recall_score, roc_auc_score)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drift_reference import read_parquet, to_float64  # noqa: E402

MISSING = "(missing)"
JOIN = " & "
PROB_CLIP = 1e-15
BINARY = "binary_classification"
REGRESSION = "regression"


# ---------------------------------------------------------------- input

def float_column(tables, name):
    """Numeric, boolean or numeric-text column -> float64, null -> NaN."""
    return np.concatenate([to_float64(t.column(name)) for t in tables])


def group_column(tables, name):
    """Column -> object array of str, null -> "(missing)"."""
    chunks = [c for t in tables for c in pc.cast(t.column(name), pa.large_string()).chunks]
    arr = pa.chunked_array(chunks, type=pa.large_string()).combine_chunks()
    return np.array([MISSING if v is None else v for v in arr.to_pylist()], dtype=object)


def favorable_class(v):
    s = str(v).strip().lower()
    if s in ("1", "1.0", "true"):
        return 1
    if s in ("0", "0.0", "false"):
        return 0
    raise ValueError(f"favorable_prediction must be 0 or 1, got {v!r}")


def check_binary(values, what):
    ok = values[~np.isnan(values)]
    bad = ok[(ok != 0) & (ok != 1)]
    if len(bad):
        raise ValueError(f"{what} must be 0/1, found {bad[0]!r}")


# ---------------------------------------------------------------- helpers

def num(v):
    """numpy/python number -> python float, NaN/inf -> None."""
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def coverage(labeled, total):
    return None if total == 0 else labeled / total


# ---------------------------------------------------------------- performance

def binary_metrics(y, score, pred, m):
    """y: float (NaN = unlabeled); score: float (NaN = none) or None; pred: float 0/1 (NaN = none);
    m: boolean mask of the rows in scope."""
    total = int(m.sum())
    lab = m & ~np.isnan(y)
    out = {"n": int(lab.sum()), "label_coverage": coverage(int(lab.sum()), total),
           "auc": None, "accuracy": None, "precision": None, "recall": None, "f1": None,
           "log_loss": None, "brier": None}
    c = lab & ~np.isnan(pred)
    if c.any():
        yt, yp = y[c].astype(int), pred[c].astype(int)
        out["accuracy"] = num(accuracy_score(yt, yp))
        out["precision"] = num(precision_score(yt, yp, pos_label=1, zero_division=0))
        out["recall"] = num(recall_score(yt, yp, pos_label=1, zero_division=0))
        out["f1"] = num(f1_score(yt, yp, pos_label=1, zero_division=0))
    if score is not None:
        s_ok = lab & ~np.isnan(score)
        if s_ok.any():
            yt, s = y[s_ok].astype(int), score[s_ok]
            if len(np.unique(yt)) == 2:
                out["auc"] = num(roc_auc_score(yt, s))
            out["log_loss"] = num(log_loss(yt, np.clip(s, PROB_CLIP, 1 - PROB_CLIP), labels=[0, 1]))
            if s.min() >= 0 and s.max() <= 1:
                out["brier"] = num(brier_score_loss(yt, s, pos_label=1))
    return out


def regression_metrics(y, pred, m):
    total = int(m.sum())
    lab = m & ~np.isnan(y)
    out = {"n": int(lab.sum()), "label_coverage": coverage(int(lab.sum()), total),
           "rmse": None, "mae": None, "r2": None}
    c = lab & ~np.isnan(pred)
    if c.any():
        yt, yp = y[c], pred[c]
        out["rmse"] = num(math.sqrt(mean_squared_error(yt, yp)))
        out["mae"] = num(mean_absolute_error(yt, yp))
        if c.sum() >= 2 and np.ptp(yt) > 0:  # else undefined (sklearn: nan or -inf)
            out["r2"] = num(r2_score(yt, yp, force_finite=False))
    return out


# ---------------------------------------------------------------- fairness

def _tpr(y_true, y_pred):
    return true_positive_rate(y_true, y_pred, pos_label=1) if (y_true == 1).any() else np.nan


def _fpr(y_true, y_pred):
    return false_positive_rate(y_true, y_pred, pos_label=1) if (y_true == 0).any() else np.nan


def fairness(groups, y, pred, favorable, min_group_size):
    """groups: object array of group values for all rows."""
    has_pred = ~np.isnan(pred)
    labeled = ~np.isnan(y)
    values, counts = np.unique(groups, return_counts=True)
    kept = set()
    out_groups = {}
    for v, n in zip(values.tolist(), counts.tolist()):
        if n < min_group_size:
            out_groups[v] = {"n": n, "suppressed": True}
            continue
        kept.add(v)
        g = groups == v
        gp = g & has_pred
        gl = gp & labeled
        yl, pl = y[gl].astype(int), pred[gl].astype(int)
        out_groups[v] = {
            "n": n, "suppressed": False, "n_labeled": int((g & labeled).sum()),
            "selection_rate": num(selection_rate(y[gp], pred[gp].astype(int), pos_label=favorable))
            if gp.any() else None,
            "tpr": num(_tpr(yl, pl)) if gl.any() else None,
            "fpr": num(_fpr(yl, pl)) if gl.any() else None,
            "accuracy": num(accuracy_score(yl, pl)) if gl.any() else None,
        }
    res = {"groups": dict(sorted(out_groups.items())), "demographic_parity_ratio": None,
           "demographic_parity_difference": None, "equalized_odds_difference": None,
           "accuracy_disparity": None}

    keep = np.isin(groups, list(kept)) & has_pred  # all rows of unsuppressed groups, labeled or not
    if keep.any():
        selected = (pred[keep].astype(int) == favorable).astype(int)  # pos_label 1 = favorable
        sf = groups[keep]
        res["demographic_parity_ratio"] = num(demographic_parity_ratio(y[keep], selected, sensitive_features=sf))
        res["demographic_parity_difference"] = num(
            demographic_parity_difference(y[keep], selected, sensitive_features=sf))

    lk = keep & labeled  # equalized odds and accuracy: labeled rows only
    if lk.any():
        yt, yp, sf = y[lk].astype(int), pred[lk].astype(int), groups[lk]
        both = all(((yt[sf == v] == 1).any() and (yt[sf == v] == 0).any()) for v in np.unique(sf))
        if both:
            res["equalized_odds_difference"] = num(equalized_odds_difference(yt, yp, sensitive_features=sf))
        else:
            diffs = MetricFrame(metrics={"tpr": _tpr, "fpr": _fpr}, y_true=yt, y_pred=yp,
                                sensitive_features=sf).difference()
            res["equalized_odds_difference"] = num(diffs.max()) if diffs.notna().any() else None
        res["accuracy_disparity"] = num(
            MetricFrame(metrics=accuracy_score, y_true=yt, y_pred=yp, sensitive_features=sf).difference())
    return res


# ---------------------------------------------------------------- driver

def compute(rows_path, config):
    problem = config["problem_type"]
    if problem not in (BINARY, REGRESSION):
        raise ValueError(f"problem_type must be {BINARY} or {REGRESSION}, got {problem!r}")
    score_col, pred_col, label_col = config.get("score"), config.get("prediction"), config["label"]
    if not score_col and not pred_col:
        raise ValueError("config needs a score or a prediction column")
    protected = list(config.get("protected") or [])
    intersections = [list(i) for i in (config.get("intersections") or [])]
    slices = list(config.get("other_slices") or [])
    group_cols = protected + [c for i in intersections for c in i] + slices
    cols = list(dict.fromkeys([c for c in (label_col, score_col, pred_col) if c] + group_cols))
    tables = read_parquet(rows_path, cols)

    y = float_column(tables, label_col)
    score = float_column(tables, score_col) if score_col else None
    everything = np.ones(len(y), dtype=bool)
    gcache = {}

    def groups_of(col):
        if col not in gcache:
            gcache[col] = group_column(tables, col)
        return gcache[col]

    if problem == REGRESSION:
        pred = float_column(tables, pred_col) if pred_col else score
        perf = lambda m: regression_metrics(y, pred, m)  # noqa: E731
    else:
        check_binary(y, f"label column {label_col!r}")
        if pred_col:
            pred = float_column(tables, pred_col)
            check_binary(pred, f"prediction column {pred_col!r}")
        else:
            threshold = float(config.get("decision_threshold", 0.5))
            pred = np.where(np.isnan(score), np.nan, (score >= threshold).astype(np.float64))
        perf = lambda m: binary_metrics(y, score, pred, m)  # noqa: E731

    out = {"problem_type": problem, "overall": perf(everything), "slices": {}, "fairness": None}
    for col in slices:
        g = groups_of(col)
        out["slices"][col] = {v: perf(g == v) for v in sorted(set(g.tolist()))}

    if problem == BINARY:
        favorable = favorable_class(config.get("favorable_prediction", 1))
        min_size = int(config.get("min_group_size", 0))
        out["fairness"] = {}
        for col in protected:
            out["fairness"][col] = fairness(groups_of(col), y, pred, favorable, min_size)
        for cols_ in intersections:
            parts = [groups_of(c) for c in cols_]
            joined = np.array([JOIN.join(t) for t in zip(*parts)], dtype=object) if len(y) else \
                np.array([], dtype=object)
            out["fairness"][JOIN.join(cols_)] = fairness(joined, y, pred, favorable, min_size)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    with open(args.config) as f:
        config = json.load(f)
    result = compute(args.rows, config)
    with open(args.out, "w") as f:
        # allow_nan=False: every undefined figure must already be None; floats are written with
        # repr, the shortest text that round-trips the double.
        json.dump(result, f, indent=2, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
