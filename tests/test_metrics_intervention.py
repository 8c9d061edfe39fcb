"""Tests of the intervention metrics (beta-VAE, FactorVAE), IRS, the sampler protocol and evaluate.

Three tiers, as the other metric tests: hand-computed values on tiny inputs, properties
(perfect code ~1, noise ~chance, invariances, agreement with a straightforward
disentanglement_lib-style loop) and errors with matched messages.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

import metrics
from metrics import (ArraySampler, GroundTruthSampler, MetricsError, beta_vae_score, evaluate,
                     factor_vae_score, irs)
from metrics.factor_vae import _majority_vote

SIZES = (4, 5, 6)
K = len(SIZES)


def _grid_classes(sizes):
    return np.stack(np.meshgrid(*[np.arange(s) for s in sizes], indexing="ij"), -1).reshape(
        -1, len(sizes))


# An invertible mixing of the factors: observation = (classes - centre) @ MIX, 3 -> 3.
MIX = np.array([[1.0, 0.6, -0.3], [0.2, 1.1, 0.5], [-0.4, 0.3, 0.9]])
UNMIX = np.linalg.inv(MIX)
CENTRE = (np.asarray(SIZES) - 1) / 2


@pytest.fixture(scope="module")
def sampler():
    classes = _grid_classes(SIZES)
    return ArraySampler((classes - CENTRE) @ MIX, factor_sizes=SIZES,
                        factor_names=("a", "b", "c"))


def perfect(x):
    """Undo the mixing: codes are the (centred) factor classes."""
    return x @ UNMIX


def entangled(x):
    """Deterministic, partly entangled code: a rotation of the factors plus a fixed wiggle."""
    z = perfect(x)
    rot = np.array([[0.9, 0.4, 0.1], [-0.3, 0.8, 0.5], [0.2, -0.4, 0.9], [0.5, 0.5, 0.5]]).T
    return z @ rot + 0.8 * np.sin(3.7 * z @ np.array([[1.0, 2.0, 0.5, 1.3], [0.7, 1.1, 2.3, 0.4],
                                                      [1.9, 0.3, 1.2, 2.1]]))


class NoiseRepresentation:
    """Ignores its input; counts calls and encoded rows."""

    def __init__(self, dim=3, seed=0):
        self.rng = np.random.default_rng(seed)
        self.dim = dim
        self.calls = 0
        self.rows = 0

    def __call__(self, x):
        self.calls += 1
        self.rows += len(x)
        return self.rng.standard_normal((len(x), self.dim))


class Counting:
    def __init__(self, fn):
        self.fn, self.calls, self.rows = fn, 0, 0

    def __call__(self, x):
        self.calls += 1
        self.rows += len(x)
        return self.fn(x)


# --------------------------------------------------------------------------- ArraySampler

def test_array_sampler_full_grid_is_mixed_radix_last_fastest():
    sizes = (2, 3, 4)
    obs = np.arange(24.0)[:, None] * 10
    s = ArraySampler(obs, factor_sizes=sizes)
    assert isinstance(s, GroundTruthSampler)
    assert s.observation_shape == (1,) and s.factor_names == ("factor_0", "factor_1", "factor_2")
    classes = np.array([[0, 0, 0], [0, 0, 3], [0, 2, 0], [1, 0, 0], [1, 2, 3]])
    got = s.sample_observations_from_factors(classes, np.random.RandomState(0)).ravel()
    np.testing.assert_array_equal(got, [0, 30, 80, 120, 230])
    # the same data with the factor axes leading
    s2 = ArraySampler(obs.reshape(2, 3, 4, 1), factor_sizes=sizes)
    np.testing.assert_array_equal(s2.sample_observations_from_factors(classes, None).ravel(), got)


def test_array_sampler_with_classes_and_duplicates_picks_matching_rows():
    classes = np.concatenate([_grid_classes((2, 2)), _grid_classes((2, 2))])
    base = (classes[:4] @ [10, 1]).astype(float)
    obs = np.concatenate([base, base + 0.5])[:, None]
    s = ArraySampler(obs, classes)
    assert s.factor_sizes == (2, 2)
    request = np.repeat([[1, 0]], 200, axis=0)
    for rng in (np.random.default_rng(0), np.random.RandomState(0)):
        got = s.sample_observations_from_factors(request, rng).ravel()
        assert set(np.unique(got)) == {10.0, 10.5}


def test_array_sampler_sample_factors_matches_disentanglement_lib_calls():
    s = ArraySampler(np.zeros((120, 2)), factor_sizes=SIZES)
    got = s.sample_factors(7, np.random.RandomState(3))
    rs = np.random.RandomState(3)  # disentanglement_lib: one randint(size, size=n) per factor
    expected = np.stack([rs.randint(size, size=7) for size in SIZES], axis=1)
    np.testing.assert_array_equal(got, expected)
    g = s.sample_factors(1000, np.random.default_rng(0))
    assert g.shape == (1000, 3) and g.min() == 0 and list(g.max(axis=0)) == [3, 4, 5]


def test_array_sampler_errors():
    with pytest.raises(MetricsError, match=r"observations: without classes, expected a full grid "
                                           r"of prod\(factor_sizes\)=6 rows"):
        ArraySampler(np.zeros((5, 2)), factor_sizes=(2, 3))
    with pytest.raises(MetricsError, match="factor_sizes: required when classes is None"):
        ArraySampler(np.zeros((6, 2)))
    classes = _grid_classes((2, 3))[:-1]
    with pytest.raises(MetricsError, match=r"classes: 1 of the 6 factor combinations have no "
                                           r"stored observation \(for example classes \(1, 2\)\)"):
        ArraySampler(np.zeros((5, 2)), classes)
    with pytest.raises(MetricsError, match=r"classes: expected an int array of shape \(N, K\) "
                                           r"with N=4"):
        ArraySampler(np.zeros((4, 2)), np.zeros((5, 2), dtype=int))
    with pytest.raises(MetricsError, match="factor_names: expected 2 names, got 1"):
        ArraySampler(np.zeros((6, 2)), factor_sizes=(2, 3), factor_names=["x"])
    s = ArraySampler(np.zeros((6, 2)), factor_sizes=(2, 3))
    with pytest.raises(MetricsError, match=r"classes: expected classes of factor k in "
                                           r"\[0, factor_sizes\[k\]\)"):
        s.sample_observations_from_factors(np.array([[0, 3]]), None)
    with pytest.raises(MetricsError, match="rng: expected numpy.random.Generator or "
                                           "numpy.random.RandomState, got int"):
        s.sample_factors(3, 0)


# --------------------------------------------------------------------------- beta-VAE

def test_beta_vae_perfect_representation_scores_one(sampler):
    result = beta_vae_score(sampler, perfect, num_train=400, num_eval=300, random_state=0)
    assert result.score == result.eval_accuracy
    assert result.eval_accuracy >= 0.99 and result.train_accuracy >= 0.99
    assert (result.n_factors, result.n_latents) == (3, 3)


def test_beta_vae_noise_is_near_chance(sampler):
    result = beta_vae_score(sampler, NoiseRepresentation(), num_train=500, num_eval=600,
                            random_state=1)
    assert abs(result.score - 1 / K) < 0.08


def test_beta_vae_encodes_in_few_batched_calls(sampler):
    rep = Counting(perfect)
    result = beta_vae_score(sampler, rep, num_train=300, num_eval=200, encode_batch_size=1024,
                            random_state=0)
    total = 2 * 64 * (300 + 200)
    assert rep.rows == total
    assert rep.calls == result.n_representation_calls
    assert rep.calls <= math.ceil(total / 1024) + 2          # 63 calls, not 1000
    exact = Counting(perfect)
    beta_vae_score(sampler, exact, num_train=300, num_eval=200, encode_batch_size=1024,
                   random_state=0, sampling="exact")
    assert exact.rows == total and exact.calls <= math.ceil(total / 1024) + 2


def _reference_beta_vae(sampler, representation, batch_size, num_train, num_eval, seed):
    """disentanglement_lib's algorithm written straightforwardly: one point at a time."""
    rs = np.random.RandomState(seed)

    def points(n):
        labels, feats = np.zeros(n, dtype=np.int64), []
        for i in range(n):
            k = rs.randint(len(sampler.factor_sizes))
            f1 = sampler.sample_factors(batch_size, rs)
            f2 = sampler.sample_factors(batch_size, rs)
            f2[:, k] = f1[:, k]
            z1 = representation(sampler.sample_observations_from_factors(f1, rs))
            z2 = representation(sampler.sample_observations_from_factors(f2, rs))
            labels[i] = k
            feats.append(np.mean(np.abs(z1 - z2), axis=0))
        return labels, np.array(feats)

    y, x = points(num_train)
    model = LogisticRegression(random_state=rs).fit(x, y)
    train = np.mean(model.predict(x) == y)
    y2, x2 = points(num_eval)
    return train, model.score(x2, y2)


