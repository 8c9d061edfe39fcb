"""Straightforward reference implementations, written the way disentanglement_lib writes them.

These are the per-pair loops of google-research/disentanglement_lib
(``evaluation/metrics/{utils,mig,sap_score,modularity_explicitness,dci,unsupervised_metrics}.py``),
restated over arrays in our orientation: ``codes`` of shape (n_samples, n_latents) and
``factors`` of shape (n_samples, n_factors); internally they are transposed to
disentanglement_lib's (n_dims, n_samples) layout. They use only numpy and scikit-learn and
exist to check :mod:`metrics` for agreement (tests) and to time it against (benchmarks).
Do not use them for anything else: they are slow on purpose.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg
import scipy.stats
import sklearn.metrics
from sklearn import svm
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import MultiLabelBinarizer

__all__ = ["histogram_discretize", "discrete_mutual_info", "discrete_entropy", "mig",
           "sap", "modularity", "explicitness", "dci_gbt", "disentanglement", "completeness",
           "mutual_info_codes", "gaussian_total_correlation", "wasserstein_correlation"]


def histogram_discretize(target, num_bins=20):
    """disentanglement_lib ``_histogram_discretize``; ``target`` is (n_dims, n_samples)."""
    discretized = np.zeros_like(target)
    for i in range(target.shape[0]):
        discretized[i, :] = np.digitize(target[i, :], np.histogram(target[i, :], num_bins)[1][:-1])
    return discretized


def discrete_mutual_info(mus, ys):
    """(n_codes, n_factors) MI matrix, one ``mutual_info_score`` call per pair."""
    num_codes = mus.shape[0]
    num_factors = ys.shape[0]
    m = np.zeros([num_codes, num_factors])
    for i in range(num_codes):
        for j in range(num_factors):
            m[i, j] = sklearn.metrics.mutual_info_score(ys[j, :], mus[i, :])
    return m


def discrete_entropy(ys):
    num_factors = ys.shape[0]
    h = np.zeros(num_factors)
    for j in range(num_factors):
        h[j] = sklearn.metrics.mutual_info_score(ys[j, :], ys[j, :])
    return h


def mig(codes, factors, num_bins=20):
    """disentanglement_lib ``compute_mig`` on arrays."""
    mus_train, ys_train = np.asarray(codes, float).T, np.asarray(factors).T
    discretized_mus = histogram_discretize(mus_train, num_bins)
    m = discrete_mutual_info(discretized_mus, ys_train)
    entropy = discrete_entropy(ys_train)
    sorted_m = np.sort(m, axis=0)[::-1]
    return np.mean(np.divide(sorted_m[0, :] - sorted_m[1, :], entropy[:]))


def sap(codes_train, factors_train, codes_test, factors_test, continuous_factors=False):
    """disentanglement_lib ``compute_sap`` (score matrix + mean top-two gap) on arrays."""
    mus, ys = np.asarray(codes_train, float).T, np.asarray(factors_train).T
    mus_test, ys_test = np.asarray(codes_test, float).T, np.asarray(factors_test).T
    num_latents = mus.shape[0]
    num_factors = ys.shape[0]
    score_matrix = np.zeros([num_latents, num_factors])
    for i in range(num_latents):
        for j in range(num_factors):
            mu_i = mus[i, :]
            y_j = ys[j, :]
            if continuous_factors:
                cov_mu_i_y_j = np.cov(mu_i, y_j, ddof=1)
                cov_mu_y = cov_mu_i_y_j[0, 1] ** 2
                var_mu = cov_mu_i_y_j[0, 0]
                var_y = cov_mu_i_y_j[1, 1]
                if var_mu > 1e-12:
                    score_matrix[i, j] = cov_mu_y * 1. / (var_mu * var_y)
                else:
                    score_matrix[i, j] = 0.
            else:
                mu_i_test = mus_test[i, :]
                y_j_test = ys_test[j, :]
                classifier = svm.LinearSVC(C=0.01, class_weight="balanced")
                classifier.fit(mu_i[:, np.newaxis], y_j)
                pred = classifier.predict(mu_i_test[:, np.newaxis])
                score_matrix[i, j] = np.mean(pred == y_j_test)
    sorted_matrix = np.sort(score_matrix, axis=0)
    return np.mean(sorted_matrix[-1, :] - sorted_matrix[-2, :]), score_matrix


def modularity(codes, factors, num_bins=20):
    """disentanglement_lib modularity: discretised MI matrix, then the per-code formula."""
    mus_train, ys_train = np.asarray(codes, float).T, np.asarray(factors).T
    mutual_information = discrete_mutual_info(histogram_discretize(mus_train, num_bins), ys_train)
    squared_mi = np.square(mutual_information)
    max_squared_mi = np.max(squared_mi, axis=1)
    numerator = np.sum(squared_mi, axis=1) - max_squared_mi
    denominator = max_squared_mi * (squared_mi.shape[1] - 1.)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = numerator / denominator
    modularity_score = 1. - delta
    index = (max_squared_mi == 0.)
    modularity_score[index] = 0.
    return np.mean(modularity_score)


def _normalize_data(data, mean=None, stddev=None):
    if mean is None:
        mean = np.mean(data, axis=1)
    if stddev is None:
        stddev = np.std(data, axis=1)
    return (data - mean[:, np.newaxis]) / stddev[:, np.newaxis], mean, stddev


def _explicitness_per_factor(mus_train, y_train, mus_test, y_test):
    x_train = np.transpose(mus_train)
    x_test = np.transpose(mus_test)
    clf = LogisticRegression().fit(x_train, y_train)
    y_pred_train = clf.predict_proba(x_train)
    y_pred_test = clf.predict_proba(x_test)
    mlb = MultiLabelBinarizer()
    roc_train = roc_auc_score(mlb.fit_transform(np.expand_dims(y_train, 1)), y_pred_train)
    roc_test = roc_auc_score(mlb.fit_transform(np.expand_dims(y_test, 1)), y_pred_test)
    return roc_train, roc_test


def explicitness(codes_train, factors_train, codes_test, factors_test):
    """disentanglement_lib explicitness: (mean train ROC-AUC, mean test ROC-AUC)."""
    mus_train, ys_train = np.asarray(codes_train, float).T, np.asarray(factors_train).T
    mus_test, ys_test = np.asarray(codes_test, float).T, np.asarray(factors_test).T
    explicitness_score_train = np.zeros([ys_train.shape[0], 1])
    explicitness_score_test = np.zeros([ys_test.shape[0], 1])
    mus_train_norm, mean_mus, stddev_mus = _normalize_data(mus_train)
    mus_test_norm, _, _ = _normalize_data(mus_test, mean_mus, stddev_mus)
    for i in range(ys_train.shape[0]):
        explicitness_score_train[i], explicitness_score_test[i] = _explicitness_per_factor(
            mus_train_norm, ys_train[i, :], mus_test_norm, ys_test[i, :])
    return np.mean(explicitness_score_train), np.mean(explicitness_score_test)


def dci_gbt(codes_train, factors_train, codes_test, factors_test, random_state=None):
    """disentanglement_lib ``compute_importance_gbt`` + D, C, informativeness.

    ``random_state`` is passed to every ``GradientBoostingClassifier`` (disentanglement_lib
    passes none; with the default ``subsample=1.0`` and all features the only randomness is
    the order in which tied features are visited).
    Returns (importance_matrix, train_acc, test_acc, disentanglement, completeness).
    """
    x_train, y_train = np.asarray(codes_train, float).T, np.asarray(factors_train).T
    x_test, y_test = np.asarray(codes_test, float).T, np.asarray(factors_test).T
    num_factors = y_train.shape[0]
    num_codes = x_train.shape[0]
    importance_matrix = np.zeros(shape=[num_codes, num_factors], dtype=np.float64)
    train_loss = []
    test_loss = []
    for i in range(num_factors):
        model = GradientBoostingClassifier(random_state=random_state)
        model.fit(x_train.T, y_train[i, :])
        importance_matrix[:, i] = np.abs(model.feature_importances_)
        train_loss.append(np.mean(model.predict(x_train.T) == y_train[i, :]))
        test_loss.append(np.mean(model.predict(x_test.T) == y_test[i, :]))
    return (importance_matrix, np.mean(train_loss), np.mean(test_loss),
            disentanglement(importance_matrix), completeness(importance_matrix))


def disentanglement(importance_matrix):
    per_code = 1. - scipy.stats.entropy(importance_matrix.T + 1e-11, base=importance_matrix.shape[1])
    if importance_matrix.sum() == 0.:
        importance_matrix = np.ones_like(importance_matrix)
    code_importance = importance_matrix.sum(axis=1) / importance_matrix.sum()
    return np.sum(per_code * code_importance)


def completeness(importance_matrix):
    per_factor = 1. - scipy.stats.entropy(importance_matrix + 1e-11, base=importance_matrix.shape[0])
    if importance_matrix.sum() == 0.:
        importance_matrix = np.ones_like(importance_matrix)
    factor_importance = importance_matrix.sum(axis=0) / importance_matrix.sum()
    return np.sum(per_factor * factor_importance)


def mutual_info_codes(codes, num_bins=20):
    """disentanglement_lib ``unsupervised_metrics`` mutual_info_score."""
    mus_train = np.asarray(codes, float).T
    num_codes = mus_train.shape[0]
    mus_discrete = histogram_discretize(mus_train, num_bins)
    mutual_info_matrix = discrete_mutual_info(mus_discrete, mus_discrete)
    np.fill_diagonal(mutual_info_matrix, 0)
    return np.sum(mutual_info_matrix) / (num_codes ** 2 - num_codes)


def gaussian_total_correlation(codes):
    cov = np.cov(np.asarray(codes, float).T)
    return 0.5 * (np.sum(np.log(np.diag(cov))) - np.linalg.slogdet(cov)[1])


def wasserstein_correlation(codes):
    cov = np.cov(np.asarray(codes, float).T)
    sqrtm = scipy.linalg.sqrtm(cov * np.expand_dims(np.diag(cov), axis=1))
    return 2 * np.trace(cov) - 2 * np.trace(sqrtm)
