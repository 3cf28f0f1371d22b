"""Hand-computed cases for shadow_reference.py."""
import math

import numpy as np
import pandas as pd

from shadow_reference import compute, p95, psi


def frame(rows, champion_rows):
    df = pd.DataFrame(rows, columns=["champion_score", "challenger_score", "champion_decision",
                                     "challenger_decision", "label", "group"])
    df["champion_rows"] = champion_rows
    return df


def test_identical_versions():
    rows = [(0.1, 0.1, 0, 0, 0, "F"), (0.9, 0.9, 1, 1, 1, "M"), (0.6, 0.6, 1, 1, 0, "F"),
            (0.3, 0.3, 0, 0, 1, "M")]
    out = compute(frame(rows, 8), 0)
    assert out["pairs"] == 4
    assert out["coverage"] == 0.5
    assert out["agreement"] == 1.0
    assert out["mean_abs_diff"] == 0.0
    assert abs(out["p95_abs_diff"] - 1e-4) < 1e-15
    assert out["score_psi"] == 0.0
    # Positives at .9 and .3, negatives at .1 and .6: pairs won (.9>.1, .9>.6, .3>.1) = 3 of 4.
    assert out["champion_auc"] == 0.75
    assert out["champion_auc"] == out["challenger_auc"]
    # F selected 1 of 2, M 1 of 2: parity 1.
    assert out["champion_parity"] == 1.0


def test_disagreement_and_differences():
    rows = [(0.40, 0.60, 0, 1, np.nan, "F"), (0.20, 0.25, 0, 0, np.nan, "F"),
            (0.70, 0.70, 1, 1, np.nan, "M"), (0.55, 0.45, 1, 0, np.nan, "M")]
    out = compute(frame(rows, 4), 0)
    assert out["agreement"] == 0.5
    assert abs(out["mean_abs_diff"] - (0.2 + 0.05 + 0 + 0.1) / 4) < 1e-15
    # Nearest rank ceil(.95 * 4) = 4: the largest, 0.2 (bin 1999 or 2000 by rounding), edge 0.2(001).
    assert 0.2 <= out["p95_abs_diff"] <= 0.2001 + 1e-12
    assert out["champion_auc"] is None


def test_p95_and_psi_by_hand():
    assert p95(np.array([])) is None
    assert abs(p95(np.array([0.0] * 19 + [0.5])) - 1e-4) < 1e-15
    assert abs(p95(np.array([0.0] * 18 + [0.5, 0.5])) - 0.5001) < 1e-12
    champion = np.arange(100) / 100.0
    assert psi(champion, champion) == 0.0
    # Everything moved above the top decile's edge: the challenger's whole share in group 9.
    shifted = np.full(100, 0.999)
    expected = sum((a - e) * math.log(a / e) for a, e in [(1e-4, 0.1)] * 9 + [(1.0, 0.1)])
    assert abs(psi(champion, shifted) - expected) < 1e-12