def test_beta_vae_exact_sampling_reproduces_disentanglement_lib_loop(sampler):
    train, evaluation = _reference_beta_vae(sampler, entangled, 16, 120, 80, seed=5)
    result = beta_vae_score(sampler, entangled, batch_size=16, num_train=120, num_eval=80,
                            random_state=5, sampling="exact", encode_batch_size=100)
    assert (result.train_accuracy, result.eval_accuracy) == (train, evaluation)
    assert 0.4 < evaluation < 1.0  # a non-trivial value, so the comparison means something


def test_beta_vae_batched_sampling_agrees_in_distribution(sampler):
    a = beta_vae_score(sampler, entangled, batch_size=16, num_train=600, num_eval=600,
                       random_state=0, sampling="batched")
    b = beta_vae_score(sampler, entangled, batch_size=16, num_train=600, num_eval=600,
                       random_state=0, sampling="exact")
    assert abs(a.score - b.score) < 0.08


# --------------------------------------------------------------------------- FactorVAE

def test_factor_vae_perfect_representation_scores_one(sampler):
    result = factor_vae_score(sampler, perfect, num_train=300, num_eval=300,
                              num_variance_estimate=2000, random_state=0)
    assert result.score == result.eval_accuracy == 1.0
    assert result.train_accuracy == 1.0
    assert result.num_active_dims == 3 and result.active_dims.tolist() == [True] * 3
    np.testing.assert_array_equal(result.classifier, [0, 1, 2])
    assert result.train_votes.sum() == 300 and result.eval_votes.sum() == 300
    assert result.note == ""


