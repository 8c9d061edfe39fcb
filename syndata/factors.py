"""Factor spaces: generative factors declared as data, and the grid they span.

A :class:`Factor` is a name, a kind (``categorical``, ``ordinal`` or ``continuous``), a tuple of
level values and a default level. A :class:`FactorSpace` holds factors in a fixed order and maps
between a flat grid index and per-factor class indices in mixed radix, last factor fastest (the
dSprites order)::

    index = sum_k classes[k] * prod_{j > k} sizes[j]

A corpus varies a *selection* of a generator's factors (the others are held at their default
level): :meth:`FactorSpace.select` returns the sub-space of the varying factors and the fixed
values of the rest.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from syndata.errors import SyndataError

__all__ = ["Factor", "FactorSpace", "KINDS", "parse_factor_list"]

KINDS = ("categorical", "ordinal", "continuous")


@dataclasses.dataclass(frozen=True)
class Factor:
    """One generative factor.

    Parameters
    ----------
    name : str
        Identifier used on the command line and as a column name.
    kind : {"categorical", "ordinal", "continuous"}
        ``categorical`` levels have no order (waveform); ``ordinal`` and ``continuous`` levels
        are ordered numbers (``continuous`` marks a discretised continuum such as frequency).
    values : tuple
        The level values: strings for categorical factors, numbers otherwise.
    default : int
        Index into ``values`` of the level used when the factor does not vary.
    description : str
        One line for ``syndata list`` and the dataset card, with the unit.
    """

    name: str
    kind: str
    values: tuple
    default: int = 0
    description: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise SyndataError(f"factor {self.name!r}: kind {self.kind!r} is not one of {KINDS}")
        if len(self.values) == 0:
            raise SyndataError(f"factor {self.name!r}: needs at least one level")
        if not 0 <= self.default < len(self.values):
            raise SyndataError(f"factor {self.name!r}: default level {self.default} is outside "
                               f"0..{len(self.values) - 1}")
        object.__setattr__(self, "values", tuple(self.values))

    @property
    def size(self) -> int:
        return len(self.values)

    @property
    def default_value(self):
        return self.values[self.default]

    @property
    def numeric_values(self) -> np.ndarray:
        """Level values as float64; categorical levels are their class index (as dSprites)."""
        if self.kind == "categorical":
            return np.arange(self.size, dtype=np.float64)
        return np.asarray(self.values, dtype=np.float64)

    def to_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "values": list(self.values),
                "default": self.default, "description": self.description}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Factor":
        values = tuple(math.inf if v is None else v for v in d["values"])  # JSON null = inf
        return cls(d["name"], d["kind"], values, int(d.get("default", 0)), d.get("description", ""))

    def level_of(self, value) -> int:
        """Index of the level equal to ``value`` (a level value or its string form)."""
        for i, v in enumerate(self.values):
            if v == value or str(v) == str(value):
                return i
            if self.kind != "categorical":
                try:
                    if float(value) == float(v):
                        return i
                except (TypeError, ValueError):
                    pass
        shown = _show_levels(self.values)
        raise SyndataError(f"factor {self.name!r}: value {value!r} is not one of its levels ({shown})")


def _show_levels(values: Sequence, limit: int = 8) -> str:
    if len(values) <= limit:
        return ", ".join(str(v) for v in values)
    return (", ".join(str(v) for v in values[:3]) + f", ... ({len(values)} levels) ..., "
            + ", ".join(str(v) for v in values[-2:]))


class FactorSpace:
    """An ordered set of factors and the mixed-radix grid they span.

    Examples
    --------
    >>> space = FactorSpace([Factor("shape", "categorical", ("a", "b")),
    ...                      Factor("size", "ordinal", (1, 2, 3))])
    >>> space.sizes, space.n_grid
    ((2, 3), 6)
    >>> space.index_of([[1, 2]])
    array([5])
    >>> space.classes_of([5]).tolist()
    [[1, 2]]
    """

    def __init__(self, factors: Iterable[Factor]):
        self.factors = tuple(factors)
        names = [f.name for f in self.factors]
        if len(set(names)) != len(names):
            raise SyndataError(f"factor names must be unique, got {names}")
        self._by_name = {f.name: f for f in self.factors}
        sizes = np.array([f.size for f in self.factors], dtype=np.int64)
        # strides[k] = prod_{j>k} sizes[j]: last factor fastest
        self._strides = np.concatenate([np.cumprod(sizes[::-1])[::-1][1:], [1]]).astype(np.int64)

    # -- description -------------------------------------------------------------------------
    @property
    def names(self) -> tuple:
        return tuple(f.name for f in self.factors)

    @property
    def sizes(self) -> tuple:
        return tuple(f.size for f in self.factors)

    @property
    def n_grid(self) -> int:
        return int(np.prod(self.sizes, dtype=np.int64)) if self.factors else 1

    def __len__(self) -> int:
        return len(self.factors)

    def __iter__(self):
        return iter(self.factors)

    def __getitem__(self, name: str) -> Factor:
        try:
            return self._by_name[name]
        except KeyError:
            raise SyndataError(f"unknown factor {name!r}; valid factors: {', '.join(self.names)}") from None

    def __eq__(self, other) -> bool:
        return isinstance(other, FactorSpace) and self.factors == other.factors

    def __repr__(self) -> str:
        return "FactorSpace(" + ", ".join(f"{f.name}[{f.size}]" for f in self.factors) + ")"

    def to_list(self) -> list:
        return [f.to_dict() for f in self.factors]

    @classmethod
    def from_list(cls, items: Sequence[Mapping]) -> "FactorSpace":
        return cls(Factor.from_dict(d) for d in items)

    # -- mixed radix ---------------------------------------------------------------------------
    def index_of(self, classes) -> np.ndarray:
        """Flat grid index of class vectors, shape (n, K) -> (n,) int64 (O(1) per row)."""
        c = np.asarray(classes, dtype=np.int64)
        if c.ndim == 1:
            c = c[None, :]
        if c.shape[-1] != len(self):
            raise SyndataError(f"classes: expected {len(self)} columns ({', '.join(self.names)}), "
                               f"got shape {c.shape}")
        bad = (c < 0) | (c >= np.array(self.sizes))
        if bad.any():
            row, col = np.argwhere(bad)[0]
            raise SyndataError(f"classes: factor {self.names[col]!r} class {c[row, col]} is outside "
                               f"0..{self.sizes[col] - 1} (row {row})")
        return c @ self._strides

    def classes_of(self, index) -> np.ndarray:
        """Class vectors of flat grid indices, shape (n,) -> (n, K) int64."""
        idx = np.atleast_1d(np.asarray(index, dtype=np.int64))
        if idx.size and (idx.min() < 0 or idx.max() >= self.n_grid):
            raise SyndataError(f"index: values must lie in 0..{self.n_grid - 1}, got "
                               f"{int(idx.min())}..{int(idx.max())}")
        return (idx[:, None] // self._strides) % np.array(self.sizes, dtype=np.int64)

    def values_of(self, classes) -> np.ndarray:
        """Numeric level values (n, K) float64 of class vectors (categorical -> class index)."""
        c = np.asarray(classes, dtype=np.int64)
        return np.stack([f.numeric_values[c[:, k]] for k, f in enumerate(self.factors)], axis=1) \
            if len(self) else np.zeros((len(c), 0))

    def grid(self) -> np.ndarray:
        """All class vectors of the full grid in index order, shape (n_grid, K)."""
        return self.classes_of(np.arange(self.n_grid))

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` independent uniform draws of class vectors, shape (n, K)."""
        return rng.integers(0, np.array(self.sizes), size=(n, len(self)))

    # -- selection -----------------------------------------------------------------------------
    def select(self, varying: Sequence[str] | None = None, fixed: Mapping[str, Any] | None = None):
        """Split into the varying sub-space and the fixed levels of every other factor.

        Parameters
        ----------
        varying : sequence of str or None
            Names of the factors that vary, in any order (the space's own order is kept).
            ``None`` means the generator's default selection is decided by the caller.
        fixed : mapping, optional
            ``{name: value}`` overriding the held level of non-varying factors.

        Returns
        -------
        sub : FactorSpace
            The varying factors.
        held : dict
            ``{name: level index}`` for every other factor.
        """
        varying = list(self.names if varying is None else varying)
        if not varying:
            raise SyndataError(f"factors: the list is empty; choose from {', '.join(self.names)}")
        unknown = [v for v in varying if v not in self._by_name]
        if unknown:
            raise SyndataError(f"factors: unknown factor(s) {', '.join(map(repr, unknown))}; "
                               f"valid factors: {', '.join(self.names)}")
        dupes = sorted({v for v in varying if varying.count(v) > 1})
        if dupes:
            raise SyndataError(f"factors: {', '.join(dupes)} listed more than once")
        fixed = dict(fixed or {})
        for name in fixed:
            if name not in self._by_name:
                raise SyndataError(f"fix: unknown factor {name!r}; valid factors: {', '.join(self.names)}")
            if name in varying:
                raise SyndataError(f"fix: factor {name!r} is also listed as varying; a factor either "
                                   "varies or is held fixed")
        sub = FactorSpace(f for f in self.factors if f.name in varying)
        held = {f.name: (f.level_of(fixed[f.name]) if f.name in fixed else f.default)
                for f in self.factors if f.name not in varying}
        return sub, held


def parse_factor_list(text: str | None) -> list | None:
    """Parse ``"a,b"`` from the command line; ``None`` stays ``None``."""
    if text is None:
        return None
    return [t.strip() for t in text.split(",") if t.strip()]
