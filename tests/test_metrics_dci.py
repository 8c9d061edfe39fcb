"""DCI: by hand (from importance matrices), properties, errors, agreement with a direct GBT loop.

GBT fits are slow, so the data here are small (a few hundred points, few classes)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from benchmarks import reference_metrics as ref
from metrics._validation import MetricsError
from metrics.dci import completeness_from_importance, dci, disentanglement_from_importance


def test_from_importance_by_hand():
    # one code per factor -> D = C = 1 (up to disentanglement_lib's 1e-11 smoothing)
    d, per = disentanglement_from_importance(np.eye(2))
    assert d == pytest.approx(1.0, abs=1e-9) and per.tolist() == pytest.approx([1, 1], abs=1e-9)
    assert completeness_from_importance(np.eye(2))[0] == pytest.approx(1.0, abs=1e-9)
    # every code equally important for every factor -> D = C = 0
    assert disentanglement_from_importance(np.ones((2, 2)))[0] == pytest.approx(0.0, abs=1e-12)
    assert completeness_from_importance(np.ones((2, 2)))[0] == pytest.approx(0.0, abs=1e-12)
    # R = [[1, 1], [0, 2]] (codes x factors): code 0 spreads (D_0 = 0), code 1 is pure (D_1 = 1),
    # weights 2/4 and 2/4 -> D = 1/2. Factor 0 only from code 0 (C_0 = 1, weight 1/4),
    # factor 1: p = (1/3, 2/3) -> C_1 = 1 - H_2(1/3, 2/3) (weight 3/4)
    r = np.array([[1.0, 1.0], [0.0, 2.0]])
    assert disentanglement_from_importance(r)[0] == pytest.approx(0.5, abs=1e-9)
    h = -(1 / 3 * math.log2(1 / 3) + 2 / 3 * math.log2(2 / 3))
    assert completeness_from_importance(r)[0] == pytest.approx(0.25 + 0.75 * (1 - h), abs=1e-9)
    # all-zero importances: uniform weights, as disentanglement_lib
    assert disentanglement_from_importance(np.zeros((3, 2)))[0] == pytest.approx(0.0, abs=1e-9)
    # same numbers as disentanglement_lib's scipy.stats.entropy formulation
    rng = np.random.RandomState(0)
    m = rng.rand(6, 4)
    assert disentanglement_from_importance(m)[0] == pytest.approx(ref.disentanglement(m), abs=1e-12)
    assert completeness_from_importance(m)[0] == pytest.approx(ref.completeness(m), abs=1e-12)


@pytest.fixture(scope="module")
def small():
    rng = np.random.RandomState(0)
    n = 450
    factors = rng.randint(0, 3, size=(n, 2))
    z = factors + 0.05 * rng.randn(n, 2)
    q = np.array([[1, 1], [-1, 1]]) / np.sqrt(2)
    return {"factors": factors, "axis": np.c_[z, 0.2 * rng.randn(n)],
            "rotated": np.c_[z @ q, 0.2 * rng.randn(n)], "duplicated": np.c_[z, z],
            "noise": rng.randn(n, 3)}


@pytest.mark.parametrize("predictor", ["gbt", "fast"])
def test_properties(small, predictor):
    f = small["factors"]
    run = lambda c: dci(c, f, predictor=predictor, random_state=0)  # noqa: E731
    axis, rot, dup, noise = (run(small[k]) for k in ("axis", "rotated", "duplicated", "noise"))
    assert axis.disentanglement > 0.85 and axis.completeness > 0.85
    assert axis.informativeness_test > 0.95
    assert noise.informativeness_test < 1 / 3 + 0.1
    assert rot.disentanglement < axis.disentanglement - 0.2
    assert rot.completeness < axis.completeness - 0.2
    # duplicated codes: completeness drops, disentanglement does not
    assert dup.completeness < axis.completeness - 0.2
    assert dup.disentanglement > axis.disentanglement - 0.1
    assert axis.score == axis.disentanglement
    assert axis.importance_matrix.shape == (3, 2)
    json.dumps(axis.to_dict())


def test_invariances(small):
    f, codes = small["factors"], small["rotated"]
    base = dci(codes, f, random_state=0)
    # trees visit features in a seeded random order, so permuting the columns changes how
    # exact ties between candidate splits are broken: equal up to small differences
    perm = dci(codes[:, [2, 0, 1]], f, random_state=0)
    np.testing.assert_allclose(perm.importance_matrix, base.importance_matrix[[2, 0, 1]], atol=1e-3)
    assert perm.disentanglement == pytest.approx(base.disentanglement, abs=1e-3)
    changed = dci(codes * np.array([-3.0, 0.5, -100.0]), f, random_state=0)
    assert changed.disentanglement == pytest.approx(base.disentanglement, abs=1e-3)
    assert changed.completeness == pytest.approx(base.completeness, abs=1e-3)


def test_n_jobs_identical_and_regression(small):
    f, codes = small["factors"], small["axis"]
    a = dci(codes, f, random_state=1)
    b = dci(codes, f, random_state=1, n_jobs=2)
    assert np.array_equal(a.importance_matrix, b.importance_matrix)
    assert a.informativeness_test == b.informativeness_test
    r = dci(codes, f, factor_types=["categorical", "ordinal"], predictor="fast", random_state=0)
    assert r.informativeness_per_factor_test[1] > 0.95  # R^2 of the regressed factor
    assert r.disentanglement > 0.8


def test_errors():
    rng = np.random.RandomState(0)
    codes, factors = rng.randn(40, 3), rng.randint(0, 3, size=(40, 2))
    bad = codes.copy()
    bad[3, 2] = np.nan
    with pytest.raises(MetricsError, match="codes: contains NaN"):
        dci(bad, factors)
    with pytest.raises(MetricsError, match="same number of samples"):
        dci(codes, factors[:30])
    with pytest.raises(MetricsError, match="at least 2 samples"):
        dci(codes[:1], factors[:1])
    const = factors.copy()
    const[:, 0] = 2
    with pytest.raises(MetricsError, match=r"column\(s\) \[0\] are constant"):
        dci(codes, const)
    with pytest.raises(MetricsError, match="predictor: expected one of"):
        dci(codes, factors, predictor="svm")
    with pytest.raises(MetricsError, match="factor_types: unknown"):
        dci(codes, factors, factor_types=["categorical", "nominal"])
    with pytest.raises(MetricsError, match="factor_types: expected one entry per factor"):
        dci(codes, factors, factor_types=["ordinal"])
    with pytest.raises(MetricsError, match="DCI needs at least 2 factor columns"):
        dci(codes, factors[:, :1])


@pytest.mark.parametrize("seed", range(2))
def test_agreement_with_direct_gbt(seed):
    rng = np.random.RandomState(seed)
    n = 360
    factors = rng.randint(0, 3, size=(n, 2))
    codes = rng.randn(n, 3) + np.c_[factors, factors[:, 0]] @ rng.randn(3, 3)
    tr, te = slice(0, 240), slice(240, None)
    ours = dci(codes[tr], factors[tr], codes[te], factors[te], random_state=7, n_jobs=2)
    imp, acc_tr, acc_te, d, c = ref.dci_gbt(codes[tr], factors[tr], codes[te], factors[te],
                                            random_state=7)
    assert np.abs(ours.importance_matrix - imp).max() <= 1e-6
    assert ours.disentanglement == pytest.approx(d, abs=1e-6)
    assert ours.completeness == pytest.approx(c, abs=1e-6)
    assert ours.informativeness_train == pytest.approx(acc_tr, abs=1e-6)
    assert ours.informativeness_test == pytest.approx(acc_te, abs=1e-6)
