"""Vectorised information-theoretic building blocks shared by the metrics.

* :func:`histogram_discretize` -- disentanglement_lib's ``_histogram_discretize``: each column
  is cut into ``n_bins`` equal-width bins between its min and max (``np.histogram`` edges) and
  mapped with ``np.digitize(x, edges[:-1])``, giving labels ``1..n_bins``.
* :func:`encode_labels` -- any column (ints, floats, strings) to labels ``0..V-1``.
* :func:`mutual_info_matrix` -- the plug-in mutual information (nats) of every pair of columns
  of two label arrays, from contingency tables built with one ``np.bincount`` per column of the
  second array (no loop over samples or over pairs). Equal to
  ``sklearn.metrics.mutual_info_score`` pair by pair (to about 1e-12).
* :func:`discrete_entropy` -- plug-in entropy (nats) of every column.

All functions are private helpers: they assume validated, finite input.
"""

from __future__ import annotations

import numpy as np

__all__ = ["histogram_discretize", "encode_labels", "mutual_info_matrix", "discrete_entropy",
           "entropy_from_counts"]

# Upper bound on the number of int64 cells a single bincount call may touch (~128 MB).
_MAX_CELLS = 16_000_000


def histogram_discretize(x: np.ndarray, n_bins: int = 20) -> np.ndarray:
    """Discretise every column of ``x`` into ``n_bins`` equal-width bins (labels 1..n_bins).

    Bit-for-bit the same as disentanglement_lib's ``_histogram_discretize`` applied to the
    transposed array: ``np.digitize(col, np.histogram(col, n_bins)[1][:-1])``. The edges are
    computed for all columns at once; the digitisation is one ``searchsorted`` per column.

    Parameters
    ----------
    x : ndarray of shape (n_samples, n_columns)
    n_bins : int

    Returns
    -------
    labels : ndarray of int64, shape (n_samples, n_columns), values in 1..n_bins

    Examples
    --------
    >>> histogram_discretize(np.array([[0.0], [0.5], [1.0]]), 2).ravel().tolist()
    [1, 2, 2]
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    n_bins = int(n_bins)
    xt = np.ascontiguousarray(x.T)  # one contiguous row per column
    lo = xt.min(axis=1)
    hi = xt.max(axis=1)
    # np.histogram widens a degenerate range to [v - 0.5, v + 0.5].
    same = lo == hi
    lo = np.where(same, lo - 0.5, lo)
    hi = np.where(same, hi + 0.5, hi)
    out = np.empty(xt.shape, dtype=np.int64)
    for j in range(xt.shape[0]):
        edges = np.linspace(lo[j], hi[j], n_bins + 1, endpoint=True)
        out[j] = np.searchsorted(edges[:-1], xt[j], side="right")
    return out.T


def encode_labels(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Encode every column to labels ``0..V_j-1`` (sorted unique values, as ``np.unique``).

    Returns
    -------
    labels : ndarray of int64, shape (n_samples, n_columns)
    n_values : ndarray of int64, shape (n_columns,)

    Examples
    --------
    >>> lab, n = encode_labels(np.array([[3.0], [7.0], [3.0]]))
    >>> lab.ravel().tolist(), n.tolist()
    ([0, 1, 0], [2])
    """
    y = np.asarray(y)
    if y.ndim == 1:
        y = y[:, None]
    labels = np.empty(y.shape, dtype=np.int64)
    n_values = np.empty(y.shape[1], dtype=np.int64)
    for j in range(y.shape[1]):
        uniq, inv = np.unique(y[:, j], return_inverse=True)
        labels[:, j] = inv.ravel()
        n_values[j] = uniq.size
    return labels, n_values


