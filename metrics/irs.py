"""The Interventional Robustness Score (Suter et al. 2019), as disentanglement_lib computes it."""

from __future__ import annotations

import dataclasses

import numpy as np

from metrics._result import MetricResult
from metrics._validation import MetricsError, check_codes_factors

__all__ = ["irs", "IRSResult"]


@dataclasses.dataclass(frozen=True, eq=False)
class IRSResult(MetricResult):
    """Result of :func:`irs`.

    Attributes
    ----------
    score : float
        IRS: mean of ``per_code`` over the active latents weighted by ``max_deviations``.
        At most 1; typically in [0, 1] (see :func:`irs`).
    irs_matrix : ndarray, shape (D, K)
        ``1 - normalised deviation`` of latent ``j`` when factor ``i`` is held fixed; NaN rows
        for inactive latents.
    per_code : ndarray, shape (D,)
        ``max_i irs_matrix[j, i]`` (disentanglement_lib's ``disentanglement_scores``); NaN for
        inactive latents.
    per_factor : ndarray, shape (K,)
        ``max_j irs_matrix[j, i]`` over active latents: how robust the best latent for factor
        ``i`` is (NaN when no latent is active).
    parents : ndarray of int, shape (D,)
        ``argmax_i irs_matrix[j, i]``, the factor each latent is most robust to fixing; -1 for
        inactive latents.
    max_deviations : ndarray, shape (D,)
        ``max_n |z_nj - mean_n z_nj|``, the normaliser and weight of each latent (0 if inactive).
    active_dims : ndarray of bool, shape (D,)
        Latents that are not constant.
    num_active_dims : int
        Number of active latents (a count; see Notes of :func:`irs`).
    note : str
        Empty, or why the score is 0 (no active latent).
    """

    irs_matrix: np.ndarray = None
    per_code: np.ndarray = None
    per_factor: np.ndarray = None
    parents: np.ndarray = None
    max_deviations: np.ndarray = None
    active_dims: np.ndarray = None
    num_active_dims: int = 0
    note: str = ""


def _histogram_discretize(values: np.ndarray, num_bins: int) -> np.ndarray:
    """Each column into ``num_bins`` equal-width bins between its min and max (labels 1..num_bins),
    as disentanglement_lib's ``_histogram_discretize``: ``digitize(x, histogram(x, bins)[1][:-1])``."""
    out = np.empty(values.shape, dtype=np.int64)
    for j in range(values.shape[1]):
        edges = np.histogram_bin_edges(values[:, j], bins=num_bins)
        out[:, j] = np.digitize(values[:, j], edges[:-1])
    return out