def test_factor_vae_noise_is_near_chance(sampler):
    result = factor_vae_score(sampler, NoiseRepresentation(dim=4), num_train=500, num_eval=800,
                              num_variance_estimate=1000, random_state=0)
    assert abs(result.score - 1 / K) < 0.08


def test_factor_vae_invariant_to_permuting_rescaling_and_flipping(sampler):
    kw = dict(num_train=300, num_eval=300, num_variance_estimate=1000, random_state=3)
    base = factor_vae_score(sampler, entangled, **kw)
    assert 0.4 < base.score < 1.0
    perm, scale = np.array([2, 0, 3, 1]), np.array([3.0, -0.5, 7.0, -1.0])
    moved = factor_vae_score(sampler, lambda x: entangled(x)[:, perm] * scale, **kw)
    assert (moved.train_accuracy, moved.eval_accuracy) == (base.train_accuracy,
                                                             base.eval_accuracy)
    np.testing.assert_array_equal(moved.train_votes, base.train_votes[:, perm])
    assert moved.num_active_dims == base.num_active_dims == 4


def test_factor_vae_prunes_collapsed_latents_and_reports_the_count(sampler):
    def rep(x):
        z = perfect(x)
        return np.column_stack([z[:, 0], np.full(len(z), 2.0), z[:, 1], 0.01 * z[:, 2]])

    result = factor_vae_score(sampler, rep, num_train=200, num_eval=200,
                              num_variance_estimate=1000, random_state=0)
    assert result.active_dims.tolist() == [True, False, True, False]
    assert result.num_active_dims == 2  # disentanglement_lib would report len(mask) == 4
    assert result.train_votes[:, [1, 3]].sum() == 0
    # factor 2 is only in a pruned latent: its points vote for some other latent -> errors
    assert 0.5 < result.score < 0.8
    kept = factor_vae_score(sampler, rep, num_train=200, num_eval=200, prune_threshold=0.0,
                            num_variance_estimate=1000, random_state=0)
    assert kept.num_active_dims == 3 and kept.score == 1.0


