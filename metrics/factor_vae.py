"""The FactorVAE disentanglement score (Kim & Mnih 2018), as disentanglement_lib computes it."""

from __future__ import annotations

import dataclasses

import numpy as np

from metrics._result import MetricResult
from metrics._validation import MetricsError, check_random_state
from metrics.beta_vae import _check_positive_int, _check_sampling
from metrics.sampler import (Encoder, check_encode_batch_size, check_representation,
                             check_sampler, sample_factor_classes, sample_observations)

__all__ = ["factor_vae_score", "FactorVAEResult"]


@dataclasses.dataclass(frozen=True, eq=False)
class FactorVAEResult(MetricResult):
    """Result of :func:`factor_vae_score`.

    Attributes
    ----------
    score : float
        ``eval_accuracy``, in [0, 1]; chance level is about ``1 / n_factors``.
    train_accuracy, eval_accuracy : float
        Accuracy of the majority-vote classifier on the training and evaluation votes.
    num_active_dims : int
        Number of latents whose global standard deviation is at least ``prune_threshold``
        (and non-zero). disentanglement_lib reports ``len(active_dims)`` of a boolean mask, that
        is *all* latents; this is the count of active ones.
    active_dims : ndarray of bool, shape (D,)
        Which latents take part in the argmin.
    global_variances : ndarray, shape (D,)
        Variance (ddof=1) of each latent over ``num_variance_estimate`` random observations.
    train_votes, eval_votes : ndarray of int, shape (K, D)
        ``votes[k, j]``: number of points with factor ``k`` fixed whose least-varying (scaled)
        latent was ``j``. Columns are real latent indices (inactive latents get no votes).
    classifier : ndarray of int, shape (D,)
        The factor predicted for each latent: ``argmax_k train_votes[k, j]`` (ties and latents
        without votes go to the lowest factor index, as ``numpy.argmax`` and disentanglement_lib).
    n_factors, n_latents, num_train, num_eval, batch_size, n_representation_calls : int
    sampling : str
    note : str
        Empty, or why the score is 0 without classification (no active latent).
    """

    train_accuracy: float = float("nan")
    eval_accuracy: float = float("nan")
    num_active_dims: int = 0
    active_dims: np.ndarray = None
    global_variances: np.ndarray = None
    train_votes: np.ndarray = None
    eval_votes: np.ndarray = None
    classifier: np.ndarray = None
    n_factors: int = 0
    n_latents: int = 0
    num_train: int = 0
    num_eval: int = 0
    batch_size: int = 0
    n_representation_calls: int = 0
    sampling: str = "batched"
    note: str = ""


def _majority_vote(train_votes: np.ndarray, eval_votes: np.ndarray):
    """Majority-vote classifier of disentanglement_lib: latent ``j`` predicts the factor that
    most often had ``j`` as its argmin in training. Returns (classifier, train_acc, eval_acc)."""
    classifier = np.argmax(train_votes, axis=0)
    cols = np.arange(train_votes.shape[1])
    train_accuracy = float(train_votes[classifier, cols].sum() / train_votes.sum())
    eval_accuracy = float(eval_votes[classifier, cols].sum() / eval_votes.sum())
    return classifier, train_accuracy, eval_accuracy


