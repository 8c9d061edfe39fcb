"""A corpus plan: everything that determines a corpus's bytes, validated before anything is written.

``make_plan`` resolves generator, preset, options, the varying factors and the held levels of the
others, the number of samples and the seed. The plan yields the class vector of every sample
(the full grid in mixed-radix order, or ``n`` uniform draws) and its file name; its
:meth:`CorpusPlan.config` is what the manifest records and what a rerun is compared against.
"""

from __future__ import annotations

import dataclasses
import hashlib
from functools import cached_property
from typing import Any, Mapping, Sequence

import numpy as np

from syndata.errors import SyndataError
from syndata.factors import FactorSpace
from syndata.generators import get_generator
from syndata.jsonio import dumps

__all__ = ["CorpusPlan", "make_plan", "DRAW_STREAM"]

#: second seed word of the stream that draws the factor classes in ``--n`` mode
DRAW_STREAM = 0x5EED_D4A7

DEFAULT_SHARD_SIZE = 500


@dataclasses.dataclass(frozen=True)
class CorpusPlan:
    generator: str
    factors: tuple           # names of the varying factors, in the generator's order
    held: Mapping[str, int]  # level index of every other factor
    n: int | None            # None: the full grid of the varying factors
    seed: int
    options: Mapping[str, Any]
    preset: str | None = None
    shard_size: int = DEFAULT_SHARD_SIZE

    @property
    def gen(self):
        return get_generator(self.generator)

    @cached_property
    def full_space(self) -> FactorSpace:
        return self.gen.space()

    @cached_property
    def space(self) -> FactorSpace:
        """The varying factors."""
        return FactorSpace(f for f in self.full_space if f.name in self.factors)

    @property
    def n_samples(self) -> int:
        return self.space.n_grid if self.n is None else self.n

    @property
    def n_shards(self) -> int:
        return -(-self.n_samples // self.shard_size)

    def shard_range(self, shard: int) -> range:
        return range(shard * self.shard_size, min(self.n_samples, (shard + 1) * self.shard_size))

    @cached_property
    def classes(self) -> np.ndarray:
        """Class vector of every sample, shape (n_samples, n_varying) int64."""
        if self.n is None:
            return self.space.grid()
        return self.space.sample(self.n, np.random.default_rng([self.seed, DRAW_STREAM]))

    def values(self, indices) -> dict:
        """``{factor: array of level values}`` for every factor (held ones broadcast).

        Categorical factors give their class index (a float), as in ``factors.npz``.
        """
        indices = np.asarray(indices)
        cls = self.classes[indices]
        out = {}
        for f in self.full_space:
            if f.name in self.factors:
                out[f.name] = f.numeric_values[cls[:, self.factors.index(f.name)]]
            else:
                out[f.name] = np.full(len(indices), f.numeric_values[self.held[f.name]])
        return out

    def file_name(self, index: int) -> str:
        width = max(6, len(str(self.n_samples - 1)))
        return f"data/{index // self.shard_size:05d}/{index:0{width}d}{self.gen.extension}"

    def shard_dir(self, shard: int) -> str:
        return f"data/{shard:05d}"

    def config(self) -> dict:
        """JSON-ready description of everything that determines the bytes."""
        return {
            "generator": self.generator,
            "preset": self.preset,
            "factors": list(self.factors),
            "held": {name: self.full_space[name].values[lvl] for name, lvl in self.held.items()},
            "n": self.n,
            "seed": self.seed,
            "options": dict(self.options),
            "shard_size": self.shard_size,
        }

    def digest(self) -> str:
        from syndata import __version__

        blob = dumps({"config": self.config(), "version": __version__}, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()


def make_plan(generator: str, *, factors: Sequence[str] | None = None, n: int | None = None,
              seed: int = 0, preset: str | None = None, options: Mapping[str, Any] | None = None,
              fixed: Mapping[str, Any] | None = None, shard_size: int | None = None) -> CorpusPlan:
    """Validate a request and return its :class:`CorpusPlan` (nothing is written).

    Parameters
    ----------
    generator : str
        A registered generator name (``syndata list`` shows them).
    factors : list of str, optional
        The varying factors; default: the preset's, else the generator's default selection.
    n : int, optional
        Number of independent uniform draws from the grid; default: the full grid.
    seed : int
        Seed of every random choice (draws and per-sample noise), ``0 <= seed < 2**63``.
    preset : str, optional
        A named configuration of the generator (factors + options).
    options : dict, optional
        Generator options (sample rate, subtype, ...); override the preset's.
    fixed : dict, optional
        ``{factor: value}``: the level at which a non-varying factor is held.
    """
    gen = get_generator(generator)
    preset_cfg: Mapping[str, Any] = {}
    if preset is not None:
        if preset not in gen.presets:
            raise SyndataError(f"preset: unknown {preset!r} for {generator}; valid presets: "
                               f"{', '.join(gen.presets) or '(none)'}")
        preset_cfg = gen.presets[preset]
    opts = gen.resolve_options({**preset_cfg.get("options", {}), **dict(options or {})})
    varying = factors if factors is not None else preset_cfg.get("factors") or list(gen.default_factors)
    space = gen.space()
    sub, held = space.select(varying, fixed)
    gen.check_selection(sub.names, opts)
    if n is None:
        n = preset_cfg.get("n")
    if n is not None and (not isinstance(n, (int, np.integer)) or n < 1):
        raise SyndataError(f"n: expected a positive number of samples, got {n!r}")
    if not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2 ** 63:
        raise SyndataError(f"seed: expected an integer in 0..2**63-1, got {seed!r}")
    if shard_size is not None and (not isinstance(shard_size, (int, np.integer)) or shard_size < 1):
        raise SyndataError(f"shard_size: expected a positive integer, got {shard_size!r}")
    return CorpusPlan(generator=gen.name, factors=sub.names, held=held,
                      n=None if n is None else int(n), seed=int(seed), options=opts, preset=preset,
                      shard_size=int(shard_size or DEFAULT_SHARD_SIZE))
