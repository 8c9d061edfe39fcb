"""Input validation shared by every metric: one place, at the public boundary.

Every public metric calls :func:`check_codes_factors` (or :func:`check_codes`) once and then
works on the returned, validated arrays. Errors are :class:`MetricsError`, a ``ValueError``
subclass whose message names the argument, what was expected and what was received.
"""

from __future__ import annotations

import numpy as np

__all__ = ["MetricsError", "check_codes", "check_factors", "check_codes_factors", "check_random_state",
           "split_train_test"]


class MetricsError(ValueError):
    """The one error type of :mod:`metrics`: bad arguments, with a message naming them."""


def _as_2d_finite(array, name: str, *, dtype=np.float64) -> np.ndarray:
    try:
        out = np.asarray(array, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise MetricsError(f"{name}: expected a numeric array of shape (n_samples, n_{name}), "
                           f"got {type(array).__name__} that cannot be converted ({exc})") from None
    if out.ndim == 1:
        out = out[:, None]
    if out.ndim != 2:
        raise MetricsError(f"{name}: expected a 2-D array of shape (n_samples, n_{name}), "
                           f"got shape {out.shape}")
    if out.shape[1] == 0:
        raise MetricsError(f"{name}: expected at least one column, got shape {out.shape}")
    if out.shape[0] < 2:
        raise MetricsError(f"{name}: expected at least 2 samples, got {out.shape[0]}")
    if not np.all(np.isfinite(out)):
        bad = np.argwhere(~np.isfinite(out))[0]
        raise MetricsError(f"{name}: contains NaN or inf (first at row {bad[0]}, column {bad[1]}); "
                           "metrics need finite values")
    return out


def check_codes(codes) -> np.ndarray:
    """Validate ``codes`` of shape (n_samples, n_latents); returns float64."""
    return _as_2d_finite(codes, "codes")


def check_factors(factors, *, allow_constant: bool = False) -> np.ndarray:
    """Validate ``factors`` of shape (n_samples, n_factors); returns float64.

    A factor column with a single value carries no information and makes every normalised
    score 0/0, so it is an error unless ``allow_constant``.
    """
    out = _as_2d_finite(factors, "factors")
    if not allow_constant:
        constant = [j for j in range(out.shape[1]) if np.all(out[:, j] == out[0, j])]
        if constant:
            raise MetricsError(f"factors: column(s) {constant} are constant; every factor must take at "
                               "least two values (drop constant factors before scoring)")
    return out


def check_codes_factors(codes, factors, *, allow_constant_factors: bool = False):
    """Validate a (codes, factors) pair: both 2-D, finite, same number of rows.

    Returns
    -------
    codes : ndarray, float64, shape (n_samples, n_latents)
    factors : ndarray, float64, shape (n_samples, n_factors)
    """
    c = check_codes(codes)
    f = check_factors(factors, allow_constant=allow_constant_factors)
    if c.shape[0] != f.shape[0]:
        raise MetricsError(f"codes and factors: expected the same number of samples, got "
                           f"codes with {c.shape[0]} rows and factors with {f.shape[0]} rows")
    return c, f


def check_random_state(random_state) -> np.random.RandomState:
    """Turn ``None``, an int or a ``RandomState`` into a ``RandomState`` (as scikit-learn does)."""
    if random_state is None or isinstance(random_state, (int, np.integer)):
        return np.random.RandomState(random_state)
    if isinstance(random_state, np.random.RandomState):
        return random_state
    raise MetricsError(f"random_state: expected None, an int or numpy.random.RandomState, "
                       f"got {type(random_state).__name__}")


def split_train_test(codes, factors, codes_test=None, factors_test=None, *, test_size=1 / 3,
                     random_state=None):
    """Validate and return ``(codes_train, factors_train, codes_test, factors_test)``.

    With explicit test arrays, both pairs are validated and must have the same number of
    columns. Without them, ``codes``/``factors`` are validated and split at random as
    scikit-learn's ``ShuffleSplit`` does (``ceil(test_size * n)`` test rows, the first ones of
    a permutation drawn from ``random_state``). ``test_size`` is a fraction in (0, 1) or a
    number of rows.
    """
    if (codes_test is None) != (factors_test is None):
        raise MetricsError("codes_test and factors_test: give both or neither, got only "
                           f"{'codes_test' if factors_test is None else 'factors_test'}")
    codes, factors = check_codes_factors(codes, factors)
    if codes_test is not None:
        c_te = _as_2d_finite(codes_test, "codes_test")
        f_te = _as_2d_finite(factors_test, "factors_test")
        if c_te.shape[0] != f_te.shape[0]:
            raise MetricsError(f"codes_test and factors_test: expected the same number of samples, "
                               f"got {c_te.shape[0]} and {f_te.shape[0]} rows")
        if c_te.shape[1] != codes.shape[1]:
            raise MetricsError(f"codes_test: expected {codes.shape[1]} columns like codes, "
                               f"got shape {c_te.shape}")
        if f_te.shape[1] != factors.shape[1]:
            raise MetricsError(f"factors_test: expected {factors.shape[1]} columns like factors, "
                               f"got shape {f_te.shape}")
        return codes, factors, c_te, f_te
    n = codes.shape[0]
    if isinstance(test_size, bool) or not isinstance(test_size, (int, float, np.integer, np.floating)):
        raise MetricsError(f"test_size: expected a fraction in (0, 1) or a number of rows, "
                           f"got {test_size!r}")
    if isinstance(test_size, (float, np.floating)):
        if not 0.0 < test_size < 1.0:
            raise MetricsError(f"test_size: expected a fraction in (0, 1), got {test_size}")
        n_test = int(np.ceil(test_size * n))
    else:
        n_test = int(test_size)
    if not 1 <= n_test <= n - 2:
        raise MetricsError(f"test_size: {test_size!r} leaves {n_test} test and {n - n_test} "
                           f"training rows out of {n}; need at least 1 test and 2 training rows")
    perm = check_random_state(random_state).permutation(n)
    test_idx, train_idx = perm[:n_test], perm[n_test:]
    return codes[train_idx], factors[train_idx], codes[test_idx], factors[test_idx]