def _votes_batched(sampler, encoder, num_points, batch_size, rng, global_variances, active):
    n_factors, n_latents = len(sampler.factor_sizes), global_variances.shape[0]
    labels = rng.randint(n_factors, size=num_points)
    classes = sample_factor_classes(sampler, num_points * batch_size, rng)
    per_point = classes.reshape(num_points, batch_size, n_factors)
    points = np.arange(num_points)
    per_point[points, :, labels] = per_point[points, 0, labels][:, None]
    active_idx = np.flatnonzero(active)
    per_chunk = max(1, encoder.encode_batch_size // batch_size)
    argmins = np.empty(num_points, dtype=np.int64)
    for start in range(0, num_points, per_chunk):
        stop = min(num_points, start + per_chunk)
        codes = encoder.encode_classes(classes[start * batch_size:stop * batch_size], rng)
        local = codes.reshape(stop - start, batch_size, -1).var(axis=1, ddof=1)
        argmins[start:stop] = active_idx[np.argmin(local[:, active_idx] /
                                                   global_variances[active_idx], axis=1)]
    votes = np.zeros((n_factors, n_latents), dtype=np.int64)
    np.add.at(votes, (labels, argmins), 1)
    return votes


def _votes_exact(sampler, encoder, num_points, batch_size, rng, global_variances, active):
    """disentanglement_lib's per-point random calls in its order; encodings stacked."""
    n_factors, n_latents = len(sampler.factor_sizes), global_variances.shape[0]
    active_idx = np.flatnonzero(active)
    votes = np.zeros((n_factors, n_latents), dtype=np.int64)
    labels, pending = [], []

    def flush():
        codes = encoder.encode(np.concatenate(pending))
        local = codes.reshape(len(pending), batch_size, -1).var(axis=1, ddof=1)
        argmin = active_idx[np.argmin(local[:, active_idx] / global_variances[active_idx], axis=1)]
        np.add.at(votes, (np.asarray(labels), argmin), 1)

    for _ in range(num_points):
        if pending and (len(pending) + 1) * batch_size > encoder.encode_batch_size:
            flush()
            labels, pending = [], []
        index = rng.randint(n_factors)
        factors = sample_factor_classes(sampler, batch_size, rng)
        factors[:, index] = factors[0, index]
        pending.append(sample_observations(sampler, factors, rng))
        labels.append(index)
    flush()
    return votes


def factor_vae_score(sampler, representation, *, batch_size: int = 64, num_train: int = 10000,
                     num_eval: int = 5000, num_variance_estimate: int = 10000,
                     prune_threshold: float = 0.05, random_state=None,
                     encode_batch_size: int = 2048, sampling: str = "batched") -> FactorVAEResult:
    r"""FactorVAE disentanglement score: is each fixed factor revealed by a single latent?

    The global variance :math:`s_j^2` of each latent :math:`j` (ddof=1) is estimated on
    ``num_variance_estimate`` random observations; latents with :math:`s_j <` ``prune_threshold``
    are pruned (collapsed to the prior). Each point: draw a factor :math:`k` uniformly, draw
    ``batch_size`` factor vectors sharing the value of factor :math:`k`, encode them, and take

    .. math:: d = \operatorname*{argmin}_{j\ \text{active}} \frac{\widehat{\mathrm{Var}}(z_j)}{s_j^2},

    a vote for the pair :math:`(k, d)`. The classifier maps each latent :math:`d` to the factor
    with most training votes; the score is its accuracy on ``num_eval`` fresh votes:

    .. math:: \text{acc} = \frac{\sum_d V^{\text{eval}}[\hat k(d), d]}{\sum_{k,d} V^{\text{eval}}[k, d]},
       \qquad \hat k(d) = \operatorname*{argmax}_k V^{\text{train}}[k, d].

    Parameters
    ----------
    sampler : GroundTruthSampler
        K >= 2 factors.
    representation : callable
        Maps observations ``(n, *observation_shape)`` to codes ``(n, D)``.
    batch_size : int, default 64
        Observations per point (>= 2, the variance uses ddof=1).
    num_train, num_eval : int, default 10000 and 5000
    num_variance_estimate : int, default 10000
        Observations for the global variances (>= 2).
    prune_threshold : float, default 0.05
        A latent is active when its global *standard deviation* is at least this (and non-zero).
        This is disentanglement_lib's ``prune_dims`` (``sqrt(variance) >= threshold``) with the
        study's binding ``prune_dims.threshold = 0.05``; the paper and some descriptions say
        "variance", the code compares the standard deviation. Use 0 to keep every non-constant
        latent.
    random_state : None, int or numpy.random.RandomState
    encode_batch_size : int, default 2048
        Largest number of observations rendered and encoded per ``representation`` call.
    sampling : {"batched", "exact"}, default "batched"
        As in :func:`metrics.beta_vae_score`: ``"batched"`` draws all classes at once (same
        distribution as disentanglement_lib); ``"exact"`` makes disentanglement_lib's random
        calls in its order (same numbers for a sampler that consumes randomness as its datasets).

    Returns
    -------
    FactorVAEResult
        ``score`` = ``eval_accuracy`` in [0, 1]; votes, classifier, active latents.
        When no latent is active the score, both accuracies and ``num_active_dims`` are 0 and
        ``note`` says why (disentanglement_lib returns 0 there too).

    Raises
    ------
    MetricsError
        Bad sizes or threshold, a sampler or representation that returns wrong shapes, classes
        out of range, or NaN/inf codes.

    Notes
    -----
    Invariant to permuting latents and to flipping their signs; invariant to rescaling a latent
    as long as it stays on the same side of ``prune_threshold`` (the threshold is absolute). A
    latent with no training votes predicts factor 0, as in disentanglement_lib. ``train_votes``
    columns are real latent indices; disentanglement_lib indexes them by position among the
    active latents, which changes no accuracy.

    References
    ----------
    .. [1] Kim, H. and Mnih, A. "Disentangling by Factorising." ICML 2018.
    .. [2] Locatello, F. et al. "Challenging Common Assumptions in the Unsupervised Learning of
       Disentangled Representations." ICML 2019 (disentanglement_lib).

    Examples
    --------
    >>> import numpy as np
    >>> from metrics import ArraySampler, factor_vae_score
    >>> grid = np.stack(np.meshgrid(*[np.arange(4.0)] * 3, indexing="ij"), -1).reshape(-1, 3)
    >>> sampler = ArraySampler(grid, factor_sizes=(4, 4, 4))     # observation = its classes
    >>> result = factor_vae_score(sampler, lambda x: x, num_train=300, num_eval=200,
    ...                           num_variance_estimate=1000, random_state=0)
    >>> result.score, result.num_active_dims
    (1.0, 3)
    """
    check_sampler(sampler)
    check_representation(representation)
    batch_size = _check_positive_int(batch_size, "batch_size", 2)
    num_train = _check_positive_int(num_train, "num_train")
    num_eval = _check_positive_int(num_eval, "num_eval")
    num_variance_estimate = _check_positive_int(num_variance_estimate, "num_variance_estimate", 2)
    try:
        threshold = float(prune_threshold)
    except (TypeError, ValueError):
        threshold = float("nan")
    if not np.isfinite(threshold) or threshold < 0:
        raise MetricsError(f"prune_threshold: expected a finite float >= 0, got {prune_threshold!r}")
    encode_batch_size = check_encode_batch_size(encode_batch_size)
    sampling = _check_sampling(sampling)
    rng = check_random_state(random_state)
    encoder = Encoder(sampler, representation, encode_batch_size)
    n_factors = len(sampler.factor_sizes)

    classes = sample_factor_classes(sampler, num_variance_estimate, rng)
    if sampling == "exact":  # one observation call, as disentanglement_lib's sample_observations
        codes = encoder.encode(sample_observations(sampler, classes, rng))
    else:
        codes = encoder.encode_classes(classes, rng)
    global_variances = codes.var(axis=0, ddof=1)
    active = (np.sqrt(global_variances) >= threshold) & (global_variances > 0)
    n_latents = codes.shape[1]
    common = dict(active_dims=active, global_variances=global_variances, n_factors=n_factors,
                  n_latents=n_latents, num_train=num_train, num_eval=num_eval,
                  batch_size=batch_size, sampling=sampling)
    if not active.any():
        empty = np.zeros((n_factors, n_latents), dtype=np.int64)
        return FactorVAEResult(
            score=0.0, train_accuracy=0.0, eval_accuracy=0.0, num_active_dims=0,
            train_votes=empty, eval_votes=empty.copy(),
            classifier=np.zeros(n_latents, dtype=np.int64),
            n_representation_calls=encoder.n_calls,
            note=(f"no active latent: every latent has global standard deviation below "
                  f"prune_threshold={threshold:g} (max {np.sqrt(global_variances.max()):.3g}); "
                  "the score is 0 by convention, as in disentanglement_lib"),
            **common)

    make = _votes_batched if sampling == "batched" else _votes_exact
    train_votes = make(sampler, encoder, num_train, batch_size, rng, global_variances, active)
    eval_votes = make(sampler, encoder, num_eval, batch_size, rng, global_variances, active)
    classifier, train_accuracy, eval_accuracy = _majority_vote(train_votes, eval_votes)
    return FactorVAEResult(score=eval_accuracy, train_accuracy=train_accuracy,
                           eval_accuracy=eval_accuracy, num_active_dims=int(active.sum()),
                           train_votes=train_votes, eval_votes=eval_votes, classifier=classifier,
                           n_representation_calls=encoder.n_calls, **common)
