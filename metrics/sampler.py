"""Ground-truth sampling for the intervention metrics (beta-VAE score, FactorVAE score).

The beta-VAE and FactorVAE scores do not score a fixed array of codes: they *intervene* on the
generative factors (hold one fixed, resample the others), render observations for those
factors and encode them. This module declares the small interface they need, the one users of
disentanglement_lib know (``GroundTruthData``), as a :class:`typing.Protocol`, so that any
object with these members works, without this package importing the code that provides it:

- ``factor_names`` : sequence of ``K`` strings,
- ``factor_sizes`` : sequence of ``K`` ints (number of classes of each factor),
- ``observation_shape`` : tuple, the shape of one observation,
- ``sample_factors(n, rng)`` : ``(n, K)`` int array of factor classes, rows i.i.d.,
  each factor uniform on ``0 .. factor_sizes[k] - 1`` (disentanglement_lib's convention),
- ``sample_observations_from_factors(classes, rng)`` : ``(n, *observation_shape)`` array,
  one observation for each row of ``classes``.

``rng`` is the random state the metric passes through. The metrics of this package pass a
:class:`numpy.random.RandomState` (what disentanglement_lib passes, so a sampler written for it
works unchanged); a sampler should also accept a :class:`numpy.random.Generator` (as
:class:`ArraySampler` does) so that it can be used with modern numpy code.

:class:`ArraySampler` implements the protocol over arrays held in memory (for example a corpus'
``factors.npz`` next to its decoded observations), so the intervention metrics can be run on any
array dataset.
"""

from __future__ import annotations

from typing import Protocol, Sequence, runtime_checkable

import numpy as np

from metrics._validation import MetricsError

__all__ = ["GroundTruthSampler", "ArraySampler", "check_sampler", "sample_factor_classes",
           "sample_observations"]

_PROTOCOL_MEMBERS = ("factor_names", "factor_sizes", "observation_shape", "sample_factors",
                     "sample_observations_from_factors")


@runtime_checkable
class GroundTruthSampler(Protocol):
    """What the intervention metrics need from a dataset with known generative factors.

    Attributes
    ----------
    factor_names : sequence of str, length K
        Name of each factor, in the column order of the class arrays.
    factor_sizes : sequence of int, length K
        Number of classes of each factor; classes of factor ``k`` are ``0 .. factor_sizes[k]-1``.
    observation_shape : tuple of int
        Shape of one observation (for example ``(64, 64, 1)`` or ``(16000,)``).

    Notes
    -----
    ``sample_factors`` must return i.i.d. rows (independent uniform factors in
    disentanglement_lib); the metrics rely on this when they draw the classes of many points in
    one call instead of one call per point. ``rng`` is a :class:`numpy.random.RandomState` when
    called by this package's metrics; accept a :class:`numpy.random.Generator` too.

    Examples
    --------
    >>> import numpy as np
    >>> from metrics import ArraySampler, GroundTruthSampler
    >>> sampler = ArraySampler(np.arange(6.0)[:, None], factor_sizes=(2, 3))
    >>> isinstance(sampler, GroundTruthSampler)
    True
    """

    factor_names: Sequence[str]
    factor_sizes: Sequence[int]
    observation_shape: tuple

    def sample_factors(self, n: int, rng) -> np.ndarray:
        """Return ``n`` i.i.d. rows of factor classes, an int array of shape ``(n, K)``."""
        ...

    def sample_observations_from_factors(self, classes: np.ndarray, rng) -> np.ndarray:
        """Return one observation per row of ``classes``: shape ``(n, *observation_shape)``."""
        ...


def _integers(rng, high: int, size) -> np.ndarray:
    """Uniform ints in ``[0, high)`` from a ``Generator`` or a ``RandomState``."""
    if isinstance(rng, np.random.Generator):
        return rng.integers(0, high, size=size)
    if isinstance(rng, np.random.RandomState):
        return rng.randint(high, size=size)
    raise MetricsError(f"rng: expected numpy.random.Generator or numpy.random.RandomState, "
                       f"got {type(rng).__name__}")


def _uniform(rng, size) -> np.ndarray:
    if isinstance(rng, np.random.Generator):
        return rng.random(size)
    return rng.random_sample(size)


