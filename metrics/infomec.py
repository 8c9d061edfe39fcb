"""InfoMEC (Hsu et al. 2023): InfoM (modularity), InfoE (explicitness), InfoC (compactness)."""

from __future__ import annotations

import dataclasses

import numpy as np

from metrics._info import discrete_entropy, encode_labels, histogram_discretize, mutual_info_matrix
from metrics._result import MetricResult
from metrics._validation import MetricsError, check_codes_factors, check_random_state
from metrics.mig import _check_bins

__all__ = ["infomec", "InfoMECResult"]


@dataclasses.dataclass(frozen=True, eq=False)
class InfoMECResult(MetricResult):
    """Result of :func:`infomec`.

    Attributes
    ----------
    score : float
        InfoM (the modularity term, the paper's headline disentanglement number), in [0, 1].
    infom, infoe, infoc : float
        Modularity, explicitness and compactness, each in [0, 1].
    nmi : ndarray of shape (n_latents, n_factors)
        ``I(z_j; s_i) / H(s_i)``.
    active : ndarray of bool, shape (n_latents,)
        Latents kept by the range heuristic.
    infoe_per_factor : ndarray of shape (n_factors,)
    """

    infom: float = None
    infoe: float = None
    infoc: float = None
    nmi: np.ndarray = None
    active: np.ndarray = None
    infoe_per_factor: np.ndarray = None


def _normalised_ratio(nmi: np.ndarray, axis: int, n: int) -> float:
    """(mean of max/sum along ``axis`` - 1/n) / (1 - 1/n); rows with zero sum count as 1/n."""
    total = nmi.sum(axis=axis)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(total > 0, nmi.max(axis=axis) / total, 1.0 / n)
    if n == 1:
        return 1.0
    return float((ratio.mean() - 1.0 / n) / (1.0 - 1.0 / n))