def test_factor_vae_no_active_latent_scores_zero_with_a_note(sampler):
    result = factor_vae_score(sampler, lambda x: 1e-3 * perfect(x), num_train=50, num_eval=50,
                              num_variance_estimate=500, random_state=0)
    assert (result.score, result.train_accuracy, result.num_active_dims) == (0.0, 0.0, 0)
    assert "no active latent" in result.note and "prune_threshold=0.05" in result.note


def test_majority_vote_hand_computed():
    train = np.array([[5, 0, 1, 0],
                      [2, 4, 0, 0],
                      [0, 3, 2, 0]])
    evaluation = np.array([[4, 1, 0, 1],
                           [1, 3, 1, 0],
                           [1, 2, 2, 0]])
    classifier, train_acc, eval_acc = _majority_vote(train, evaluation)
    # latent 0 -> factor 0 (5 votes), 1 -> factor 1 (4), 2 -> factor 2 (2), 3 -> factor 0 (none)
    np.testing.assert_array_equal(classifier, [0, 1, 2, 0])
    assert train_acc == pytest.approx((5 + 4 + 2 + 0) / 17)
    assert eval_acc == pytest.approx((4 + 3 + 2 + 1) / 16)


def _reference_factor_vae(sampler, representation, batch_size, num_train, num_eval, num_var,
                          threshold, seed):
    """disentanglement_lib's algorithm written straightforwardly: one batch per call."""
    rs = np.random.RandomState(seed)
    f = sampler.sample_factors(num_var, rs)
    var = np.var(representation(sampler.sample_observations_from_factors(f, rs)), axis=0, ddof=1)
    active = np.sqrt(var) >= threshold

    def votes(n):
        v = np.zeros((len(sampler.factor_sizes), var.size), dtype=np.int64)
        for _ in range(n):
            k = rs.randint(len(sampler.factor_sizes))
            f = sampler.sample_factors(batch_size, rs)
            f[:, k] = f[0, k]
            z = representation(sampler.sample_observations_from_factors(f, rs))
            local = np.var(z, axis=0, ddof=1)
            v[k, np.flatnonzero(active)[np.argmin(local[active] / var[active])]] += 1
        return v

    train, evaluation = votes(num_train), votes(num_eval)
    return train, evaluation


def test_factor_vae_exact_sampling_reproduces_disentanglement_lib_loop(sampler):
    train, evaluation = _reference_factor_vae(sampler, entangled, 32, 150, 100, 500, 0.05, 11)
    result = factor_vae_score(sampler, entangled, batch_size=32, num_train=150, num_eval=100,
                              num_variance_estimate=500, random_state=11, sampling="exact",
                              encode_batch_size=200)
    np.testing.assert_array_equal(result.train_votes, train)
    np.testing.assert_array_equal(result.eval_votes, evaluation)