def _offsets(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shift labels to start at 0 per column; returns (labels0, sizes)."""
    mins = labels.min(axis=0)
    labels0 = labels - mins
    sizes = labels0.max(axis=0) + 1
    return labels0, sizes


def entropy_from_counts(counts: np.ndarray, axis=-1) -> np.ndarray:
    """Plug-in entropy (nats) of count vectors along ``axis``."""
    counts = np.asarray(counts, dtype=np.float64)
    total = counts.sum(axis=axis, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = counts / total
        term = np.where(counts > 0, p * np.log(np.where(counts > 0, p, 1.0)), 0.0)
    return -term.sum(axis=axis)


def discrete_entropy(labels: np.ndarray) -> np.ndarray:
    """Plug-in entropy in nats of every column of an integer label array.

    Equal to ``sklearn.metrics.mutual_info_score(y, y)`` (disentanglement_lib's
    ``discrete_entropy``) column by column.

    Examples
    --------
    >>> float(discrete_entropy(np.array([[0], [1], [0], [1]]))[0]) == float(np.log(2))
    True
    """
    labels = np.asarray(labels)
    if labels.ndim == 1:
        labels = labels[:, None]
    labels0, _ = _offsets(labels.astype(np.int64))
    return np.array([entropy_from_counts(np.bincount(labels0[:, j])) for j in range(labels0.shape[1])])


def joint_counts(a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """Contingency tables of every column of ``a`` against every column of ``b``.

    Returns a list over the columns ``j`` of ``b`` of int64 arrays of shape
    ``(n_columns_a, size_a, size_b[j])`` (``size_a`` the largest label range of ``a``).
    One ``np.bincount`` per column of ``b`` covers all columns of ``a`` at once.
    """
    aT = np.ascontiguousarray(np.asarray(a, dtype=np.int64).T)  # (da, n)
    bT = np.ascontiguousarray(np.asarray(b, dtype=np.int64).T)  # (db, n)
    aT = aT - aT.min(axis=1, keepdims=True)
    bT = bT - bT.min(axis=1, keepdims=True)
    size_b = bT.max(axis=1) + 1
    da, n = aT.shape
    sa = int(aT.max()) + 1
    sb_max = int(size_b.max())
    n_cells = da * sa * sb_max
    # flat cell index of (column i, label a) with a stride of sb_max for the label of b
    base = (aT + (np.arange(da, dtype=np.int64) * sa)[:, None]) * sb_max
    tables = []
    for j in range(bT.shape[0]):
        if da * n <= _MAX_CELLS:
            counts = np.bincount((base + bT[j]).ravel(), minlength=n_cells)
        else:  # very large inputs: accumulate one column of ``a`` at a time to bound memory
            counts = np.zeros(n_cells, dtype=np.int64)
            for i in range(da):
                counts += np.bincount(base[i] + bT[j], minlength=n_cells)
        tables.append(counts.reshape(da, sa, sb_max)[:, :, :int(size_b[j])])
    return tables


def mi_from_table(table: np.ndarray) -> np.ndarray:
    """Plug-in MI (nats) from contingency tables of shape (..., size_a, size_b)."""
    t = np.asarray(table, dtype=np.float64)
    n = t.sum(axis=(-2, -1), keepdims=True)
    pa = t.sum(axis=-1, keepdims=True)
    pb = t.sum(axis=-2, keepdims=True)
    nz = t > 0
    safe = np.where(nz, t, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(nz, (t / n) * (np.log(safe) + np.log(n) - np.log(np.where(nz, pa, 1.0))
                                        - np.log(np.where(nz, pb, 1.0))), 0.0)
    mi = terms.sum(axis=(-2, -1))
    return np.clip(mi, 0.0, None)


def mutual_info_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Plug-in mutual information (nats) between every column of ``a`` and of ``b``.

    Parameters
    ----------
    a : int array of shape (n_samples, n_a)
    b : int array of shape (n_samples, n_b)

    Returns
    -------
    mi : ndarray of shape (n_a, n_b), ``mi[i, j] = I(a_i; b_j)``; equal to
        ``sklearn.metrics.mutual_info_score(b[:, j], a[:, i])``.

    Examples
    --------
    >>> a = np.array([[0], [0], [1], [1]]); b = np.array([[0], [0], [1], [1]])
    >>> bool(np.isclose(mutual_info_matrix(a, b)[0, 0], np.log(2)))
    True
    """
    a = np.asarray(a)
    b = np.asarray(b)
    if a.ndim == 1:
        a = a[:, None]
    if b.ndim == 1:
        b = b[:, None]
    tables = joint_counts(a, b)
    return np.stack([mi_from_table(t) for t in tables], axis=1)


def joint_entropy_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Plug-in joint entropy H(a_i, b_j) in nats for every pair of columns."""
    a = np.asarray(a)
    b = np.asarray(b)
    if a.ndim == 1:
        a = a[:, None]
    if b.ndim == 1:
        b = b[:, None]
    tables = joint_counts(a, b)
    return np.stack([entropy_from_counts(t.reshape(t.shape[0], -1)) for t in tables], axis=1)
