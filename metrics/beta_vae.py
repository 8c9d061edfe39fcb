"""The beta-VAE disentanglement score (Higgins et al. 2017), as disentanglement_lib computes it."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np

from metrics._result import MetricResult
from metrics._validation import MetricsError, check_random_state
from metrics.sampler import (Encoder, check_encode_batch_size, check_representation,
                             check_sampler, sample_factor_classes, sample_observations)

__all__ = ["beta_vae_score", "BetaVAEResult"]

_SAMPLING = ("batched", "exact")


@dataclasses.dataclass(frozen=True, eq=False)
class BetaVAEResult(MetricResult):
    """Result of :func:`beta_vae_score`.

    Attributes
    ----------
    score : float
        ``eval_accuracy``, in [0, 1]; chance level is ``1 / n_factors``.
    train_accuracy : float
        Accuracy of the classifier on its own training points.
    eval_accuracy : float
        Accuracy on the ``num_eval`` held-out points.
    n_factors, n_latents : int
        ``K`` of the sampler and ``D`` of the representation.
    num_train, num_eval, batch_size : int
        The sizes used.
    classifier_converged : bool
        False when scikit-learn reported a ``ConvergenceWarning`` while fitting (the warning is
        recorded here instead of being emitted).
    n_representation_calls : int
        How many times ``representation`` was called.
    sampling : str
        ``"batched"`` or ``"exact"`` (see :func:`beta_vae_score`).
    """

    train_accuracy: float = float("nan")
    eval_accuracy: float = float("nan")
    n_factors: int = 0
    n_latents: int = 0
    num_train: int = 0
    num_eval: int = 0
    batch_size: int = 0
    classifier_converged: bool = True
    n_representation_calls: int = 0
    sampling: str = "batched"


def _check_positive_int(value, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise MetricsError(f"{name}: expected an int >= {minimum}, got {value!r}")
    return int(value)


def _check_sampling(sampling) -> str:
    if sampling not in _SAMPLING:
        raise MetricsError(f"sampling: expected one of {', '.join(map(repr, _SAMPLING))}, "
                           f"got {sampling!r}")
    return sampling


def _features_batched(sampler, encoder, num_points, batch_size, rng):
    """Labels and features of ``num_points`` points, sampling all classes in two calls."""
    n_factors = len(sampler.factor_sizes)
    labels = rng.randint(n_factors, size=num_points)
    rows = num_points * batch_size
    factors1 = sample_factor_classes(sampler, rows, rng)
    factors2 = sample_factor_classes(sampler, rows, rng)
    fixed = np.repeat(labels, batch_size)
    factors2[np.arange(rows), fixed] = factors1[np.arange(rows), fixed]
    per_chunk = max(1, encoder.encode_batch_size // (2 * batch_size))
    features = None
    for start in range(0, num_points, per_chunk):
        stop = min(num_points, start + per_chunk)
        sl = slice(start * batch_size, stop * batch_size)
        codes = encoder.encode_classes(np.concatenate([factors1[sl], factors2[sl]]), rng)
        half = (stop - start) * batch_size
        diff = np.abs(codes[:half] - codes[half:]).reshape(stop - start, batch_size, -1)
        if features is None:
            features = np.empty((num_points, diff.shape[2]))
        features[start:stop] = diff.mean(axis=1)
    return labels.astype(np.int64), features


def _features_exact(sampler, encoder, num_points, batch_size, rng):
    """Same as disentanglement_lib's per-point loop (same random calls, same order), but the
    observations of many points are stacked and encoded together."""
    n_factors = len(sampler.factor_sizes)
    labels = np.zeros(num_points, dtype=np.int64)
    features = None
    pending, first = [], 0

    def flush(first, pending):
        nonlocal features
        codes = encoder.encode(np.concatenate(pending))
        m = len(pending) // 2
        # pending holds obs1, obs2 of each point in turn: (point, pair, batch, D)
        z = codes.reshape(m, 2, batch_size, -1)
        if features is None:
            features = np.empty((num_points, z.shape[3]))
        features[first:first + m] = np.abs(z[:, 0] - z[:, 1]).mean(axis=1)

    for i in range(num_points):
        if pending and (len(pending) + 2) * batch_size > encoder.encode_batch_size:
            flush(first, pending)
            first, pending = i, []
        index = rng.randint(n_factors)
        factors1 = sample_factor_classes(sampler, batch_size, rng)
        factors2 = sample_factor_classes(sampler, batch_size, rng)
        factors2[:, index] = factors1[:, index]
        pending.append(sample_observations(sampler, factors1, rng))
        pending.append(sample_observations(sampler, factors2, rng))
        labels[i] = index
    flush(first, pending)
    return labels, features


def beta_vae_score(sampler, representation, *, batch_size: int = 64, num_train: int = 10000,
                   num_eval: int = 5000, random_state=None, encode_batch_size: int = 2048,
                   sampling: str = "batched", classifier=None) -> BetaVAEResult:
    r"""beta-VAE disentanglement score: how well a linear classifier tells which factor was fixed.

    Each point is made as follows: draw a factor index :math:`k` uniformly; draw ``batch_size``
    pairs of factor vectors :math:`(v^{(1)}_b, v^{(2)}_b)` that agree on factor :math:`k` and are
    independent otherwise; render and encode them, :math:`z = r(x(v))`; the point's feature is

    .. math:: f = \frac{1}{B} \sum_{b=1}^{B} \lvert z^{(1)}_b - z^{(2)}_b \rvert \in \mathbb{R}^D

    and its label is :math:`k`. A logistic regression is fit on ``num_train`` points; the score is
    its accuracy on ``num_eval`` fresh points. A code in which factor :math:`k` moves only its own
    dimensions gives a zero in those dimensions of :math:`f` when :math:`k` is fixed, so the
    classifier is perfect.

    Parameters
    ----------
    sampler : GroundTruthSampler
        Gives ``factor_sizes`` (K >= 2 factors), ``sample_factors`` and
        ``sample_observations_from_factors``.
    representation : callable
        Maps observations, shape ``(n, *observation_shape)``, to codes, shape ``(n, D)``
        (a numpy array or anything ``numpy.asarray`` converts; finite).
    batch_size : int, default 64
        Number of pairs averaged into one point (disentanglement_lib: 64).
    num_train, num_eval : int, default 10000 and 5000
        Numbers of training and evaluation points (disentanglement_lib: 10,000 and 5,000).
    random_state : None, int or numpy.random.RandomState
        Seeds every draw; the ``RandomState`` is passed on to the sampler and the classifier.
    encode_batch_size : int, default 2048
        Largest number of observations rendered and encoded in one call. The metric needs
        ``2 * batch_size * (num_train + num_eval)`` encodings (1.92 million with the defaults);
        they are made in about ``that / encode_batch_size`` calls of ``representation`` instead
        of one call per 64-pair batch.
    sampling : {"batched", "exact"}, default "batched"
        ``"batched"`` draws the factor index of every point in one call and the classes of all
        pairs in two ``sample_factors`` calls, then renders and encodes them in chunks: the same
        distribution as disentanglement_lib, not the same numbers for a given seed. ``"exact"``
        makes disentanglement_lib's random calls in its order (per point: ``randint(K)``, two
        ``sample_factors(batch_size)``, two ``sample_observations_from_factors``) and only
        stacks the encodings; with a sampler that consumes randomness as disentanglement_lib's
        datasets do, it gives disentanglement_lib's numbers for the same seed. Slower in Python
        overhead (four sampler calls per point), same number of ``representation`` calls.
    classifier : scikit-learn classifier, optional
        Cloned and fit on the training points. Default
        ``LogisticRegression(random_state=random_state)`` with the installed scikit-learn's
        defaults, which is what disentanglement_lib's code builds. (Its published numbers were
        made with scikit-learn < 0.22, whose default was liblinear one-vs-rest; pass
        ``LogisticRegression(solver="liblinear")`` to approximate them.)

    Returns
    -------
    BetaVAEResult
        ``score`` = ``eval_accuracy`` in [0, 1], plus ``train_accuracy`` and diagnostics.

    Raises
    ------
    MetricsError
        Bad sizes, a sampler that lacks a protocol member or returns classes or observations of
        the wrong shape or range, a representation that returns the wrong shape or NaN/inf, or
        training points that cover a single factor (``num_train`` too small).

    Notes
    -----
    Chance level is about ``1 / K``. The score saturates easily: any code in which no two
    factors share all their dimensions can score 1, so it does not measure whether a factor is
    captured by a *single* dimension (see the FactorVAE score).

    References
    ----------
    .. [1] Higgins, I. et al. "beta-VAE: Learning Basic Visual Concepts with a Constrained
       Variational Framework." ICLR 2017.
    .. [2] Locatello, F. et al. "Challenging Common Assumptions in the Unsupervised Learning of
       Disentangled Representations." ICML 2019 (disentanglement_lib).

    Examples
    --------
    >>> import numpy as np
    >>> from metrics import ArraySampler, beta_vae_score
    >>> grid = np.stack(np.meshgrid(*[np.arange(4.0)] * 3, indexing="ij"), -1).reshape(-1, 3)
    >>> sampler = ArraySampler(grid, factor_sizes=(4, 4, 4))     # observation = its classes
    >>> result = beta_vae_score(sampler, lambda x: x, num_train=300, num_eval=200,
    ...                         random_state=0)
    >>> result.score
    1.0
    """
    check_sampler(sampler)
    check_representation(representation)
    batch_size = _check_positive_int(batch_size, "batch_size")
    num_train = _check_positive_int(num_train, "num_train", 2)
    num_eval = _check_positive_int(num_eval, "num_eval")
    encode_batch_size = check_encode_batch_size(encode_batch_size)
    sampling = _check_sampling(sampling)
    rng = check_random_state(random_state)
    from sklearn.base import clone
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(random_state=rng) if classifier is None else clone(classifier)
    encoder = Encoder(sampler, representation, encode_batch_size)
    make = _features_batched if sampling == "batched" else _features_exact

    train_labels, train_points = make(sampler, encoder, num_train, batch_size, rng)
    covered = np.unique(train_labels)
    if covered.size < 2:
        raise MetricsError(f"num_train: {num_train} training points all hold factor "
                           f"{int(covered[0])} fixed; the classifier needs at least two factors "
                           "(use more training points)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(train_points, train_labels)
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    for w in caught:  # re-emit anything that is not a convergence warning
        if not issubclass(w.category, ConvergenceWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    train_accuracy = float(np.mean(model.predict(train_points) == train_labels))

    eval_labels, eval_points = make(sampler, encoder, num_eval, batch_size, rng)
    eval_accuracy = float(np.mean(model.predict(eval_points) == eval_labels))
    return BetaVAEResult(score=eval_accuracy, train_accuracy=train_accuracy,
                         eval_accuracy=eval_accuracy, n_factors=len(sampler.factor_sizes),
                         n_latents=int(train_points.shape[1]), num_train=num_train,
                         num_eval=num_eval, batch_size=batch_size,
                         classifier_converged=converged,
                         n_representation_calls=encoder.n_calls, sampling=sampling)
