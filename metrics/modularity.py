"""Modularity and explicitness (Ridgeway & Mozer 2018), as disentanglement_lib computes them."""

from __future__ import annotations

import dataclasses

import numpy as np

from metrics._info import encode_labels, histogram_discretize, mutual_info_matrix
from metrics._result import MetricResult
from metrics._validation import MetricsError, check_codes_factors, split_train_test
from metrics.mig import _check_bins

__all__ = ["modularity", "explicitness", "ModularityResult", "ExplicitnessResult"]


@dataclasses.dataclass(frozen=True, eq=False)
class ModularityResult(MetricResult):
    """Result of :func:`modularity`.

    Attributes
    ----------
    score : float
        Mean modularity over code dimensions, in [0, 1].
    per_latent : ndarray of shape (n_latents,)
        ``1 - delta_i`` per code dimension (0 for a dimension with no information).
    mutual_info : ndarray of shape (n_latents, n_factors)
        Plug-in MI (nats) of the discretised codes with the factors.
    top_factors : ndarray of int, shape (n_latents,)
        The factor each code dimension is most informative about.
    """

    per_latent: np.ndarray = None
    mutual_info: np.ndarray = None
    top_factors: np.ndarray = None


def modularity(codes, factors, *, n_bins: int = 20,
               factor_bins: int | None = None) -> ModularityResult:
    r"""Modularity score (Ridgeway & Mozer 2018), as in disentanglement_lib.

    With :math:`m_{ik} = I(z_i; v_k)` (codes discretised into ``n_bins`` equal-width bins,
    plug-in MI in nats) and :math:`\theta_i = \max_k m_{ik}`:

    .. math::

        \delta_i = \frac{\sum_{k} m_{ik}^2 - \theta_i^2}{\theta_i^2 (K - 1)}, \qquad
        \mathrm{modularity} = \frac{1}{D} \sum_{i=1}^{D} (1 - \delta_i)

    A code dimension that carries no information (:math:`\theta_i = 0`) counts as 0, as in
    disentanglement_lib. Range [0, 1]; 1 when every dimension depends on at most one factor.
    It does not reward informativeness: a representation with a single informative dimension
    and pure-noise others can still score high (noise dimensions carry a little spurious MI
    about every factor, so they score low-to-medium rather than 0).

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_latents)
    factors : array-like of shape (n_samples, n_factors)
        At least 2 factors.
    n_bins : int, default 20
        Equal-width bins per code dimension (disentanglement_lib's discretiser).
    factor_bins : int or None, default None
        Histogram-discretise factors too (continuous factors); by default each distinct value
        is a class.

    Returns
    -------
    ModularityResult

    References
    ----------
    K. Ridgeway, M. C. Mozer. "Learning Deep Disentangled Embeddings With the F-Statistic
    Loss." NeurIPS 2018. https://arxiv.org/abs/1802.05312

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> factors = rng.integers(0, 10, size=(5000, 2))
    >>> codes = factors + 0.01 * rng.standard_normal((5000, 2))
    >>> modularity(codes, factors).score > 0.99
    True
    """
    codes, factors = check_codes_factors(codes, factors)
    if factors.shape[1] < 2:
        raise MetricsError(f"factors: modularity needs at least 2 factor columns, "
                           f"got {factors.shape[1]}")
    z = histogram_discretize(codes, _check_bins(n_bins))
    v = (encode_labels(factors)[0] if factor_bins is None
         else histogram_discretize(factors, _check_bins(factor_bins, "factor_bins")))
    m = mutual_info_matrix(z, v)
    per_latent = _modularity_from_mi(m)
    return ModularityResult(score=float(np.mean(per_latent)), per_latent=per_latent,
                            mutual_info=m, top_factors=np.argmax(m, axis=1))