def test_factor_vae_encodes_in_few_batched_calls(sampler):
    rep = Counting(perfect)
    result = factor_vae_score(sampler, rep, num_train=400, num_eval=200,
                              num_variance_estimate=3000, encode_batch_size=2048, random_state=0)
    total = 3000 + 64 * (400 + 200)
    assert rep.rows == total and rep.calls == result.n_representation_calls
    assert rep.calls <= math.ceil(total / 2048) + 3


# --------------------------------------------------------------------------- errors

class _BrokenSampler:
    factor_names = ("a", "b")
    factor_sizes = (3, 3)
    observation_shape = (2,)

    def __init__(self, factors=None, observations=None):
        self._factors, self._observations = factors, observations

    def sample_factors(self, n, rng):
        if self._factors is not None:
            return self._factors(n)
        return np.stack([rng.randint(3, size=n), rng.randint(3, size=n)], axis=1)

    def sample_observations_from_factors(self, classes, rng):
        if self._observations is not None:
            return self._observations(classes)
        return classes.astype(float)


@pytest.mark.parametrize("score", [beta_vae_score, factor_vae_score])
def test_intervention_errors(score):
    kw = dict(num_train=20, num_eval=20, random_state=0)
    with pytest.raises(MetricsError, match="sampler: expected an object with factor_names.*"
                                           "got object missing factor_names"):
        score(object(), perfect, **kw)
    with pytest.raises(MetricsError, match=r"sampler.sample_factors: expected shape \(\d+, 2\)"):
        score(_BrokenSampler(factors=lambda n: np.zeros((n, 3), int)), lambda x: x, **kw)
    with pytest.raises(MetricsError, match=r"sampler.sample_factors: expected classes of factor k "
                                           r"in \[0, factor_sizes\[k\]\) with factor_sizes=\(3, 3\)"):
        score(_BrokenSampler(factors=lambda n: np.full((n, 2), 3)), lambda x: x, **kw)
    with pytest.raises(MetricsError, match=r"sampler.sample_observations_from_factors: expected "
                                           r"shape \(n, \*observation_shape\)=\(\d+, 2\), got"):
        score(_BrokenSampler(observations=lambda c: np.zeros((len(c), 5))), lambda x: x, **kw)
    sampler = _BrokenSampler()
    with pytest.raises(MetricsError, match=r"representation: returned NaN or inf \(first at row 0"):
        score(sampler, lambda x: np.full((len(x), 2), np.nan), **kw)
    with pytest.raises(MetricsError, match=r"representation: expected an array of shape "
                                           r"\(n, n_latents\) with n=\d+ .*got shape \(1, 2\)"):
        score(sampler, lambda x: x[:1], **kw)
    with pytest.raises(MetricsError, match="representation: expected a callable"):
        score(sampler, "encoder", **kw)
    with pytest.raises(MetricsError, match="batch_size: expected an int >= "):
        score(sampler, lambda x: x, batch_size=0, **kw)
    with pytest.raises(MetricsError, match="sampling: expected one of 'batched', 'exact', "
                                           "got 'fast'"):
        score(sampler, lambda x: x, sampling="fast", **kw)
    with pytest.raises(MetricsError, match="encode_batch_size: expected a positive int"):
        score(sampler, lambda x: x, encode_batch_size=0, **kw)
    with pytest.raises(MetricsError, match="random_state: expected None, an int"):
        score(sampler, lambda x: x, num_train=20, num_eval=20, random_state="seed")


def test_factor_vae_specific_errors():
    with pytest.raises(MetricsError, match="batch_size: expected an int >= 2, got 1"):
        factor_vae_score(_BrokenSampler(), lambda x: x, batch_size=1)
    with pytest.raises(MetricsError, match=r"prune_threshold: expected a finite float >= 0, "
                                           r"got -1"):
        factor_vae_score(_BrokenSampler(), lambda x: x, prune_threshold=-1)


def test_intervention_metrics_need_two_factors():
    one = ArraySampler(np.arange(4.0)[:, None], factor_sizes=(4,))
    with pytest.raises(MetricsError, match="need at least 2 factors, got 1"):
        beta_vae_score(one, lambda x: x)