class ArraySampler:
    """An in-memory :class:`GroundTruthSampler` over stored observations and their classes.

    For requested factor classes it returns, for each row, a stored observation with exactly
    those classes, chosen uniformly at random when several are stored (no random draw at all
    when every combination is stored once, as in a full grid).

    Parameters
    ----------
    observations : array, shape (N, *observation_shape) or (*factor_sizes, *observation_shape)
        The stored observations. Without ``classes`` this is a full grid: either N equals
        ``prod(factor_sizes)`` and row ``i`` has the classes of flat index ``i`` in mixed radix,
        last factor fastest (the dSprites order), or the leading axes are the factor axes.
    classes : int array, shape (N, K), optional
        The factor classes of each stored observation. Every combination of the grid must be
        present at least once (the metrics draw factors independently and uniformly).
    factor_sizes : sequence of int, length K, optional
        Number of classes of each factor. Required without ``classes``; with ``classes`` the
        default is ``classes.max(axis=0) + 1``.
    factor_names : sequence of str, length K, optional
        Default ``("factor_0", ..., "factor_{K-1}")``.

    Attributes
    ----------
    factor_names : tuple of str
    factor_sizes : tuple of int
    observation_shape : tuple of int
    num_factors : int
        ``K``, as disentanglement_lib's ``GroundTruthData.num_factors``.

    Notes
    -----
    ``sample_factors(n, rng)`` draws each factor independently and uniformly, column by column;
    with a ``RandomState`` it makes exactly the calls of disentanglement_lib's
    ``SplitDiscreteStateSpace.sample_latent_factors`` (``rng.randint(size_k, size=n)`` per
    factor), so the two consume the random stream identically.

    Examples
    --------
    >>> import numpy as np
    >>> from metrics import ArraySampler
    >>> grid = np.arange(6.0).reshape(2, 3, 1)          # factor axes (2, 3), observation (1,)
    >>> sampler = ArraySampler(grid, factor_sizes=(2, 3), factor_names=("a", "b"))
    >>> sampler.observation_shape
    (1,)
    >>> sampler.sample_observations_from_factors(np.array([[1, 2], [0, 1]]), None).ravel()
    array([5., 1.])
    >>> sampler.sample_factors(4, np.random.default_rng(0)).shape
    (4, 2)
    """

    def __init__(self, observations, classes=None, *, factor_sizes=None, factor_names=None):
        obs = np.asarray(observations)
        if obs.ndim < 1 or obs.shape[0] < 1:
            raise MetricsError(f"observations: expected an array with at least one observation, "
                               f"got shape {obs.shape}")
        if classes is None:
            if factor_sizes is None:
                raise MetricsError("factor_sizes: required when classes is None (observations "
                                   "are then a full grid in mixed-radix order)")
            sizes = self._check_sizes(factor_sizes)
            n_cells = int(np.prod(sizes))
            if obs.shape[:len(sizes)] == sizes:
                obs = obs.reshape((n_cells,) + obs.shape[len(sizes):])
            elif obs.shape[0] != n_cells:
                raise MetricsError(f"observations: without classes, expected a full grid of "
                                   f"prod(factor_sizes)={n_cells} rows or leading axes "
                                   f"{sizes}, got shape {obs.shape}")
            self._grid_order = True
            self._starts = None
            self._counts = None
            self._rows = None
        else:
            cls = np.asarray(classes)
            if cls.ndim != 2 or cls.shape[0] != obs.shape[0]:
                raise MetricsError(f"classes: expected an int array of shape (N, K) with "
                                   f"N={obs.shape[0]} (one row per observation), got shape "
                                   f"{cls.shape}")
            if not np.issubdtype(cls.dtype, np.integer):
                if not (np.all(np.isfinite(cls)) and np.all(cls == np.round(cls))):
                    raise MetricsError("classes: expected integer class indices, got "
                                       f"non-integer values of dtype {cls.dtype}")
                cls = cls.astype(np.int64)
            if cls.min() < 0:
                raise MetricsError(f"classes: expected non-negative class indices, got minimum "
                                   f"{cls.min()}")
            sizes = self._check_sizes(cls.max(axis=0) + 1 if factor_sizes is None else factor_sizes)
            if len(sizes) != cls.shape[1]:
                raise MetricsError(f"factor_sizes: expected {cls.shape[1]} sizes (one per column "
                                   f"of classes), got {len(sizes)}")
            too_big = np.nonzero(cls.max(axis=0) >= np.asarray(sizes))[0]
            if too_big.size:
                k = int(too_big[0])
                raise MetricsError(f"classes: column {k} has class {cls[:, k].max()} but "
                                   f"factor_sizes[{k}] is {sizes[k]}")
            flat = np.ravel_multi_index(tuple(cls.T), sizes)
            n_cells = int(np.prod(sizes))
            counts = np.bincount(flat, minlength=n_cells)
            missing = np.flatnonzero(counts == 0)
            if missing.size:
                example = np.unravel_index(int(missing[0]), sizes)
                raise MetricsError(f"classes: {missing.size} of the {n_cells} factor combinations "
                                   f"have no stored observation (for example classes "
                                   f"{tuple(int(c) for c in example)}); the intervention metrics "
                                   "draw factors independently, so every combination is needed")
            order = np.argsort(flat, kind="stable")
            self._grid_order = bool(np.all(counts == 1) and np.all(order == np.arange(n_cells)))
            if self._grid_order:
                self._starts = self._counts = self._rows = None
            else:
                self._rows = order
                self._counts = counts
                self._starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        if factor_names is None:
            names = tuple(f"factor_{k}" for k in range(len(sizes)))
        else:
            names = tuple(str(n) for n in factor_names)
            if len(names) != len(sizes):
                raise MetricsError(f"factor_names: expected {len(sizes)} names, got {len(names)}")
        self._obs = obs
        self.factor_sizes = sizes
        self.factor_names = names
        self.observation_shape = tuple(obs.shape[1:])
        self._multipliers = np.cumprod((1,) + sizes[:0:-1])[::-1].astype(np.int64)

    @staticmethod
    def _check_sizes(factor_sizes) -> tuple:
        try:
            sizes = tuple(int(s) for s in np.asarray(factor_sizes).ravel())
        except (TypeError, ValueError):
            raise MetricsError(f"factor_sizes: expected a sequence of positive ints, got "
                               f"{factor_sizes!r}") from None
        if not sizes or min(sizes) < 1:
            raise MetricsError(f"factor_sizes: expected a non-empty sequence of positive ints, "
                               f"got {sizes}")
        return sizes

    @property
    def num_factors(self) -> int:
        """Number of factors ``K``."""
        return len(self.factor_sizes)

    def __repr__(self) -> str:
        return (f"ArraySampler(factor_names={self.factor_names}, factor_sizes={self.factor_sizes}, "
                f"observation_shape={self.observation_shape}, n_stored={self._obs.shape[0]})")

    def sample_factors(self, n: int, rng) -> np.ndarray:
        """Draw ``n`` rows of independent uniform factor classes, shape ``(n, K)``, int64."""
        n = int(n)
        out = np.zeros((n, len(self.factor_sizes)), dtype=np.int64)
        for k, size in enumerate(self.factor_sizes):
            out[:, k] = _integers(rng, size, n)
        return out

    def sample_observations_from_factors(self, classes, rng) -> np.ndarray:
        """Return one stored observation per row of ``classes``, shape ``(n, *observation_shape)``.

        ``rng`` is only used when some combination has several stored observations.
        """
        cls = np.asarray(classes)
        if cls.ndim != 2 or cls.shape[1] != len(self.factor_sizes):
            raise MetricsError(f"classes: expected shape (n, {len(self.factor_sizes)}), got "
                               f"{cls.shape}")
        cls = cls.astype(np.int64, copy=False)
        if cls.size and (cls.min() < 0 or np.any(cls.max(axis=0) >= np.asarray(self.factor_sizes))):
            raise MetricsError(f"classes: expected classes of factor k in [0, factor_sizes[k]) "
                               f"with factor_sizes={self.factor_sizes}, got column maxima "
                               f"{cls.max(axis=0).tolist()} and minimum {cls.min()}")
        flat = cls @ self._multipliers
        if self._grid_order:
            return self._obs[flat]
        counts = self._counts[flat]
        pick = self._starts[flat] + np.minimum((_uniform(rng, flat.shape[0]) * counts).astype(np.int64),
                                               counts - 1)
        return self._obs[self._rows[pick]]


