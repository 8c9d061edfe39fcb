"""SAP, both modes: by hand, properties, errors, agreement with disentanglement_lib's loop."""

from __future__ import annotations

import json

import numpy as np
import pytest

from benchmarks import reference_metrics as ref
from metrics._validation import MetricsError
from metrics.sap import sap


def _data(n=900, seed=0):
    rng = np.random.RandomState(seed)
    factors = rng.randint(0, 3, size=(n, 2))
    z = factors + 0.05 * rng.randn(n, 2)
    return rng, factors, z


def test_continuous_by_hand():
    v = np.array([0.0, 1.0, 2.0, 3.0])
    z1 = 2 * v + 1                      # R^2 = 1
    z2 = np.array([1.0, 0.0, 0.0, 1.0])  # cov with v = (-.75 + .25 - .25 + .75)/3 = 0
    z3 = np.array([0.0, 0.0, 1.0, 1.0])  # cov = 2/3, var = 1/3, var v = 5/3 -> R^2 = 0.8
    r = sap(np.c_[z1, z2, z3], v[:, None], continuous=True)
    assert r.score_matrix.ravel().tolist() == pytest.approx([1.0, 0.0, 0.8], abs=1e-12)
    assert r.score == pytest.approx(0.2, abs=1e-12)
    assert r.top_latents.tolist() == [0]
    # a constant code scores 0, not NaN
    r = sap(np.c_[z1, np.ones(4)], v[:, None], continuous=True)
    assert r.score_matrix.ravel().tolist() == [1.0, 0.0]


def test_discrete_by_hand():
    # binary factor perfectly separated by code 0; code 1 is uninformative (constant)
    y = np.array([0, 1] * 10)
    codes = np.c_[y * 10.0 - 5.0, np.zeros(20)]
    r = sap(codes, y[:, None], codes, y[:, None])
    assert r.score_matrix[0, 0] == 1.0
    assert r.score_matrix[1, 0] == 0.5  # the constant code predicts one class: half right
    assert r.score == pytest.approx(0.5)


def test_perfect_and_noise():
    rng, factors, z = _data()
    assert sap(z, factors, random_state=0).score > 0.3
    assert sap(z, factors, continuous=True).score > 0.9
    noise = rng.randn(len(factors), 2)
    assert sap(noise, factors, random_state=0).score < 0.06
    assert sap(noise, factors, continuous=True).score < 0.02


def test_discrete_ceiling_for_many_valued_factors():
    # a perfect code of a 10-valued factor: a one-feature linear SVM cannot reach 100%
    rng = np.random.RandomState(0)
    y = rng.randint(0, 10, size=(2000, 1))
    codes = np.c_[y + 0.01 * rng.randn(2000, 1), rng.randn(2000, 1)]
    r = sap(codes, y, random_state=0)
    assert r.score_matrix[0, 0] < 0.5          # the documented low ceiling
    assert sap(codes, y, continuous=True).score > 0.99


def test_rotated_lower_and_duplicates():
    rng, factors, z = _data()
    q = np.array([[1, 1], [-1, 1]]) / np.sqrt(2)
    for cont in (False, True):
        axis = sap(z, factors, continuous=cont, random_state=0).score
        assert sap(z @ q, factors, continuous=cont, random_state=0).score < axis - 0.2
        # a duplicated code closes every gap
        assert sap(np.c_[z, z], factors, continuous=cont, random_state=0).score < 0.05


def test_invariances():
    rng, factors, z = _data()
    codes = np.c_[z @ np.array([[0.8, 0.6], [-0.6, 0.8]]), 0.5 * rng.randn(len(z))]
    for cont in (False, True):
        base = sap(codes, factors, continuous=cont, random_state=0).score
        assert sap(codes[:, [2, 0, 1]], factors, continuous=cont, random_state=0).score == \
            pytest.approx(base, abs=1e-9)
        flipped = codes * np.array([-1, 1, -1])
        assert sap(flipped, factors, continuous=cont, random_state=0).score == \
            pytest.approx(base, abs=1e-9)
    # R^2 is scale invariant (the discrete mode's regularised SVM is not, by design)
    base = sap(codes, factors, continuous=True).score
    assert sap(codes * np.array([1e3, 0.01, 7.0]), factors, continuous=True).score == \
        pytest.approx(base, abs=1e-9)


def test_n_jobs_and_seed_reproducible():
    _, factors, z = _data(n=600)
    a = sap(z, factors, random_state=3)
    b = sap(z, factors, random_state=3, n_jobs=2)
    assert np.array_equal(a.score_matrix, b.score_matrix)
    json.dumps(a.to_dict())


def test_errors():
    rng = np.random.RandomState(0)
    codes, factors = rng.randn(30, 3), rng.randint(0, 3, size=(30, 2))
    bad = codes.copy()
    bad[0, 0] = np.nan
    for cont in (False, True):
        with pytest.raises(MetricsError, match="codes: contains NaN"):
            sap(bad, factors, continuous=cont)
        with pytest.raises(MetricsError, match="same number of samples"):
            sap(codes[:10], factors, continuous=cont)
        with pytest.raises(MetricsError, match="at least 2 samples"):
            sap(codes[:1], factors[:1], continuous=cont)
        const = factors.copy()
        const[:, 0] = 1
        with pytest.raises(MetricsError, match=r"column\(s\) \[0\] are constant"):
            sap(codes, const, continuous=cont)
        with pytest.raises(MetricsError, match="SAP needs at least 2 latent dimensions"):
            sap(codes[:, :1], factors, continuous=cont)
    with pytest.raises(MetricsError, match="codes_test: expected 3 columns"):
        sap(codes, factors, codes[:, :2], factors)


@pytest.mark.parametrize("seed", range(3))
def test_agreement_with_reference(seed):
    rng = np.random.RandomState(seed)
    n, d, k = 600, 4, 3
    factors = rng.randint(0, 4, size=(n, k))
    codes = rng.randn(n, d) + np.c_[factors, factors[:, 0]] @ rng.randn(d, d)
    tr, te = slice(0, 400), slice(400, None)
    ours = sap(codes[tr], factors[tr], codes[te], factors[te])
    score, matrix = ref.sap(codes[tr], factors[tr], codes[te], factors[te])
    assert np.abs(ours.score_matrix - matrix).max() <= 1e-9
    assert ours.score == pytest.approx(score, abs=1e-9)
    ours = sap(codes[tr], factors[tr], continuous=True)
    score, matrix = ref.sap(codes[tr], factors[tr], codes[te], factors[te], continuous_factors=True)
    assert np.abs(ours.score_matrix - matrix).max() <= 1e-9
    assert ours.score == pytest.approx(score, abs=1e-9)