# --------------------------------------------------------------------------- IRS

def _reference_irs(codes, factors, q=0.99, bins=20):
    """disentanglement_lib's irs.py steps, written out: discretise, drop constant, score."""
    ys = np.stack([np.digitize(col, np.histogram(col, bins)[1][:-1]) for col in factors.T], 1)
    z = codes[:, codes.var(axis=0) > 0]
    max_dev = np.max(np.abs(z - z.mean(axis=0)), axis=0)
    cum = np.zeros((z.shape[1], ys.shape[1]))
    for i in range(ys.shape[1]):
        values = np.unique(ys[:, i])
        for v in values:
            m = ys[:, i] == v
            cum[:, i] += np.quantile(np.abs(z[m] - z[m].mean(axis=0)), q, axis=0)
        cum[:, i] /= len(values)
    scores = (1 - cum / max_dev[:, None]).max(axis=1)
    return np.average(scores, weights=max_dev)


def test_irs_hand_computed_tiny_case():
    factors = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    codes = np.array([[0.0, 0.0, 5.0], [0.0, 1.0, 5.0], [1.0, 0.0, 5.0], [1.0, 2.0, 5.0]])
    result = irs(codes, factors, diff_quantile=1.0)
    # latent 0 = factor 0: fixing factor 0 freezes it (1), fixing factor 1 does not (0).
    # latent 1 = (0, 1, 0, 2), mean 0.75, max deviation 1.25; fixing factor 0 leaves groups
    # {0, 1} and {0, 2} (max deviations 0.5 and 1): 1 - 0.75 / 1.25 = 0.4; fixing factor 1 leaves
    # {0, 0} and {1, 2} (0 and 0.5): 1 - 0.25 / 1.25 = 0.8. Latent 2 is constant: not active.
    np.testing.assert_allclose(result.irs_matrix[:2], [[1.0, 0.0], [0.4, 0.8]])
    assert np.isnan(result.irs_matrix[2]).all() and np.isnan(result.per_code[2])
    np.testing.assert_allclose(result.per_code[:2], [1.0, 0.8])
    np.testing.assert_allclose(result.per_factor, [1.0, 0.8])
    np.testing.assert_array_equal(result.parents, [0, 1, -1])
    np.testing.assert_allclose(result.max_deviations, [0.5, 1.25, 0.0])
    assert result.score == pytest.approx((1.0 * 0.5 + 0.8 * 1.25) / 1.75)
    # disentanglement_lib's num_active_dims = np.sum(active code values) = 5 here; ours counts.
    assert result.num_active_dims == 2
    assert result.active_dims.tolist() == [True, True, False]


def test_irs_equals_disentanglement_lib_steps_on_random_inputs():
    rng = np.random.default_rng(0)
    factors = np.column_stack([rng.integers(0, 5, 800), rng.integers(0, 30, 800),
                               rng.uniform(0, 1, 800)])
    codes = rng.standard_normal((800, 4)) + factors[:, [0, 1, 2, 0]] * [1, 0.1, 2, -1]
    for q in (0.99, 1.0, 0.5):
        assert irs(codes, factors, diff_quantile=q).score == pytest.approx(
            _reference_irs(codes, factors, q), abs=1e-12)


def test_irs_axis_aligned_beats_rotated_and_noise():
    rng = np.random.default_rng(1)
    factors = rng.integers(0, 6, size=(3000, 3))
    aligned = factors + 0.05 * rng.standard_normal(factors.shape)
    theta = np.pi / 4
    rot = np.array([[np.cos(theta), -np.sin(theta), 0], [np.sin(theta), np.cos(theta), 0],
                    [0, 0, 1]])
    rotated = aligned @ rot
    s_aligned = irs(aligned, factors).score
    s_rotated = irs(rotated, factors).score
    s_noise = irs(rng.uniform(-1, 1, size=(3000, 3)), factors).score
    assert s_aligned > 0.95
    assert s_rotated < s_aligned - 0.2
    assert s_noise < 0.1