def irs(codes, factors, *, diff_quantile: float = 0.99, num_bins: int = 20,
        discretize: bool = True) -> IRSResult:
    r"""Interventional Robustness Score: does fixing one factor freeze a latent?

    Factors are binned (20 equal-width bins per factor, as disentanglement_lib's histogram
    discretiser; distinct values of a factor with at most 20 evenly spaced levels stay distinct).
    For an active latent :math:`j` and a factor :math:`i` with bins :math:`v`,

    .. math::

        \mathrm{IRS}_{ji} = 1 - \frac{\frac{1}{|V_i|}\sum_{v \in V_i}
            Q_q\big(|z_j - \mathbb{E}[z_j \mid g_i = v]| \;\big|\; g_i = v\big)}
            {\max_n |z_{nj} - \bar z_j|},

    where :math:`Q_q` is the ``diff_quantile`` quantile over the samples of the group. Each
    latent scores :math:`s_j = \max_i \mathrm{IRS}_{ji}` and the IRS is the average of
    :math:`s_j` weighted by the normaliser :math:`\max_n |z_{nj} - \bar z_j|`.

    Parameters
    ----------
    codes : array, shape (n_samples, n_latents)
        Finite latents. Constant latents are dropped (not active).
    factors : array, shape (n_samples, n_factors)
        Ground-truth factors (classes or values); no column may be constant.
    diff_quantile : float in (0, 1], default 0.99
        Quantile of the within-group deviations (1.0 is the paper's maximum; 0.99 is
        disentanglement_lib's default, robust to outliers).
    num_bins : int, default 20
        Bins per factor for the grouping (disentanglement_lib's ``discretizer.num_bins``).
    discretize : bool, default True
        False groups by the exact factor values instead (useful for factors with more than
        ``num_bins`` levels, which the binning merges).

    Returns
    -------
    IRSResult
        ``score`` and the per-latent, per-factor diagnostics. With no active latent the score is
        0 and ``note`` says so (as disentanglement_lib).

    Raises
    ------
    MetricsError
        NaN/inf, shape mismatch, fewer than two samples, a constant factor, a bad option.

    Notes
    -----
    Range: :math:`\mathrm{IRS}_{ji} \le 1`, with equality when the latent is constant within
    every group of factor :math:`i` (it depends on that factor only). A latent independent of
    every factor scores about 1 - (its ``diff_quantile`` quantile / its maximum deviation):
    near 0 for bounded noise (0.02 for uniform), but about 0.35 for Gaussian noise at
    n=5000, whose maximum lies far in the tail. Values can be negative
    (down to -1) because a group's spread around its own mean can exceed the global maximum
    deviation, but rarely are.

    Invariant to permuting latents, flipping their signs and a common rescaling. Each latent's
    score ignores its own scale, but the average is weighted by the latents' maximum deviations,
    so rescaling one latent relative to the others changes the IRS (a large-scale latent
    dominates). Standardise the codes first if their scales are arbitrary.

    disentanglement_lib reports ``num_active_dims = np.sum(active_mus)``, where ``active_mus`` is
    the *matrix of code values* of the active latents, so its "number of active dimensions" is
    the sum of all those code values (any float, possibly negative). Here ``num_active_dims`` is
    the number of latents that are not constant. disentanglement_lib calls a latent active when
    its variance is > 0; we use the exact-arithmetic equivalent ``max > min``, so a constant
    latent whose floating-point variance is a rounding residue (for example 1e-35) is not
    counted. The score equals disentanglement_lib's ``IRS`` otherwise.

    References
    ----------
    .. [1] Suter, R., Miladinovic, D., Schoelkopf, B. and Bauer, S. "Robustly Disentangled Causal
       Mechanisms: Validating Deep Representations for Interventional Robustness." ICML 2019.
    .. [2] Locatello, F. et al. "Challenging Common Assumptions in the Unsupervised Learning of
       Disentangled Representations." ICML 2019 (disentanglement_lib).

    Examples
    --------
    >>> import numpy as np
    >>> from metrics import irs
    >>> rng = np.random.default_rng(0)
    >>> factors = rng.integers(0, 5, size=(2000, 2))
    >>> result = irs(factors + 0.01 * rng.standard_normal((2000, 2)), factors)
    >>> round(result.score, 2), result.num_active_dims, result.parents.tolist()
    (0.99, 2, [0, 1])
    """
    c, f = check_codes_factors(codes, factors)
    try:
        q = float(diff_quantile)
    except (TypeError, ValueError):
        q = float("nan")
    if not (0.0 < q <= 1.0):
        raise MetricsError(f"diff_quantile: expected a float in (0, 1], got {diff_quantile!r}")
    if isinstance(num_bins, bool) or not isinstance(num_bins, (int, np.integer)) or num_bins < 2:
        raise MetricsError(f"num_bins: expected an int >= 2, got {num_bins!r}")
    if discretize:
        groups = _histogram_discretize(f, int(num_bins))
    else:
        groups = np.stack([np.unique(f[:, i], return_inverse=True)[1].ravel()
                           for i in range(f.shape[1])], axis=1).astype(np.int64)
    n_latents, n_factors = c.shape[1], f.shape[1]
    active = c.max(axis=0) > c.min(axis=0)
    irs_matrix = np.full((n_latents, n_factors), np.nan)
    per_code = np.full(n_latents, np.nan)
    parents = np.full(n_latents, -1, dtype=np.int64)
    max_deviations = np.zeros(n_latents)
    if not active.any():
        return IRSResult(score=0.0, irs_matrix=irs_matrix, per_code=per_code,
                         per_factor=np.full(n_factors, np.nan), parents=parents,
                         max_deviations=max_deviations, active_dims=active, num_active_dims=0,
                         note="no active latent: every latent is constant; the IRS is 0 by "
                              "convention, as in disentanglement_lib")
    z = c[:, active]
    max_dev = np.max(np.abs(z - z.mean(axis=0)), axis=0)
    cum = np.zeros((z.shape[1], n_factors))
    for i in range(n_factors):
        values, inverse = np.unique(groups[:, i], return_inverse=True)
        inverse = inverse.ravel()
        order = np.argsort(inverse, kind="stable")
        bounds = np.concatenate([[0], np.cumsum(np.bincount(inverse, minlength=values.size))])
        for v in range(values.size):
            members = z[order[bounds[v]:bounds[v + 1]]]
            diffs = np.abs(members - members.mean(axis=0))
            cum[:, i] += np.quantile(diffs, q, axis=0)
        cum[:, i] /= values.size
    active_matrix = 1.0 - cum / max_dev[:, None]
    active_scores = active_matrix.max(axis=1)
    score = float(np.average(active_scores, weights=max_dev))
    irs_matrix[active] = active_matrix
    per_code[active] = active_scores
    parents[active] = active_matrix.argmax(axis=1)
    max_deviations[active] = max_dev
    return IRSResult(score=score, irs_matrix=irs_matrix, per_code=per_code,
                     per_factor=active_matrix.max(axis=0), parents=parents,
                     max_deviations=max_deviations, active_dims=active,
                     num_active_dims=int(active.sum()))
