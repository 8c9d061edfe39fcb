"""The interface every generator implements.

A generator declares its factors (a :class:`~syndata.factors.FactorSpace`), its options with
defaults, its presets, and three functions of pure data:

- :meth:`Generator.render` turns the level values of a batch of samples into signals,
- :meth:`Generator.encode` turns one signal into the bytes of its media file,
- :meth:`Generator.measure` reads factors back from a decoded file (for ``syndata verify``).

Randomness enters only through ``rng_for(i)``, which returns
``numpy.random.default_rng([seed, i])`` for sample ``i`` (DESIGN.md, "a sample is a pure
function"), so nothing depends on shard size, worker count or order.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np

from syndata.errors import SyndataError
from syndata.factors import FactorSpace

__all__ = ["Generator"]


class Generator:
    """Base class; subclasses set the class attributes and implement the methods."""

    name: str = ""
    summary: str = ""
    media: str = "audio"
    extension: str = ".wav"
    #: factors that vary when the user gives no ``--factors``
    default_factors: tuple = ()
    #: option name -> (default, allowed values or None, help)
    options: Mapping[str, tuple] = {}
    #: preset name -> {"factors": [...] or None, "options": {...}, "n": int or None, "help": str}
    presets: Mapping[str, Mapping[str, Any]] = {}

    def space(self) -> FactorSpace:  # pragma: no cover - abstract
        raise NotImplementedError

    def resolve_options(self, given: Mapping[str, Any] | None) -> dict:
        """Fill defaults and check every option against its allowed values."""
        given = dict(given or {})
        unknown = sorted(set(given) - set(self.options))
        if unknown:
            raise SyndataError(f"option(s) {', '.join(unknown)} unknown for {self.name}; valid options: "
                               f"{', '.join(self.options)}")
        out = {}
        for key, (default, allowed, _help) in self.options.items():
            value = given.get(key, default)
            if isinstance(default, int) and not isinstance(default, bool) and isinstance(value, str):
                try:
                    value = int(value)
                except ValueError:
                    raise SyndataError(f"option {key}: expected an integer, got {value!r}") from None
            if allowed is not None and value not in allowed:
                raise SyndataError(f"option {key}: {value!r} is not allowed; choose one of "
                                   f"{', '.join(map(str, allowed))}")
            out[key] = value
        self.check_options(out)
        return out

    def check_options(self, options: Mapping[str, Any]) -> None:
        """Hook for range checks that depend on several options."""

    def check_selection(self, varying: tuple, options: Mapping[str, Any]) -> None:
        """Hook: refuse selections that the options make meaningless."""

    def render(self, values: Mapping[str, np.ndarray], indices: np.ndarray, *,
               options: Mapping[str, Any], rng_for: Callable[[int], np.random.Generator]) -> list:
        """Signals for a batch: ``values[name]`` is the level value of every factor per sample."""
        raise NotImplementedError  # pragma: no cover

    def encode_batch(self, signals: list, *, options: Mapping[str, Any]) -> list:
        """File bytes for each signal of a batch."""
        raise NotImplementedError  # pragma: no cover

    def decode(self, data: bytes) -> np.ndarray:
        """Decode one file's bytes back to the signal."""
        raise NotImplementedError  # pragma: no cover

    def measure(self, signal: np.ndarray, expected: Mapping[str, Any], *,
                options: Mapping[str, Any]) -> list:
        """Compare factors measured from ``signal`` with ``expected``; return mismatch texts."""
        return []

    def media_info(self, options: Mapping[str, Any]) -> dict:
        """What a reader needs to decode the media files (recorded in the manifest)."""
        return {"type": self.media, "extension": self.extension}

    def card_notes(self, plan) -> str:
        """Generator-specific Markdown for the dataset card: how it was made, limits."""
        return ""

    def preview_image(self, signal: np.ndarray, *, options: Mapping[str, Any]) -> np.ndarray:
        """A 2-D array to show for one sample in ``syndata preview`` (a spectrogram for audio)."""
        raise NotImplementedError  # pragma: no cover