def test_irs_invariant_to_permuting_and_flipping_not_to_relative_scale():
    rng = np.random.default_rng(2)
    factors = rng.integers(0, 4, size=(1000, 2))
    codes = factors @ [[1.0, 0.3, 0.2], [0.1, 1.0, -0.5]] + 0.2 * rng.standard_normal((1000, 3))
    base = irs(codes, factors)
    perm, sign = [2, 0, 1], np.array([-1.0, 1.0, -1.0])
    moved = irs(codes[:, perm] * sign, factors)
    assert moved.score == pytest.approx(base.score, abs=1e-12)
    np.testing.assert_allclose(moved.per_code, base.per_code[perm], atol=1e-12)
    # a common scale changes nothing; per-latent scores ignore each latent's scale, but the
    # average is weighted by the latents' max deviations, so relative scales move the score
    assert irs(codes * 7.0, factors).score == pytest.approx(base.score, abs=1e-12)
    scaled = irs(codes * [1.0, 1.0, 50.0], factors)
    np.testing.assert_allclose(scaled.per_code, base.per_code, atol=1e-12)
    assert scaled.score == pytest.approx(np.average(base.per_code,
                                                    weights=base.max_deviations * [1, 1, 50]))
    assert abs(scaled.score - base.score) > 0.01


def test_irs_groups_exact_values_without_discretising():
    rng = np.random.default_rng(3)
    factors = rng.integers(0, 40, size=(4000, 2))
    codes = factors + 0.01 * rng.standard_normal((4000, 2))
    binned, exact = irs(codes, factors), irs(codes, factors, discretize=False)
    assert exact.score > 0.99 > binned.score   # 40 levels merged into 20 bins


def test_irs_all_constant_codes_score_zero():
    result = irs(np.ones((10, 2)), np.arange(20).reshape(10, 2) % 3)
    assert result.score == 0.0 and result.num_active_dims == 0
    assert "no active latent" in result.note


def test_irs_errors():
    factors = np.arange(20).reshape(10, 2) % 3
    with pytest.raises(MetricsError, match=r"codes: contains NaN or inf \(first at row 0"):
        irs(np.full((10, 2), np.nan), factors)
    with pytest.raises(MetricsError, match="codes and factors: expected the same number of "
                                           "samples, got codes with 9 rows"):
        irs(np.ones((9, 2)), factors)
    with pytest.raises(MetricsError, match=r"factors: column\(s\) \[1\] are constant"):
        irs(np.random.default_rng(0).random((10, 2)), np.column_stack([factors[:, 0], [1] * 10]))
    with pytest.raises(MetricsError, match="codes: expected at least 2 samples, got 1"):
        irs(np.ones((1, 2)), np.ones((1, 2)))
    with pytest.raises(MetricsError, match=r"diff_quantile: expected a float in \(0, 1\], got 0"):
        irs(np.ones((10, 2)), factors, diff_quantile=0)
    with pytest.raises(MetricsError, match="num_bins: expected an int >= 2, got 1"):
        irs(np.ones((10, 2)), factors, num_bins=1)


# --------------------------------------------------------------------------- evaluate

ARRAY_METRICS = ("mig", "mig_sup", "dcimig", "jemmig", "sap", "modularity", "explicitness",
                 "dci", "infomec", "irs")
UNSUPERVISED = ("gaussian_total_correlation", "wasserstein_correlation", "mutual_info_codes")


@pytest.fixture(scope="module")
def small_data():
    rng = np.random.default_rng(0)
    factors = rng.integers(0, 4, size=(300, 2))
    codes = np.column_stack([factors, rng.standard_normal(300)]) + 0.05 * rng.standard_normal(
        (300, 3))
    return codes, factors


