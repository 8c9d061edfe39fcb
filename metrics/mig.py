"""Mutual-information gap metrics: MIG, MIG-sup, DCIMIG and JEMMIG.

All four start from the same plug-in estimate: every code dimension is discretised into
``n_bins`` (20) equal-width bins between its min and max (disentanglement_lib's
``_histogram_discretize``), every factor column is taken as discrete (each distinct value is a
class; pass ``factor_bins`` to bin continuous factors too), and ``I(z_i; v_k)`` is the plug-in
mutual information in nats of each (code, factor) pair, computed for all pairs at once from
contingency tables (see :mod:`metrics._info`).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from metrics._info import (discrete_entropy, encode_labels, histogram_discretize,
                           joint_entropy_matrix, mutual_info_matrix)
from metrics._result import MetricResult
from metrics._validation import MetricsError, check_codes_factors

__all__ = ["mig", "mig_sup", "dcimig", "jemmig", "MIGResult", "MIGSupResult", "DCIMIGResult",
           "JEMMIGResult"]


def _check_bins(n_bins, name="n_bins"):
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 2:
        raise MetricsError(f"{name}: expected an int >= 2, got {n_bins!r}")
    return int(n_bins)


def _discrete_pair(codes, factors, n_bins, factor_bins):
    """Validate, discretise codes, encode factors; returns (codes, z_labels, v_labels)."""
    codes, factors = check_codes_factors(codes, factors)
    n_bins = _check_bins(n_bins)
    z = histogram_discretize(codes, n_bins)
    if factor_bins is None:
        v, _ = encode_labels(factors)
    else:
        v = histogram_discretize(factors, _check_bins(factor_bins, "factor_bins"))
    return codes, z, v


def _need(n, what, minimum=2, metric="this metric"):
    if n < minimum:
        raise MetricsError(f"{what}: {metric} needs at least {minimum}, got {n}")


# --------------------------------------------------------------------------------------------
# MIG


@dataclasses.dataclass(frozen=True, eq=False)
class MIGResult(MetricResult):
    """Result of :func:`mig`.

    Attributes
    ----------
    score : float
        Mean normalised gap over factors, in [0, 1].
    gaps : ndarray of shape (n_factors,)
        ``(I(z_(1); v_k) - I(z_(2); v_k)) / H(v_k)`` per factor.
    mutual_info : ndarray of shape (n_latents, n_factors)
        Plug-in MI in nats of each discretised code dimension with each factor.
    factor_entropy : ndarray of shape (n_factors,)
        ``H(v_k)`` in nats.
    top_latents : ndarray of int, shape (n_factors,)
        Index of the code dimension with the highest MI for each factor.
    """

    gaps: np.ndarray = None
    mutual_info: np.ndarray = None
    factor_entropy: np.ndarray = None
    top_latents: np.ndarray = None


def mig(codes, factors, *, n_bins: int = 20, factor_bins: int | None = None) -> MIGResult:
    r"""Mutual Information Gap (Chen et al. 2018), as disentanglement_lib computes it.

    .. math::

        \mathrm{MIG} = \frac{1}{K} \sum_{k=1}^{K}
            \frac{I(z_{j^{(1)}_k}; v_k) - I(z_{j^{(2)}_k}; v_k)}{H(v_k)}

    where :math:`j^{(1)}_k, j^{(2)}_k` are the code dimensions with the highest and second
    highest mutual information with factor :math:`v_k`. Codes are discretised into ``n_bins``
    equal-width bins per dimension, factors are used as they are (each distinct value a class),
    MI and entropy are plug-in estimates in nats.

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_latents)
        Representations; at least 2 latent dimensions.
    factors : array-like of shape (n_samples, n_factors)
        Ground-truth factors (class indices or values); no constant column.
    n_bins : int, default 20
        Equal-width bins per code dimension (disentanglement_lib's default).
    factor_bins : int or None, default None
        If given, factors are also histogram-discretised into this many bins (for continuous
        factors); by default every distinct factor value is its own class.

    Returns
    -------
    MIGResult
        ``score`` in [0, 1] (1: each factor captured by exactly one code dimension), plus
        ``gaps``, ``mutual_info``, ``factor_entropy`` and ``top_latents``.

    Raises
    ------
    MetricsError
        NaN/inf, shape mismatch, fewer than 2 samples, a constant factor, one code dimension.

    References
    ----------
    R. T. Q. Chen, X. Li, R. Grosse, D. Duvenaud. "Isolating Sources of Disentanglement in
    Variational Autoencoders." NeurIPS 2018. https://arxiv.org/abs/1802.04942

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> factors = rng.integers(0, 10, size=(2000, 3))
    >>> codes = np.c_[factors + 0.01 * rng.standard_normal((2000, 3)),
    ...               rng.standard_normal(2000)]
    >>> mig(codes, factors).score > 0.95
    True
    """
    codes, z, v = _discrete_pair(codes, factors, n_bins, factor_bins)
    _need(codes.shape[1], "codes: latent dimensions", 2, "MIG")
    m = mutual_info_matrix(z, v)
    h = discrete_entropy(v)
    sorted_m = np.sort(m, axis=0)[::-1]
    gaps = (sorted_m[0] - sorted_m[1]) / h
    return MIGResult(score=float(np.mean(gaps)), gaps=gaps, mutual_info=m, factor_entropy=h,
                     top_latents=np.argmax(m, axis=0))


# --------------------------------------------------------------------------------------------
# MIG-sup


@dataclasses.dataclass(frozen=True, eq=False)
class MIGSupResult(MetricResult):
    """Result of :func:`mig_sup`.

    Attributes
    ----------
    score : float
        Mean over (active) code dimensions of the normalised gap, in [0, 1].
    gaps : ndarray of shape (n_latents,)
        Per code dimension ``I_n(z_j; v_(1)) - I_n(z_j; v_(2))``; NaN for pruned dimensions.
    normalized_mutual_info : ndarray of shape (n_latents, n_factors)
        ``I(z_j; v_k) / H(v_k)``.
    active : ndarray of bool, shape (n_latents,)
        Dimensions included in the mean.
    """

    gaps: np.ndarray = None
    normalized_mutual_info: np.ndarray = None
    active: np.ndarray = None


def mig_sup(codes, factors, *, n_bins: int = 20, factor_bins: int | None = None,
            min_variance: float | None = None) -> MIGSupResult:
    r"""MIG-sup (Li et al. 2020): one factor per code dimension.

    The complement of MIG: for every code dimension, the gap between its two most informative
    factors, with MI normalised by the factor entropy as in the paper and the authors' code
    (``proVLAE/metric_MIG.py``):

    .. math::

        \mathrm{MIG\text{-}sup} = \frac{1}{J} \sum_{j=1}^{J}
            \left[ \frac{I(z_j; v_{k^{(1)}_j})}{H(v_{k^{(1)}_j})}
                 - \frac{I(z_j; v_{k^{(2)}_j})}{H(v_{k^{(2)}_j})} \right]

    where :math:`k^{(1)}_j, k^{(2)}_j` maximise the *normalised* MI. Some implementations
    normalise by H(z_j) or not at all (e.g. the Ubisoft "disentanglement-metrics" code
    normalises by the code entropy); we follow the paper (H(v_k)). The paper averages over all
    J code dimensions; the authors' code averages over "active" units with variance > 0.01,
    available here as ``min_variance=0.01`` (not the default, because it is not invariant to
    rescaling the codes).

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_latents)
    factors : array-like of shape (n_samples, n_factors)
        At least 2 factors.
    n_bins : int, default 20
        Equal-width bins per code dimension.
    factor_bins : int or None, default None
        Histogram-discretise factors too (continuous factors).
    min_variance : float or None, default None
        If given, average only over code dimensions whose variance exceeds it.

    Returns
    -------
    MIGSupResult
        ``score`` in [0, 1], ``gaps`` per code dimension, ``normalized_mutual_info``, ``active``.

    References
    ----------
    Z. Li, J. V. Murkute, P. K. Gyawali, L. Wang. "Progressive Learning and Disentanglement of
    Hierarchical Representations." ICLR 2020. https://arxiv.org/abs/2002.10549

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> factors = rng.integers(0, 10, size=(2000, 3))
    >>> codes = factors + 0.01 * rng.standard_normal((2000, 3))
    >>> mig_sup(codes, factors).score > 0.95
    True
    """
    codes, z, v = _discrete_pair(codes, factors, n_bins, factor_bins)
    _need(v.shape[1], "factors: factor columns", 2, "MIG-sup")
    nmi = mutual_info_matrix(z, v) / discrete_entropy(v)[None, :]
    sorted_n = np.sort(nmi, axis=1)[:, ::-1]
    gaps = sorted_n[:, 0] - sorted_n[:, 1]
    if min_variance is None:
        active = np.ones(codes.shape[1], dtype=bool)
    else:
        active = codes.var(axis=0) > float(min_variance)
        if not active.any():
            raise MetricsError(f"min_variance: no code dimension has variance > {min_variance} "
                               f"(largest is {codes.var(axis=0).max():.3g})")
    gaps = np.where(active, gaps, np.nan)
    return MIGSupResult(score=float(np.nanmean(gaps)), gaps=gaps, normalized_mutual_info=nmi,
                        active=active)


# --------------------------------------------------------------------------------------------
# DCIMIG


@dataclasses.dataclass(frozen=True, eq=False)
class DCIMIGResult(MetricResult):
    """Result of :func:`dcimig`.

    Attributes
    ----------
    score : float
        ``sum_k D_k / sum_k H(v_k)``, in [0, 1].
    latent_gaps : ndarray of shape (n_latents,)
        ``R_j``: gap (nats) between the two most informative factors of each code dimension.
    latent_factor : ndarray of int, shape (n_latents,)
        The factor each code dimension is assigned to (its most informative one).
    factor_gaps : ndarray of shape (n_factors,)
        ``D_k``: the largest gap among code dimensions assigned to factor k (0 if none).
    mutual_info : ndarray of shape (n_latents, n_factors)
    factor_entropy : ndarray of shape (n_factors,)
    """

    latent_gaps: np.ndarray = None
    latent_factor: np.ndarray = None
    factor_gaps: np.ndarray = None
    mutual_info: np.ndarray = None
    factor_entropy: np.ndarray = None


def dcimig(codes, factors, *, n_bins: int = 20, factor_bins: int | None = None) -> DCIMIGResult:
    r"""DCIMIG (Sepliarskaia, Kiseleva & de Rijke 2019).

    For each code dimension :math:`z_j`, let :math:`k_j` be its most informative factor and
    :math:`R_j = I(z_j; v_{k_j}) - \max_{k \ne k_j} I(z_j; v_k)` the gap (nats, not
    normalised). Each factor keeps the best gap among the dimensions assigned to it,
    :math:`D_k = \max_{j: k_j = k} R_j` (0 if no dimension is assigned to it), and

    .. math::

        \mathrm{DCIMIG} = \frac{\sum_k D_k}{\sum_k H(v_k)}.

    This is the paper's definition (normalised by the total factor entropy), the same as the
    Ubisoft reference code. Range [0, 1]; 1 needs one dimension per factor that captures the
    factor completely and nothing else.

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_latents)
    factors : array-like of shape (n_samples, n_factors)
        At least 2 factors.
    n_bins : int, default 20
    factor_bins : int or None, default None

    Returns
    -------
    DCIMIGResult

    References
    ----------
    A. Sepliarskaia, J. Kiseleva, M. de Rijke. "How to Not Measure Disentanglement" /
    "Evaluating Disentangled Representations." arXiv:1910.05587, 2019.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> factors = rng.integers(0, 10, size=(2000, 3))
    >>> codes = factors + 0.01 * rng.standard_normal((2000, 3))
    >>> dcimig(codes, factors).score > 0.95
    True
    """
    codes, z, v = _discrete_pair(codes, factors, n_bins, factor_bins)
    _need(v.shape[1], "factors: factor columns", 2, "DCIMIG")
    m = mutual_info_matrix(z, v)
    h = discrete_entropy(v)
    n_lat, n_fac = m.shape
    sorted_m = np.sort(m, axis=1)
    latent_gaps = sorted_m[:, -1] - sorted_m[:, -2]
    latent_factor = np.argmax(m, axis=1)
    assigned = np.zeros((n_lat, n_fac))
    assigned[np.arange(n_lat), latent_factor] = latent_gaps
    factor_gaps = assigned.max(axis=0)
    return DCIMIGResult(score=float(factor_gaps.sum() / h.sum()), latent_gaps=latent_gaps,
                        latent_factor=latent_factor, factor_gaps=factor_gaps, mutual_info=m,
                        factor_entropy=h)


# --------------------------------------------------------------------------------------------
# JEMMIG


@dataclasses.dataclass(frozen=True, eq=False)
class JEMMIGResult(MetricResult):
    """Result of :func:`jemmig`.

    Attributes
    ----------
    score : float
        ``1 - mean_k JEMMIG_k / (H(v_k) + log n_bins)``, in [0, 1], higher is better.
    jemmig : float
        Mean unnormalised JEMMIG in nats (lower is better, 0 is perfect).
    per_factor : ndarray of shape (n_factors,)
        Unnormalised ``JEMMIG_k`` in nats.
    normalized_per_factor : ndarray of shape (n_factors,)
        ``JEMMIG_k / (H(v_k) + log n_bins)`` in [0, 1] (lower is better).
    top_latents : ndarray of int, shape (n_factors,)
    mutual_info : ndarray of shape (n_latents, n_factors)
    joint_entropy : ndarray of shape (n_latents, n_factors)
    """

    jemmig: float = None
    per_factor: np.ndarray = None
    normalized_per_factor: np.ndarray = None
    top_latents: np.ndarray = None
    mutual_info: np.ndarray = None
    joint_entropy: np.ndarray = None


def jemmig(codes, factors, *, n_bins: int = 20, factor_bins: int | None = None) -> JEMMIGResult:
    r"""JEMMIG: Joint Entropy Minus Mutual Information Gap (Do & Tran 2020).

    For factor :math:`v_k` with most informative code dimension :math:`z_{*}` and second most
    informative :math:`z_{\circ}`:

    .. math::

        \mathrm{JEMMIG}(v_k) = H(z_{*}, v_k) - I(z_{*}; v_k) + I(z_{\circ}; v_k)

    which is 0 exactly when :math:`z_*` and :math:`v_k` determine each other and no other
    dimension carries information about :math:`v_k`. The paper normalises by
    :math:`H(v_k) + \log(\text{n\_bins})` (an upper bound of the joint entropy), giving a value
    in [0, 1] where lower is better. The headline ``score`` is
    :math:`1 - \frac{1}{K}\sum_k \mathrm{JEMMIG}(v_k) / (H(v_k) + \log B)` so that, like every
    other score here, higher is better (the convention of the Ubisoft and vaetc code); the
    raw value is kept in ``jemmig``. Entropies in nats, codes binned into ``n_bins``.

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_latents)
        At least 2 latent dimensions.
    factors : array-like of shape (n_samples, n_factors)
    n_bins : int, default 20
    factor_bins : int or None, default None

    Returns
    -------
    JEMMIGResult

    References
    ----------
    K. Do, T. Tran. "Theory and Evaluation Metrics for Learning Disentangled
    Representations." ICLR 2020. https://arxiv.org/abs/1908.09961

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> factors = rng.integers(0, 10, size=(2000, 3))
    >>> codes = factors + 0.01 * rng.standard_normal((2000, 3))
    >>> jemmig(codes, factors).score > 0.95
    True
    """
    codes, z, v = _discrete_pair(codes, factors, n_bins, factor_bins)
    _need(codes.shape[1], "codes: latent dimensions", 2, "JEMMIG")
    m = mutual_info_matrix(z, v)
    je = joint_entropy_matrix(z, v)
    h = discrete_entropy(v)
    order = np.argsort(m, axis=0, kind="stable")
    top, second = order[-1], order[-2]
    cols = np.arange(m.shape[1])
    per_factor = je[top, cols] - m[top, cols] + m[second, cols]
    normalized = per_factor / (h + np.log(n_bins))
    return JEMMIGResult(score=float(1.0 - normalized.mean()), jemmig=float(per_factor.mean()),
                        per_factor=per_factor, normalized_per_factor=normalized,
                        top_latents=top, mutual_info=m, joint_entropy=je)
