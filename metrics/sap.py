"""SAP: Separated Attribute Predictability (Kumar et al. 2018), both modes of disentanglement_lib."""

from __future__ import annotations

import dataclasses

import numpy as np

from metrics._result import MetricResult
from metrics._validation import MetricsError, check_codes_factors, split_train_test

__all__ = ["sap", "SAPResult"]


@dataclasses.dataclass(frozen=True, eq=False)
class SAPResult(MetricResult):
    """Result of :func:`sap`.

    Attributes
    ----------
    score : float
        Mean over factors of the gap between the two best single-code scores, in [0, 1].
    score_matrix : ndarray of shape (n_latents, n_factors)
        Test accuracy of a one-feature linear SVM (discrete mode) or R^2 of a one-feature
        linear fit (continuous mode) for every (code, factor) pair.
    gaps : ndarray of shape (n_factors,)
    top_latents : ndarray of int, shape (n_factors,)
    continuous : bool
    """

    score_matrix: np.ndarray = None
    gaps: np.ndarray = None
    top_latents: np.ndarray = None
    continuous: bool = False


def _r2_matrix(codes: np.ndarray, factors: np.ndarray) -> np.ndarray:
    """cov(z_i, v_k)^2 / (var z_i var v_k) for all pairs; 0 where var z_i <= 1e-12."""
    n = codes.shape[0]
    ones = np.ones(n)
    # column means through BLAS (faster than axis-0 reductions), few large temporaries
    zc = codes - (ones @ codes) / n
    vc = factors - (ones @ factors) / n
    cov = zc.T @ vc  # (n - 1) * covariance; the factors (n - 1) cancel in the ratio
    ss_z = np.einsum("ij,ij->j", zc, zc)
    ss_v = np.einsum("ij,ij->j", vc, vc)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = cov ** 2 / (ss_z[:, None] * ss_v[None, :])
    return np.where(ss_z[:, None] > 1e-12 * (n - 1), r2, 0.0)


def _check_latents(codes):
    if codes.shape[1] < 2:
        raise MetricsError(f"codes: SAP needs at least 2 latent dimensions, got {codes.shape[1]}")


def _svc_column(x_train, y_train, x_test, y_test):
    """Test accuracy of LinearSVC(C=0.01, balanced) on one code column for every factor."""
    from sklearn.svm import LinearSVC

    out = np.empty(y_train.shape[1])
    for k in range(y_train.shape[1]):
        clf = LinearSVC(C=0.01, class_weight="balanced")
        clf.fit(x_train[:, None], y_train[:, k])
        out[k] = np.mean(clf.predict(x_test[:, None]) == y_test[:, k])
    return out


def sap(codes, factors, codes_test=None, factors_test=None, *, continuous: bool = False,
        test_size: float = 1 / 3, random_state=None, n_jobs: int | None = None) -> SAPResult:
    r"""SAP score (Kumar, Sattigeri & Balakrishnan 2018), as disentanglement_lib computes it.

    A score matrix :math:`S_{ik}` rates how well code dimension :math:`z_i` alone predicts
    factor :math:`v_k`; SAP is the mean over factors of the gap between the best and the
    second-best code:

    .. math::

        \mathrm{SAP} = \frac{1}{K} \sum_k \big(S_{(1)k} - S_{(2)k}\big)

    * ``continuous=False`` (discrete factors, disentanglement_lib's default):
      :math:`S_{ik}` is the test accuracy of ``LinearSVC(C=0.01, class_weight="balanced")``
      trained on the single feature :math:`z_i`.
    * ``continuous=True``: :math:`S_{ik} = \mathrm{cov}(z_i, v_k)^2 / (\mathrm{var}(z_i)
      \mathrm{var}(v_k))`, the :math:`R^2` of a linear fit, set to 0 when
      :math:`\mathrm{var}(z_i) \le 10^{-12}`. It uses the training data only (all of
      ``codes``/``factors`` when no test arrays are given; no split, no randomness).

    Range [0, 1]. Pitfall (discrete mode): a linear classifier on *one* feature can only cut
    the line into ordered half-lines, so one-vs-rest it isolates at most the two extreme
    classes plus whatever a middle class wins by its intercept; with V balanced classes even
    a perfect code reaches roughly 2/V to 3/V accuracy, and the gap to a useless code (1/V)
    shrinks as V grows. For many-valued (ordinal) factors use ``continuous=True``.

    Parameters
    ----------
    codes : array-like of shape (n_samples, n_latents)
        Training codes (or all codes when no test arrays are given). At least 2 dimensions.
    factors : array-like of shape (n_samples, n_factors)
    codes_test, factors_test : array-like, optional
        A separate test draw (disentanglement_lib uses 10,000 train and 5,000 test points).
        If omitted in discrete mode, the data are split at random with ``test_size``.
    continuous : bool, default False
        Score by :math:`R^2` instead of SVM accuracy.
    test_size : float, default 1/3
        Held-out fraction for the discrete mode's split (1/3 = 5,000 of 15,000).
    random_state : None, int or RandomState
        Seeds the split (``LinearSVC`` itself is deterministic here: the primal solver).
    n_jobs : int or None
        Parallel fits, one job per code dimension (joblib); same values as serial.

    Returns
    -------
    SAPResult
        ``score``, ``score_matrix`` (n_latents, n_factors), ``gaps``, ``top_latents``.

    References
    ----------
    A. Kumar, P. Sattigeri, A. Balakrishnan. "Variational Inference of Disentangled Latent
    Concepts from Unlabeled Observations." ICLR 2018. https://arxiv.org/abs/1711.00848

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> factors = rng.uniform(size=(2000, 2))
    >>> codes = np.c_[factors, rng.standard_normal(2000)]
    >>> round(sap(codes, factors, continuous=True).score, 2)
    1.0
    """
    if continuous:
        if codes_test is None and factors_test is None:
            c_tr, f_tr = check_codes_factors(codes, factors)
        else:
            c_tr, f_tr, _, _ = split_train_test(codes, factors, codes_test, factors_test)
        _check_latents(c_tr)
        matrix = _r2_matrix(c_tr, f_tr)
    else:
        c_tr, f_tr, c_te, f_te = split_train_test(codes, factors, codes_test, factors_test,
                                                  test_size=test_size, random_state=random_state)
        _check_latents(c_tr)
        cols = [(c_tr[:, i], f_tr, c_te[:, i], f_te) for i in range(c_tr.shape[1])]
        if n_jobs is None or n_jobs == 1:
            rows = [_svc_column(*c) for c in cols]
        else:
            from joblib import Parallel, delayed

            rows = Parallel(n_jobs=n_jobs, prefer="threads")(delayed(_svc_column)(*c) for c in cols)
        matrix = np.vstack(rows)
    sorted_m = np.sort(matrix, axis=0)
    gaps = sorted_m[-1] - sorted_m[-2]
    return SAPResult(score=float(np.mean(gaps)), score_matrix=matrix, gaps=gaps,
                     top_latents=np.argmax(matrix, axis=0), continuous=bool(continuous))
