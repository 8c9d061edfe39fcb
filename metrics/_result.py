"""The shared base of every metric result: a frozen dataclass with ``score`` and ``to_dict()``.

Each metric returns a subclass of :class:`MetricResult` holding the headline ``score`` and the
diagnostics that explain it (per-factor gaps, MI matrix, importance matrix, ...). ``to_dict()``
turns the result into a flat, JSON-serialisable dict: numpy arrays become (nested) lists, numpy
scalars become Python scalars, nested mappings are flattened with dotted keys.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

__all__ = ["MetricResult", "to_plain"]


def to_plain(value: Any) -> Any:
    """Convert numpy arrays/scalars (and containers of them) to plain Python objects.

    Examples
    --------
    >>> import numpy as np
    >>> to_plain({"a": np.arange(3), "b": np.float32(0.5), "c": (np.int64(2),)})
    {'a': [0, 1, 2], 'b': 0.5, 'c': [2]}
    """
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


def _flatten(prefix: str, value: Any, out: dict) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    else:
        out[prefix] = to_plain(value)


@dataclasses.dataclass(frozen=True)
class MetricResult:
    """Base class of every metric result.

    Attributes
    ----------
    score : float
        The headline number of the metric (documented per metric).

    Subclasses add diagnostic fields and are declared with
    ``@dataclasses.dataclass(frozen=True, eq=False)`` so that they inherit the array-safe
    ``__eq__`` defined here. ``to_dict()`` returns every field, flat and JSON-serialisable
    (arrays as lists, nested dicts flattened as ``"outer.inner"``).

    Examples
    --------
    >>> import dataclasses, numpy as np
    >>> @dataclasses.dataclass(frozen=True, eq=False)
    ... class R(MetricResult):
    ...     gaps: np.ndarray = None
    >>> R(score=np.float64(0.25), gaps=np.array([0.5, 0.0])).to_dict()
    {'score': 0.25, 'gaps': [0.5, 0.0]}
    """

    score: float

    def to_dict(self) -> dict:
        """Flat, JSON-serialisable dict of every field (arrays to lists, numpy scalars to Python)."""
        out: dict = {}
        for field in dataclasses.fields(self):
            _flatten(field.name, getattr(self, field.name), out)
        return out

    def __float__(self) -> float:
        return float(self.score)

    def __eq__(self, other):  # arrays make the generated __eq__ ambiguous; compare contents.
        if type(other) is not type(self):
            return NotImplemented
        for field in dataclasses.fields(self):
            a, b = getattr(self, field.name), getattr(other, field.name)
            if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
                if not np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True):
                    return False
            elif isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
                continue
            elif a != b:
                return False
        return True

    __hash__ = None  # results hold arrays; they are not hashable.