def test_available_metrics_names():
    assert set(metrics.AVAILABLE_METRICS) == set(ARRAY_METRICS + UNSUPERVISED +
                                                 ("beta_vae", "factor_vae"))


def test_evaluate_default_key_set_on_arrays(small_data):
    codes, factors = small_data
    out = evaluate(codes, factors, random_state=0)
    for name in ARRAY_METRICS + UNSUPERVISED:
        assert f"{name}.score" in out, name
    assert {"dci.disentanglement", "dci.completeness", "irs.num_active_dims"} <= set(out)
    assert not any(k.startswith(("beta_vae.", "factor_vae.")) for k in out)
    assert all(isinstance(v, (int, float, bool)) for v in out.values())
    assert out["irs.num_active_dims"] == 3
    assert out["mig.score"] == pytest.approx(metrics.mig(codes, factors).score)
    assert out["irs.score"] == pytest.approx(irs(codes, factors).score)


def test_evaluate_with_sampler_adds_intervention_metrics(sampler):
    rng = np.random.default_rng(0)
    classes = sampler.sample_factors(400, rng)
    codes = perfect(sampler.sample_observations_from_factors(classes, rng))
    small = {"num_train": 100, "num_eval": 100}
    out = evaluate(codes, classes, sampler=sampler, representation=perfect,
                   metrics=["mig", "beta_vae", "factor_vae"], random_state=0,
                   options={"beta_vae": small,
                            "factor_vae": dict(small, num_variance_estimate=500)})
    assert {k.split(".")[0] for k in out} == {"mig", "beta_vae", "factor_vae"}
    assert out["beta_vae.eval_accuracy"] == out["beta_vae.score"] == 1.0
    assert out["factor_vae.num_active_dims"] == 3 and out["factor_vae.score"] == 1.0
    assert "factor_vae.train_votes" not in out and "factor_vae.note" not in out
    only = evaluate(sampler=sampler, representation=perfect, random_state=0,
                    options={"beta_vae": small,
                             "factor_vae": dict(small, num_variance_estimate=500)})
    assert {k.split(".")[0] for k in only} == {"beta_vae", "factor_vae"}


def test_evaluate_codes_only_runs_the_unsupervised_scores(small_data):
    out = evaluate(small_data[0], metrics=None, random_state=0)
    assert {k.split(".")[0] for k in out} == set(UNSUPERVISED)


def test_evaluate_errors(small_data, sampler):
    codes, factors = small_data
    with pytest.raises(MetricsError, match=r"metrics: unknown metric name\(s\) 'migg', 'beta'; "
                                           r"valid names are: mig, mig_sup, .*factor_vae"):
        evaluate(codes, factors, metrics=["migg", "mig", "beta"])
    with pytest.raises(MetricsError, match="metrics: 'beta_vae' needs sampler and representation"):
        evaluate(codes, factors, metrics=["beta_vae"])
    with pytest.raises(MetricsError, match="metrics: 'mig' needs codes and factors"):
        evaluate(codes, metrics="mig")
    with pytest.raises(MetricsError, match="representation: the intervention metrics need both "
                                           "sampler and representation; got sampler without"):
        evaluate(codes, factors, sampler=sampler)
    with pytest.raises(MetricsError, match=r"options: given for metric\(s\) 'dci' that do not "
                                           r"run; running: mig"):
        evaluate(codes, factors, metrics="mig", options={"dci": {}})
    with pytest.raises(MetricsError, match=r"options\['irs'\]: unknown option\(s\) 'bins'; irs "
                                           r"accepts: diff_quantile, num_bins, discretize"):
        evaluate(codes, factors, metrics="irs", options={"irs": {"bins": 3}})
    with pytest.raises(MetricsError, match="codes and factors: expected the same number"):
        evaluate(codes[:10], factors, metrics="irs")
    with pytest.raises(MetricsError, match="metrics: expected at least one metric name"):
        evaluate(codes, factors, metrics=[])