def check_sampler(sampler) -> None:
    """Raise :class:`MetricsError` unless ``sampler`` has every member of the protocol."""
    missing = [m for m in _PROTOCOL_MEMBERS if not hasattr(sampler, m)]
    if missing:
        raise MetricsError(f"sampler: expected an object with {', '.join(_PROTOCOL_MEMBERS)} "
                           f"(the GroundTruthSampler protocol), got {type(sampler).__name__} "
                           f"missing {', '.join(missing)}")
    try:
        sizes = tuple(int(s) for s in sampler.factor_sizes)
    except (TypeError, ValueError):
        raise MetricsError(f"sampler.factor_sizes: expected a sequence of ints, got "
                           f"{sampler.factor_sizes!r}") from None
    if not sizes or min(sizes) < 1:
        raise MetricsError(f"sampler.factor_sizes: expected at least one factor with a positive "
                           f"number of classes, got {sizes}")
    if len(sizes) < 2:
        raise MetricsError(f"sampler.factor_sizes: the intervention metrics classify which factor "
                           f"was held fixed and need at least 2 factors, got {len(sizes)}")


def sample_factor_classes(sampler, n: int, rng) -> np.ndarray:
    """Call ``sampler.sample_factors(n, rng)`` and validate the result (shape, ints, range)."""
    sizes = np.asarray([int(s) for s in sampler.factor_sizes])
    out = np.asarray(sampler.sample_factors(n, rng))
    if out.shape != (n, sizes.size):
        raise MetricsError(f"sampler.sample_factors: expected shape ({n}, {sizes.size}) for "
                           f"n={n}, got {out.shape}")
    if not np.issubdtype(out.dtype, np.integer):
        if not (np.all(np.isfinite(out)) and np.all(out == np.round(out))):
            raise MetricsError(f"sampler.sample_factors: expected integer classes, got "
                               f"non-integer values of dtype {out.dtype}")
    out = out.astype(np.int64)
    if n and (out.min() < 0 or np.any(out.max(axis=0) >= sizes)):
        raise MetricsError(f"sampler.sample_factors: expected classes of factor k in "
                           f"[0, factor_sizes[k]) with factor_sizes={tuple(sizes.tolist())}, got "
                           f"column maxima {out.max(axis=0).tolist()} and minimum {out.min()}")
    return out