def _infoe(codes_std, labels, n_classes, random_state):
    """Normalised predictive information of each factor from a linear (logistic) probe."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss

    out = np.empty(labels.shape[1])
    for k in range(labels.shape[1]):
        y = labels[:, k]
        model = LogisticRegression(C=np.inf, class_weight="balanced", max_iter=100, tol=1e-4,
                                   random_state=random_state)
        model.fit(codes_std, y)
        h_cond = log_loss(y, model.predict_proba(codes_std), labels=model.classes_)
        # The class-balanced intercept-only model predicts the uniform distribution,
        # so the "marginal" cross-entropy of the reference code is log(V) exactly.
        h_marg = np.log(n_classes[k])
        out[k] = (h_marg - h_cond) / h_marg
    return out


def infomec(codes, factors, *, estimator: str = "ksg", n_bins: int = 20,
            active_fraction: float = 1 / 20, n_neighbors: int = 10,
            random_state=None) -> InfoMECResult:
    r"""InfoMEC: information-based modularity, explicitness and compactness (Hsu et al. 2023).

    With the normalised mutual information :math:`\mathrm{NMI}_{ij} = I(z_j; s_i) / H(s_i)`
    between latent :math:`z_j` and source (factor) :math:`s_i` (normalised by the *source*
    entropy, as in the paper), and only the *active* latents (range larger than
    ``active_fraction`` = 1/20 of the largest range, the paper's heuristic for pruning
    collapsed dimensions), over :math:`K` sources and :math:`L` active latents:

    .. math::

        \mathrm{InfoM} = \Big( \frac{1}{L} \sum_j \frac{\max_i \mathrm{NMI}_{ij}}
            {\sum_i \mathrm{NMI}_{ij}} - \frac1K \Big) \Big/ \Big(1 - \frac1K\Big), \qquad
        \mathrm{InfoC} = \Big( \frac{1}{K} \sum_i \frac{\max_j \mathrm{NMI}_{ij}}
            {\sum_j \mathrm{NMI}_{ij}} - \frac1L \Big) \Big/ \Big(1 - \frac1L\Big)

    .. math::

        \mathrm{InfoE} = \frac1K \sum_i \frac{H(s_i) - H_{\text{linear}}(s_i \mid z)}{H(s_i)}

    where :math:`H_{\text{linear}}(s_i \mid z)` is the cross-entropy of an unregularised,
    class-balanced multinomial logistic regression on the standardised latents, evaluated on
    the data it was fit to, and :math:`H(s_i)` is that of the intercept-only balanced model
    (:math:`\log |S_i|`), as in the authors' code. All three lie in [0, 1], higher is
    better; ``score`` is InfoM.

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_latents)
    factors : array-like of shape (n_samples, n_factors)
        Discrete sources (each distinct value a class). At least 2 factors (InfoM's chance
        correction divides by 1 - 1/K).
    estimator : {"ksg", "histogram"}, default "ksg"
        MI estimator for continuous latents. ``"ksg"``: the k-nearest-neighbour estimator of
        ``sklearn.feature_selection.mutual_info_classif`` with ``n_neighbors=10`` on
        standardised latents, as the authors' code does (stochastic: it adds tiny noise,
        seeded by ``random_state``). ``"histogram"``: plug-in MI of ``n_bins`` equal-width bins
        (deterministic and much faster, biased upward by about ``(n_bins-1)(V-1)/(2N)``).
    n_bins : int, default 20
        Bins for ``estimator="histogram"``.
    active_fraction : float, default 1/20
        A latent is active when its range exceeds this fraction of the largest latent range.
    n_neighbors : int, default 10
        Neighbours for the KSG estimator.
    random_state : None, int or RandomState

    Returns
    -------
    InfoMECResult
        ``score`` (= InfoM), ``infom``, ``infoe``, ``infoc``, ``nmi``, ``active``.

    References
    ----------
    K. Hsu, W. Dorrell, J. C. R. Whittington, J. Wu, C. Finn. "Disentanglement via Latent
    Quantization." NeurIPS 2023. https://arxiv.org/abs/2305.18378 (reference code:
    github.com/kylehkhsu/latent_quantization, ``disentangle/metrics/infomec.py``).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> factors = rng.integers(0, 5, size=(2000, 2))
    >>> codes = factors + 0.05 * rng.standard_normal((2000, 2))
    >>> r = infomec(codes, factors, estimator="histogram")
    >>> r.infom > 0.95 and r.infoc > 0.95 and r.infoe > 0.9
    True
    """
    codes, factors = check_codes_factors(codes, factors)
    n, n_lat = codes.shape
    n_fac = factors.shape[1]
    if n_fac < 2:
        raise MetricsError(f"factors: InfoMEC needs at least 2 factor columns, got {n_fac}")
    if estimator not in ("ksg", "histogram"):
        raise MetricsError(f"estimator: expected 'ksg' or 'histogram', got {estimator!r}")
    rs = check_random_state(random_state)
    labels, n_classes = encode_labels(factors)
    h = discrete_entropy(labels)
    std = codes.std(axis=0)
    codes_std = (codes - codes.mean(axis=0)) / np.where(std > 0, std, 1.0)

    if estimator == "histogram":
        mi = mutual_info_matrix(histogram_discretize(codes, _check_bins(n_bins)), labels)
    else:
        from sklearn.feature_selection import mutual_info_classif

        mi = np.zeros((n_lat, n_fac))
        for k in range(n_fac):
            mi[:, k] = mutual_info_classif(codes_std, labels[:, k], discrete_features=False,
                                           n_neighbors=n_neighbors,
                                           random_state=rs.randint(np.iinfo(np.int32).max))
        mi[std == 0, :] = 0.0
    nmi = mi / h[None, :]

    ranges = codes.max(axis=0) - codes.min(axis=0)
    active = ranges > ranges.max() * active_fraction
    if not active.any():
        raise MetricsError("codes: every code dimension is constant; InfoMEC needs at least one "
                           "varying dimension")
    pruned = nmi[active]
    infom = _normalised_ratio(pruned, axis=1, n=n_fac)
    infoc = _normalised_ratio(pruned, axis=0, n=int(active.sum()))
    per_factor = _infoe(codes_std, labels, n_classes, rs.randint(np.iinfo(np.int32).max))
    infoe = float(np.mean(per_factor))
    return InfoMECResult(score=infom, infom=infom, infoe=infoe, infoc=infoc, nmi=nmi,
                         active=active, infoe_per_factor=per_factor)
