#!/usr/bin/env python3
"""Reference implementation of a shadow-mode comparison (champion against challenger, pair by pair).

Usage:
    python shadow_reference.py --pairs PAIRS.csv --out OUT.json [--min-group-size N]

Written from the specification only (not from the Java code), to cross-check it. Every figure
that numpy, scikit-learn or Fairlearn provides is taken from them.

PAIRS.csv: one matched pair per row, with a header:
    champion_score, challenger_score   in [0, 1]
    champion_decision, challenger_decision   0/1, empty when the version made none
    label   0/1, empty when the pair has none (yet)
    group   the pair's group of the protected attribute "group"
    champion_rows   (first row only) the champion's rows in the window, paired or not

The specification:
- pairs: the number of rows; coverage = pairs / champion_rows.
- agreement: the share of pairs where both versions decided whose decisions are equal.
- mean_abs_diff: mean of |challenger_score - champion_score|.
- p95_abs_diff: the absolute differences are counted in bins of width 1e-4 (bin floor(d / 1e-4),
  the last bin 9999 holding everything from 0.9999 up); the figure is the upper edge (b + 1) * 1e-4
  of the bin b that holds the nearest-rank 95th percentile (rank ceil(0.95 n)), at most 1.
- score_psi: scores are placed in the score bins round(s * 10000) (half up); the champion's
  deciles are the bins of its nearest-rank k/10 quantiles (rank ceil(k n / 10), k = 1..9); a bin
  belongs to the group of the edges strictly below it (ten groups); PSI = sum over groups of
  (a - e) ln(a / e) with a and e the challenger's and champion's shares, a zero share replaced by
  1e-4.
- auc of each version on the labelled pairs: roc_auc_score of its scores rounded to 4 decimals
  (the score bins; exact when the scores have at most 4 decimals), null unless both classes occur.
- parity of each version: Fairlearn's demographic_parity_ratio of its decisions (favorable = 1)
  over the pairs with a decision, by group; groups of fewer than --min-group-size pairs are left
  out.
"""
import argparse
import json
import math

import numpy as np
import pandas as pd
from fairlearn.metrics import demographic_parity_ratio
from sklearn.metrics import roc_auc_score

DIFF_WIDTH = 1e-4
DIFF_BINS = 10000
SCORE_BINS = 10000
EPS = 1e-4


def num(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def p95(d):
    n = len(d)
    if n == 0:
        return None
    bins = np.minimum(np.floor(d / DIFF_WIDTH).astype(np.int64), DIFF_BINS - 1)
    rank = math.ceil(0.95 * n)
    b = int(np.sort(bins)[rank - 1])
    return min(1.0, (b + 1) * DIFF_WIDTH)


def score_bins(s):
    return np.floor(s * SCORE_BINS + 0.5).astype(np.int64)


def psi(champion, challenger):
    n = len(champion)
    if n == 0:
        return None
    cb = score_bins(champion)
    xb = score_bins(challenger)
    ordered = np.sort(cb)
    edges = [int(ordered[math.ceil(k * n / 10) - 1]) for k in range(1, 10)]
    e = np.zeros(10)
    a = np.zeros(10)
    for b in cb:
        e[sum(1 for x in edges if b > x)] += 1
    for b in xb:
        a[sum(1 for x in edges if b > x)] += 1
    total = 0.0
    for g in range(10):
        ae = a[g] / n if a[g] > 0 else EPS
        ee = e[g] / n if e[g] > 0 else EPS
        total += (ae - ee) * math.log(ae / ee)
    return total


def auc(label, score):
    keep = ~np.isnan(label)
    y = label[keep]
    if len(np.unique(y)) < 2:
        return None
    return float(roc_auc_score(y, np.round(score[keep], 4)))


def parity(decision, group, min_group_size):
    keep = ~np.isnan(decision)
    sizes = pd.Series(group).value_counts()
    big = set(sizes[sizes >= min_group_size].index)
    keep &= np.array([g in big for g in group])
    if keep.sum() == 0:
        return None
    selected = decision[keep]
    if selected.sum() == 0:
        return None
    return num(demographic_parity_ratio(selected, selected, sensitive_features=group[keep]))


def compute(pairs, min_group_size):
    cs = pairs["champion_score"].to_numpy(float)
    xs = pairs["challenger_score"].to_numpy(float)
    cd = pairs["champion_decision"].to_numpy(float)
    xd = pairs["challenger_decision"].to_numpy(float)
    y = pairs["label"].to_numpy(float)
    g = pairs["group"].astype(str).to_numpy()
    n = len(pairs)
    champion_rows = int(pairs["champion_rows"].iloc[0]) if n else 0
    decided = ~np.isnan(cd) & ~np.isnan(xd)
    d = np.abs(xs - cs)
    return {
        "pairs": n,
        "coverage": num(n / champion_rows) if champion_rows else None,
        "agreement": num(np.mean(cd[decided] == xd[decided])) if decided.any() else None,
        "mean_abs_diff": num(np.mean(d)) if n else None,
        "p95_abs_diff": p95(d),
        "score_psi": psi(cs, xs),
        "champion_auc": auc(y, cs),
        "challenger_auc": auc(y, xs),
        "champion_parity": parity(cd, g, min_group_size),
        "challenger_parity": parity(xd, g, min_group_size),
    }


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--min-group-size", type=int, default=0)
    args = ap.parse_args(argv)
    pairs = pd.read_csv(args.pairs, float_precision="round_trip", keep_default_na=True)
    with open(args.out, "w") as f:
        json.dump(compute(pairs, args.min_group_size), f, indent=1)


if __name__ == "__main__":
    main()