def sample_observations(sampler, classes: np.ndarray, rng) -> np.ndarray:
    """Call ``sampler.sample_observations_from_factors`` and validate the number of rows/shape."""
    obs = np.asarray(sampler.sample_observations_from_factors(classes, rng))
    expected = (classes.shape[0],) + tuple(sampler.observation_shape)
    if obs.shape != expected:
        raise MetricsError(f"sampler.sample_observations_from_factors: expected shape "
                           f"(n, *observation_shape)={expected}, got {obs.shape}")
    return obs


def check_representation(representation) -> None:
    """Raise :class:`MetricsError` unless ``representation`` is callable."""
    if not callable(representation):
        raise MetricsError(f"representation: expected a callable mapping observations of shape "
                           f"(n, *observation_shape) to codes of shape (n, n_latents), got "
                           f"{type(representation).__name__}")


def check_encode_batch_size(encode_batch_size) -> int:
    """Validate ``encode_batch_size`` (a positive int)."""
    if isinstance(encode_batch_size, bool) or not isinstance(encode_batch_size, (int, np.integer)) \
            or encode_batch_size < 1:
        raise MetricsError(f"encode_batch_size: expected a positive int, got {encode_batch_size!r}")
    return int(encode_batch_size)


class Encoder:
    """Render observations for factor classes and encode them in chunks, validating as it goes.

    Internal helper of the intervention metrics. ``n_calls`` counts calls of ``representation``;
    ``n_latents`` is fixed by the first call and every later call must agree.
    """

    def __init__(self, sampler, representation, encode_batch_size: int):
        self.sampler = sampler
        self.representation = representation
        self.encode_batch_size = encode_batch_size
        self.n_calls = 0
        self.n_latents = None

    def encode(self, observations) -> np.ndarray:
        """Encode observations (one ``representation`` call per ``encode_batch_size`` rows)."""
        n = observations.shape[0]
        parts = []
        for start in range(0, n, self.encode_batch_size):
            parts.append(self._call(observations[start:start + self.encode_batch_size]))
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def encode_classes(self, classes: np.ndarray, rng) -> np.ndarray:
        """Sample one observation per row of ``classes`` and encode it, chunk by chunk."""
        n = classes.shape[0]
        parts = []
        for start in range(0, n, self.encode_batch_size):
            chunk = classes[start:start + self.encode_batch_size]
            parts.append(self._call(sample_observations(self.sampler, chunk, rng)))
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def _call(self, observations) -> np.ndarray:
        n = observations.shape[0]
        self.n_calls += 1
        try:
            codes = np.asarray(self.representation(observations), dtype=np.float64)
        except (TypeError, ValueError) as exc:
            if isinstance(exc, MetricsError):
                raise
            raise MetricsError(f"representation: expected it to return a numeric array of shape "
                               f"(n, n_latents), got something that is not convertible ({exc})") \
                from None
        if codes.ndim != 2 or codes.shape[0] != n or codes.shape[1] < 1:
            raise MetricsError(f"representation: expected an array of shape (n, n_latents) with "
                               f"n={n} for observations of shape {observations.shape}, got shape "
                               f"{codes.shape}")
        if self.n_latents is None:
            self.n_latents = codes.shape[1]
        elif codes.shape[1] != self.n_latents:
            raise MetricsError(f"representation: returned {codes.shape[1]} latents, but an "
                               f"earlier call returned {self.n_latents}")
        if not np.all(np.isfinite(codes)):
            bad = np.argwhere(~np.isfinite(codes))[0]
            raise MetricsError(f"representation: returned NaN or inf (first at row {bad[0]}, "
                               f"latent {bad[1]} of a batch of {n}); metrics need finite codes")
        return codes