def _modularity_from_mi(m: np.ndarray) -> np.ndarray:
    sq = np.square(m)
    theta2 = sq.max(axis=1)
    num = sq.sum(axis=1) - theta2
    den = theta2 * (sq.shape[1] - 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 1.0 - num / den
    return np.where(theta2 == 0.0, 0.0, out)


# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, eq=False)
class ExplicitnessResult(MetricResult):
    """Result of :func:`explicitness`.

    Attributes
    ----------
    score : float
        Mean test ROC-AUC over factors (= ``test``), in [0, 1] (0.5 is chance).
    train, test : float
        Mean one-vs-rest ROC-AUC over factors on the training and the test split.
    per_factor_train, per_factor_test : ndarray of shape (n_factors,)
    """

    train: float = None
    test: float = None
    per_factor_train: np.ndarray = None
    per_factor_test: np.ndarray = None


def _ovr_auc(y, proba, classes):
    """Macro one-vs-rest ROC-AUC, skipping classes absent from (or filling all of) ``y``."""
    from sklearn.metrics import roc_auc_score

    indicator = (np.asarray(y)[:, None] == classes[None, :]).astype(int)
    pos = indicator.sum(axis=0)
    valid = (pos > 0) & (pos < len(y))
    if not valid.any():
        return np.nan
    return float(roc_auc_score(indicator[:, valid], proba[:, valid]))


def _explicitness_one(x_train, y_train, x_test, y_test):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression().fit(x_train, y_train)
    return (_ovr_auc(y_train, clf.predict_proba(x_train), clf.classes_),
            _ovr_auc(y_test, clf.predict_proba(x_test), clf.classes_))


def explicitness(codes, factors, codes_test=None, factors_test=None, *,
                 test_size: float = 1 / 3, random_state=None,
                 n_jobs: int | None = None) -> ExplicitnessResult:
    r"""Explicitness (Ridgeway & Mozer 2018), as in disentanglement_lib.

    For each factor :math:`v_k` a multinomial ``LogisticRegression()`` (scikit-learn defaults)
    is fit on the codes, standardised with the training mean and standard deviation; its
    explicitness is the macro one-vs-rest ROC-AUC of the predicted class probabilities:

    .. math::

        \mathrm{explicitness} = \frac{1}{K} \sum_k \frac{1}{|V_k|} \sum_{c \in V_k}
            \mathrm{AUC}\big(\mathbb{1}[v_k = c],\; \hat p(v_k = c \mid z)\big)

    reported on the training and test data (``score`` is the test value). Range [0, 1];
    0.5 is chance, 1 means each factor is linearly decodable from the codes. It measures
    information, not disentanglement: rotated codes score as high as axis-aligned ones.

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_latents)
        Training codes (or all codes, when ``codes_test`` is None).
    factors : array-like of shape (n_samples, n_factors)
    codes_test : array-like of shape (n_test, n_latents), optional
    factors_test : array-like of shape (n_test, n_factors), optional
        A separate test draw, as disentanglement_lib uses (10,000 train / 5,000 test points).
        If omitted, ``codes``/``factors`` are split at random with ``test_size``.
    test_size : float, default 1/3
        Fraction held out when no test arrays are given (1/3 = disentanglement_lib's 5k/15k).
    random_state : None, int or RandomState
        Seeds the split.
    n_jobs : int or None
        Factors are fit in parallel with joblib.

    Returns
    -------
    ExplicitnessResult

    Notes
    -----
    Departures from disentanglement_lib: a code dimension with zero training variance is
    left unscaled instead of dividing by zero; a class absent from a split is skipped in that
    split's macro average instead of raising. Since scikit-learn 0.22 ``LogisticRegression()``
    is multinomial with lbfgs; disentanglement_lib ran with an older default (one-vs-rest
    liblinear), so values can differ slightly from published ones.

    References
    ----------
    K. Ridgeway, M. C. Mozer. "Learning Deep Disentangled Embeddings With the F-Statistic
    Loss." NeurIPS 2018. https://arxiv.org/abs/1802.05312

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> factors = rng.integers(0, 5, size=(1500, 2))
    >>> codes = factors + 0.05 * rng.standard_normal((1500, 2))
    >>> explicitness(codes, factors, random_state=0).score > 0.95
    True
    """
    c_tr, f_tr, c_te, f_te = split_train_test(codes, factors, codes_test, factors_test,
                                              test_size=test_size, random_state=random_state)
    mean = c_tr.mean(axis=0)
    std = c_tr.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    x_tr = (c_tr - mean) / std
    x_te = (c_te - mean) / std
    jobs = [(x_tr, f_tr[:, k], x_te, f_te[:, k]) for k in range(f_tr.shape[1])]
    if n_jobs is None or n_jobs == 1 or len(jobs) == 1:
        out = [_explicitness_one(*j) for j in jobs]
    else:
        from joblib import Parallel, delayed

        out = Parallel(n_jobs=n_jobs)(delayed(_explicitness_one)(*j) for j in jobs)
    tr = np.array([o[0] for o in out])
    te = np.array([o[1] for o in out])
    return ExplicitnessResult(score=float(np.nanmean(te)), train=float(np.nanmean(tr)),
                              test=float(np.nanmean(te)), per_factor_train=tr, per_factor_test=te)
