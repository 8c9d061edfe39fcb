"""Information-based metrics: the shared helpers, MIG family, modularity, explicitness,
InfoMEC and the unsupervised scores. Three tiers: hand-computed values on tiny arrays,
properties, errors; plus agreement with the per-pair references of disentanglement_lib."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from sklearn.metrics import mutual_info_score

from benchmarks import reference_metrics as ref
from metrics._info import (discrete_entropy, encode_labels, histogram_discretize,
                           joint_entropy_matrix, mutual_info_matrix)
from metrics._validation import MetricsError
from metrics.infomec import infomec
from metrics.mig import dcimig, jemmig, mig, mig_sup
from metrics.modularity import _modularity_from_mi, explicitness, modularity
from metrics.unsupervised import (gaussian_total_correlation, mutual_info_codes,
                                  wasserstein_correlation)

LN2 = math.log(2)


# ------------------------------------------------------------------ fixtures


def _data(n=1500, k=3, v=6, seed=0, noise=0.01):
    rng = np.random.RandomState(seed)
    factors = rng.randint(0, v, size=(n, k))
    z = (factors - (v - 1) / 2) / v + noise * rng.randn(n, k)
    return rng, factors, z


@pytest.fixture(scope="module")
def data():
    rng, factors, z = _data()
    q, _ = np.linalg.qr(rng.randn(3, 3))
    n = len(factors)
    return {
        "factors": factors,
        "axis": z,
        "rotated": z @ q,
        "duplicated": np.c_[z, z[:, :2]],
        "noise": rng.randn(n, 3),
        "extra": 0.3 * rng.randn(n, 2),  # two uninformative dimensions
    }


# ------------------------------------------------------------------ tier 1: by hand


def test_histogram_discretize_by_hand():
    x = np.array([[0.0, 5.0], [0.5, 5.0], [1.0, 5.0], [0.26, 5.0]])
    labels = histogram_discretize(x, 2)
    # column 0: edges [0, .5, 1] -> digitize against [0, .5]; column 1 constant -> one bin
    assert labels[:, 0].tolist() == [1, 2, 2, 1]
    assert len(set(labels[:, 1].tolist())) == 1
    assert histogram_discretize(np.array([[0.0], [0.32], [1.0]]), 20).ravel().tolist() == [1, 7, 20]


def test_encode_labels_and_entropy_by_hand():
    labels, sizes = encode_labels(np.array([[2.5, 0], [7.0, 0], [2.5, 1], [2.5, 1]]))
    assert labels[:, 0].tolist() == [0, 1, 0, 0] and sizes.tolist() == [2, 2]
    h = discrete_entropy(labels)
    assert h[0] == pytest.approx(-(0.75 * math.log(0.75) + 0.25 * math.log(0.25)), abs=1e-15)
    assert h[1] == pytest.approx(LN2, abs=1e-15)


def test_mutual_info_four_samples_by_hand():
    a = np.array([[0, 0, 0], [0, 0, 1], [1, 1, 0], [1, 1, 1]])
    b = np.array([[0], [0], [0], [1]])
    m = mutual_info_matrix(a, np.c_[a[:, 0], b])
    assert m[0, 0] == pytest.approx(LN2, abs=1e-15)          # I(a0; a0) = H = log 2
    assert m[2, 0] == pytest.approx(0.0, abs=1e-15)          # independent columns
    # a0 = [0,0,1,1], b = [0,0,0,1]: p(0,0)=1/2, p(1,0)=1/4, p(1,1)=1/4
    expected = 0.5 * math.log(0.5 / (0.5 * 0.75)) + 0.25 * math.log(0.25 / (0.5 * 0.75)) \
        + 0.25 * math.log(0.25 / (0.5 * 0.25))
    assert m[0, 1] == pytest.approx(expected, abs=1e-15)
    je = joint_entropy_matrix(a[:, :1], b)
    assert je[0, 0] == pytest.approx(-(0.5 * math.log(0.5) + 2 * 0.25 * math.log(0.25)), abs=1e-15)


def test_mutual_info_chunked_path_matches(monkeypatch):
    import metrics._info as info

    rng = np.random.RandomState(0)
    a, b = rng.randint(0, 7, size=(300, 4)), rng.randint(3, 9, size=(300, 3))
    full = mutual_info_matrix(a, b)
    monkeypatch.setattr(info, "_MAX_CELLS", 10)  # force the column-by-column bincount
    assert np.array_equal(mutual_info_matrix(a, b), full)
    expected = [[mutual_info_score(b[:, j], a[:, i]) for j in range(3)] for i in range(4)]
    np.testing.assert_allclose(full, expected, atol=1e-12)


def test_mig_family_by_hand():
    factors = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    # each code copies one factor: MI matrix = log2 * I -> every gap is 1
    assert mig(factors.astype(float), factors).score == pytest.approx(1.0, abs=1e-12)
    assert mig_sup(factors.astype(float), factors).score == pytest.approx(1.0, abs=1e-12)
    assert dcimig(factors.astype(float), factors).score == pytest.approx(1.0, abs=1e-12)
    # JEMMIG: H(z*, v) = log 2 = I(z*; v), second MI 0 -> JEMMIG 0 -> score 1
    assert jemmig(factors.astype(float), factors).score == pytest.approx(1.0, abs=1e-12)
    # both codes copy factor 0: factor 0 gap 0 (tie), factor 1 gap 0 (no information)
    codes = np.c_[factors[:, 0], factors[:, 0]].astype(float)
    r = mig(codes, factors)
    assert r.score == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(r.mutual_info, [[LN2, 0.0], [LN2, 0.0]], atol=1e-12)
    # DCIMIG: each code's gap is log 2 - 0 for factor 0; D_0 = log2, D_1 = 0; / (2 log 2)
    assert dcimig(codes, factors).score == pytest.approx(0.5, abs=1e-12)
    # JEMMIG for factor 1: H(z*, v1) = 2 log 2, I = 0 -> normalised 2log2 / (log2 + log20)
    j = jemmig(codes, factors)
    assert j.per_factor.tolist() == pytest.approx([LN2, 2 * LN2], abs=1e-12)
    assert j.score == pytest.approx(1 - 0.5 * (LN2 + 2 * LN2) / (LN2 + math.log(20)), abs=1e-12)


def test_modularity_by_hand():
    m = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0], [2.0, 1.0]])
    # row 0: one factor -> 1; row 1: equal -> delta 1 -> 0; row 2: no info -> 0;
    # row 3: (4+1-4)/(4*1) = 1/4 -> 3/4
    assert _modularity_from_mi(m).tolist() == pytest.approx([1.0, 0.0, 0.0, 0.75], abs=1e-15)


def test_unsupervised_by_hand():
    codes = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 1.0], [3.0, 2.0]])
    cov = np.cov(codes.T)  # [[5/3, 1], [1, 2/3]]
    a, b, c = 5 / 3, 2 / 3, 1.0
    np.testing.assert_allclose(cov, [[a, c], [c, b]], atol=1e-12)
    tc = 0.5 * (math.log(a) + math.log(b) - math.log(a * b - c * c))
    assert gaussian_total_correlation(codes).score == pytest.approx(tc, abs=1e-12)
    # two independent binary codes -> MI 0; identical codes -> MI log 2
    z = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    assert mutual_info_codes(z).score == pytest.approx(0.0, abs=1e-15)
    assert mutual_info_codes(np.c_[z[:, 0], z[:, 0]]).score == pytest.approx(LN2, abs=1e-15)
    # uncorrelated codes: sqrt(cov * diag) is diagonal -> W = 0
    assert wasserstein_correlation(z).score == pytest.approx(0.0, abs=1e-12)


# ------------------------------------------------------------------ tier 2: properties


MI_METRICS = [mig, mig_sup, dcimig, jemmig, modularity]


@pytest.mark.parametrize("fn", MI_METRICS, ids=lambda f: f.__name__)
def test_perfect_codes_score_near_max(data, fn):
    assert fn(data["axis"], data["factors"]).score > 0.9


@pytest.mark.parametrize("fn,limit", [(mig, 0.05), (mig_sup, 0.05), (dcimig, 0.05),
                                      (jemmig, 0.2)], ids=lambda x: getattr(x, "__name__", ""))
def test_noise_scores_near_zero(data, fn, limit):
    assert fn(data["noise"], data["factors"]).score < limit


def test_modularity_noise_is_below_perfect(data):
    # modularity does not penalise uninformative codes much (documented pitfall)
    assert modularity(data["noise"], data["factors"]).score < \
        modularity(data["axis"], data["factors"]).score - 0.2


@pytest.mark.parametrize("fn", MI_METRICS, ids=lambda f: f.__name__)
def test_rotated_scores_lower(data, fn):
    assert fn(data["rotated"], data["factors"]).score < fn(data["axis"], data["factors"]).score - 0.1


@pytest.mark.parametrize("fn", MI_METRICS + [mutual_info_codes], ids=lambda f: f.__name__)
def test_invariant_to_permutation_scaling_sign(data, fn):
    codes, factors = np.c_[data["rotated"], data["extra"]], data["factors"]
    args = (factors,) if fn is not mutual_info_codes else ()
    base = fn(codes, *args).score
    perm = [4, 2, 0, 3, 1]
    flipped = codes * np.array([1, -1, 1, -1, -1])
    scaled = codes * np.array([2.0, 0.25, 8.0, 1.0, 0.5])  # powers of 2: exact in floating point
    for c in (codes[:, perm], flipped, scaled):
        assert fn(c, *args).score == pytest.approx(base, abs=1e-9)


def test_duplicated_codes(data):
    f = data["factors"]
    # MIG measures compactness: a duplicated dimension removes the gap of its factor
    assert mig(data["duplicated"], f).score < mig(data["axis"], f).score - 0.5
    # MIG-sup and modularity look per code dimension: duplicates do not hurt them
    assert mig_sup(data["duplicated"], f).score > 0.9
    assert modularity(data["duplicated"], f).score > 0.9


def test_explicitness_properties(data):
    f = data["factors"][:900]
    perfect = explicitness(data["axis"][:900], f, random_state=0)
    noise = explicitness(data["noise"][:900], f, random_state=0)
    assert perfect.score > 0.95 and perfect.train > 0.95
    assert abs(noise.score - 0.5) < 0.05
    codes = np.c_[data["rotated"], data["extra"]][:900]
    base = explicitness(codes, f, random_state=0).score
    changed = codes[:, [3, 1, 0, 4, 2]] * np.array([3.0, -1.0, 0.1, 1.0, -7.0])
    assert explicitness(changed, f, random_state=0).score == pytest.approx(base, abs=1e-3)


def test_infomec_properties(data):
    f = data["factors"][:1000]
    kw = dict(estimator="histogram", random_state=0)
    perfect = infomec(data["axis"][:1000], f, **kw)
    assert min(perfect.infom, perfect.infoc, perfect.infoe) > 0.9
    assert perfect.score == perfect.infom
    noise = infomec(data["noise"][:1000], f, **kw)
    assert noise.infoe < 0.05
    rotated = infomec(data["rotated"][:1000], f, **kw)
    assert rotated.infom < perfect.infom - 0.3 and rotated.infoc < perfect.infoc - 0.3
    assert rotated.infoe > 0.9  # explicitness ignores the rotation
    dup = infomec(data["duplicated"][:1000], f, **kw)
    assert dup.infoc < perfect.infoc - 0.2 and dup.infom > 0.9
    # pruning: a collapsed dimension is inactive and does not change the scores
    collapsed = np.c_[data["axis"][:1000], 1e-4 * data["noise"][:1000, 0]]
    r = infomec(collapsed, f, **kw)
    assert r.active.tolist() == [True, True, True, False]
    assert r.infom == pytest.approx(perfect.infom, abs=1e-12)
    # invariance (histogram estimator is deterministic)
    codes = np.c_[data["rotated"], data["extra"]][:1000]
    changed = codes[:, [3, 1, 0, 4, 2]] * np.array([2.0, -1.0, 0.5, 1.0, -4.0])
    a, b = infomec(codes, f, **kw), infomec(changed, f, **kw)
    assert b.infom == pytest.approx(a.infom, abs=1e-9) and b.infoc == pytest.approx(a.infoc, abs=1e-9)
    assert b.infoe == pytest.approx(a.infoe, abs=1e-3)


def test_infomec_ksg_estimator(data):
    f = data["factors"][:800]
    perfect = infomec(data["axis"][:800], f, random_state=0)
    rotated = infomec(data["rotated"][:800], f, random_state=0)
    assert perfect.infom > 0.9 and rotated.infom < perfect.infom - 0.3
    assert infomec(data["axis"][:800], f, random_state=0).infom == perfect.infom  # seeded


def test_unsupervised_properties(data):
    rng = np.random.RandomState(1)
    indep = rng.randn(4000, 4)
    assert gaussian_total_correlation(indep).score < 0.01
    assert wasserstein_correlation(indep).normalized < 0.01
    assert mutual_info_codes(indep).score < 0.05
    q, _ = np.linalg.qr(rng.randn(4, 4))
    mixed = indep * np.array([1.0, 2.0, 3.0, 4.0]) @ q
    assert gaussian_total_correlation(mixed).score > 0.1
    assert wasserstein_correlation(mixed).normalized > 0.05
    assert mutual_info_codes(mixed).score > mutual_info_codes(indep).score + 0.02
    base = gaussian_total_correlation(mixed).score
    changed = mixed[:, [2, 0, 3, 1]] * np.array([3.0, -0.5, 1.0, -10.0])
    assert gaussian_total_correlation(changed).score == pytest.approx(base, rel=1e-9)
    w = wasserstein_correlation(mixed).score
    assert wasserstein_correlation(mixed[:, [2, 0, 3, 1]] * np.array([1, -1, -1, 1])).score == \
        pytest.approx(w, rel=1e-9)


def test_results_are_frozen_and_serialisable(data):
    r = mig(data["axis"], data["factors"])
    with pytest.raises(AttributeError):
        r.score = 0.0
    d = r.to_dict()
    assert json.loads(json.dumps(d))["score"] == pytest.approx(r.score)
    assert np.asarray(d["mutual_info"]).shape == (3, 3)
    for fn in (mig_sup, dcimig, jemmig, modularity):
        json.dumps(fn(data["axis"], data["factors"]).to_dict())
    json.dumps(infomec(data["axis"][:300], data["factors"][:300], estimator="histogram").to_dict())
    json.dumps(gaussian_total_correlation(data["axis"]).to_dict())


# ------------------------------------------------------------------ tier 3: errors


SUPERVISED = [mig, mig_sup, dcimig, jemmig, modularity, explicitness,
              lambda c, f: infomec(c, f, estimator="histogram")]


@pytest.mark.parametrize("fn", SUPERVISED)
def test_errors(fn):
    rng = np.random.RandomState(0)
    codes, factors = rng.randn(30, 3), rng.randint(0, 3, size=(30, 2))
    bad = codes.copy()
    bad[4, 1] = np.nan
    with pytest.raises(MetricsError, match="codes: contains NaN"):
        fn(bad, factors)
    with pytest.raises(MetricsError, match="same number of samples"):
        fn(codes[:20], factors)
    with pytest.raises(MetricsError, match="at least 2 samples"):
        fn(codes[:1], factors[:1])
    const = factors.copy()
    const[:, 1] = 4
    with pytest.raises(MetricsError, match=r"factors: column\(s\) \[1\] are constant"):
        fn(codes, const)
    with pytest.raises(MetricsError, match="2-D array"):
        fn(codes[None], factors)


@pytest.mark.parametrize("fn", [gaussian_total_correlation, wasserstein_correlation,
                                mutual_info_codes])
def test_unsupervised_errors(fn):
    codes = np.random.RandomState(0).randn(30, 3)
    bad = codes.copy()
    bad[2, 2] = np.inf
    with pytest.raises(MetricsError, match="codes: contains NaN or inf"):
        fn(bad)
    with pytest.raises(MetricsError, match="at least 2 samples"):
        fn(codes[:1])
    with pytest.raises(MetricsError, match="at least 2 latent dimensions"):
        fn(codes[:, :1])


def test_metric_specific_errors():
    rng = np.random.RandomState(0)
    codes, factors = rng.randn(30, 3), rng.randint(0, 3, size=(30, 2))
    with pytest.raises(MetricsError, match="MIG needs at least 2"):
        mig(codes[:, :1], factors)
    with pytest.raises(MetricsError, match="MIG-sup needs at least 2"):
        mig_sup(codes, factors[:, :1])
    for fn in (mig, modularity, lambda c, f, n_bins: mutual_info_codes(c, n_bins=n_bins)):
        with pytest.raises(MetricsError, match="n_bins: expected an int >= 2"):
            fn(codes, factors, n_bins=1)
    with pytest.raises(MetricsError, match="codes_test and factors_test: give both"):
        explicitness(codes, factors, codes)
    with pytest.raises(MetricsError, match="test_size"):
        explicitness(codes, factors, test_size=1.5)
    with pytest.raises(MetricsError, match="estimator"):
        infomec(codes, factors, estimator="kde")
    with pytest.raises(MetricsError, match="constant"):
        gaussian_total_correlation(np.c_[codes, np.ones(30)])


# ------------------------------------------------------------------ agreement with references


@pytest.mark.parametrize("seed", range(4))
def test_agreement_with_reference(seed):
    rng = np.random.RandomState(seed)
    n, d, k = 700, 6, 3
    factors = rng.randint(0, rng.randint(2, 9), size=(n, k))
    codes = rng.randn(n, d) + 0.7 * np.c_[factors, factors[:, :2]] @ rng.randn(d - 1, d)[:d - 1]
    codes[:, 0] *= 1e3
    # the MI matrix itself, pair by pair
    z = histogram_discretize(codes)
    assert np.array_equal(z.T, ref.histogram_discretize(codes.T))
    m = mutual_info_matrix(z, factors)
    expected = np.array([[mutual_info_score(factors[:, j], z[:, i]) for j in range(k)]
                         for i in range(d)])
    assert np.abs(m - expected).max() < 1e-12
    assert mig(codes, factors).score == pytest.approx(ref.mig(codes, factors), abs=1e-9)
    assert modularity(codes, factors).score == pytest.approx(ref.modularity(codes, factors), abs=1e-9)
    assert mutual_info_codes(codes).score == pytest.approx(ref.mutual_info_codes(codes), abs=1e-9)
    assert gaussian_total_correlation(codes).score == \
        pytest.approx(ref.gaussian_total_correlation(codes), rel=1e-9)
    assert wasserstein_correlation(codes).score == \
        pytest.approx(ref.wasserstein_correlation(codes), rel=1e-6, abs=1e-9)
    tr, te = slice(0, 500), slice(500, None)
    ours = explicitness(codes[tr], factors[tr], codes[te], factors[te])
    theirs = ref.explicitness(codes[tr], factors[tr], codes[te], factors[te])
    assert ours.train == pytest.approx(theirs[0], abs=1e-9)
    assert ours.test == pytest.approx(theirs[1], abs=1e-9)


def test_docstring_examples_run():
    import doctest
    import importlib

    for name in ("metrics._info", "metrics._result", "metrics.mig", "metrics.sap",
                 "metrics.modularity", "metrics.dci", "metrics.infomec", "metrics.unsupervised"):
        module = importlib.import_module(name)
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, name
        assert result.attempted > 0, name
