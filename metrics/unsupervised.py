"""Unsupervised scores of a representation (no factors needed), as in disentanglement_lib.

``gaussian_total_correlation`` and ``wasserstein_correlation`` look only at the covariance of
the codes; ``mutual_info_codes`` is the mean pairwise plug-in MI of the histogram-discretised
code dimensions. Lower is "more factorised" for all three.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from metrics._info import histogram_discretize, mutual_info_matrix
from metrics._result import MetricResult
from metrics._validation import MetricsError, check_codes
from metrics.mig import _check_bins

__all__ = ["gaussian_total_correlation", "wasserstein_correlation", "mutual_info_codes",
           "TotalCorrelationResult", "WassersteinCorrelationResult", "MutualInfoCodesResult"]


def _cov(codes, what):
    codes = check_codes(codes)
    if codes.shape[1] < 2:
        raise MetricsError(f"codes: {what} needs at least 2 latent dimensions, got {codes.shape[1]}")
    cov = np.atleast_2d(np.cov(codes, rowvar=False))
    var = np.diag(cov)
    if np.any(var <= 0):
        raise MetricsError(f"codes: column(s) {np.flatnonzero(var <= 0).tolist()} are constant; "
                           f"{what} needs every code dimension to vary")
    return codes, cov


@dataclasses.dataclass(frozen=True, eq=False)
class TotalCorrelationResult(MetricResult):
    """Result of :func:`gaussian_total_correlation`.

    Attributes
    ----------
    score : float
        Total correlation in nats (>= 0; 0 for uncorrelated codes).
    covariance : ndarray of shape (n_latents, n_latents)
    """

    covariance: np.ndarray = None


def gaussian_total_correlation(codes) -> TotalCorrelationResult:
    r"""Total correlation of a Gaussian with the codes' covariance (disentanglement_lib).

    The KL divergence between :math:`\mathcal N(0, \Sigma)` and the product of its marginals:

    .. math::

        \mathrm{TC} = \tfrac12 \Big( \sum_i \log \Sigma_{ii} - \log\det \Sigma \Big)

    in nats, :math:`\Sigma` the sample covariance (``np.cov``, ddof=1) of the codes. Range
    :math:`[0, \infty)`; 0 when the code dimensions are uncorrelated; infinite when one
    dimension is a linear function of others (singular covariance). Invariant to rescaling
    and sign flips of code dimensions. It ignores the factors: a rotation of independent
    dimensions scores > 0, but entangled uncorrelated codes score 0.

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_latents)
        At least 2 non-constant dimensions.

    Returns
    -------
    TotalCorrelationResult

    References
    ----------
    F. Locatello et al. "Challenging Common Assumptions in the Unsupervised Learning of
    Disentangled Representations." ICML 2019 (disentanglement_lib, ``unsupervised_metrics``).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> z = rng.standard_normal((5000, 2))
    >>> gaussian_total_correlation(z).score < 0.01
    True
    >>> z2 = np.c_[z[:, 0], z[:, 0] + z[:, 1]]     # correlation 1/sqrt(2): TC = log(2)/2
    >>> round(gaussian_total_correlation(z2).score, 1)
    0.3
    """
    _, cov = _cov(codes, "gaussian_total_correlation")
    sign, logdet = np.linalg.slogdet(cov)
    tc = np.inf if sign <= 0 else 0.5 * (np.sum(np.log(np.diag(cov))) - logdet)
    return TotalCorrelationResult(score=float(tc), covariance=cov)


@dataclasses.dataclass(frozen=True, eq=False)
class WassersteinCorrelationResult(MetricResult):
    """Result of :func:`wasserstein_correlation`.

    Attributes
    ----------
    score : float
        Squared 2-Wasserstein distance between the Gaussian and the product of its marginals.
    normalized : float
        ``score / trace(covariance)`` (disentanglement_lib's ``..._norm``), in [0, 1].
    covariance : ndarray of shape (n_latents, n_latents)
    """

    normalized: float = None
    covariance: np.ndarray = None


def wasserstein_correlation(codes) -> WassersteinCorrelationResult:
    r"""Gaussian Wasserstein correlation (disentanglement_lib).

    The squared 2-Wasserstein distance between :math:`\mathcal N(0, \Sigma)` and
    :math:`\mathcal N(0, \mathrm{diag}\,\Sigma)`:

    .. math::

        W = 2\,\mathrm{tr}\,\Sigma - 2\,\mathrm{tr}\big( (\Sigma\, \mathrm{diag}\Sigma)^{1/2} \big)

    (``scipy.linalg.sqrtm`` of :math:`\Sigma_{ij}\Sigma_{ii}`, as disentanglement_lib writes it).
    ``normalized`` divides by :math:`\mathrm{tr}\,\Sigma`. Range :math:`[0, \infty)` (normalised
    [0, 1]); 0 for uncorrelated codes. Unlike the total correlation it depends on the scale of
    the codes (use ``normalized`` to compare models).

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_latents)

    Returns
    -------
    WassersteinCorrelationResult

    References
    ----------
    F. Locatello et al. "Challenging Common Assumptions in the Unsupervised Learning of
    Disentangled Representations." ICML 2019 (disentanglement_lib, ``unsupervised_metrics``).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> z = rng.standard_normal((5000, 3))
    >>> wasserstein_correlation(z).normalized < 0.01
    True
    """
    import scipy.linalg

    _, cov = _cov(codes, "wasserstein_correlation")
    root = scipy.linalg.sqrtm(cov * np.diag(cov)[:, None])
    w = float(np.real(2 * np.trace(cov) - 2 * np.trace(root)))
    w = max(w, 0.0) if w > -1e-9 * np.trace(cov) else w
    return WassersteinCorrelationResult(score=w, normalized=w / float(np.trace(cov)), covariance=cov)


@dataclasses.dataclass(frozen=True, eq=False)
class MutualInfoCodesResult(MetricResult):
    """Result of :func:`mutual_info_codes`.

    Attributes
    ----------
    score : float
        Mean pairwise MI (nats) between distinct discretised code dimensions.
    mutual_info : ndarray of shape (n_latents, n_latents)
        Pairwise MI with a zero diagonal.
    """

    mutual_info: np.ndarray = None


def mutual_info_codes(codes, *, n_bins: int = 20) -> MutualInfoCodesResult:
    r"""Mean pairwise mutual information of the discretised codes (disentanglement_lib).

    .. math::

        \frac{1}{D(D-1)} \sum_{i \ne j} I(\tilde z_i; \tilde z_j)

    where :math:`\tilde z` are the codes binned into ``n_bins`` equal-width bins per
    dimension; plug-in MI in nats. Range :math:`[0, \log n_{bins}]`; near 0 for independent
    dimensions (the plug-in estimate is biased upward by about
    :math:`(n_{bins}-1)^2 / (2N)` nats).

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_latents)
        At least 2 dimensions.
    n_bins : int, default 20

    Returns
    -------
    MutualInfoCodesResult

    References
    ----------
    F. Locatello et al. "Challenging Common Assumptions in the Unsupervised Learning of
    Disentangled Representations." ICML 2019 (disentanglement_lib, ``unsupervised_metrics``).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> z = rng.standard_normal((10000, 3))
    >>> mutual_info_codes(z).score < 0.03
    True
    """
    codes = check_codes(codes)
    d = codes.shape[1]
    if d < 2:
        raise MetricsError(f"codes: mutual_info_codes needs at least 2 latent dimensions, got {d}")
    z = histogram_discretize(codes, _check_bins(n_bins))
    m = mutual_info_matrix(z, z)
    np.fill_diagonal(m, 0.0)
    return MutualInfoCodesResult(score=float(m.sum() / (d * d - d)), mutual_info=m)
