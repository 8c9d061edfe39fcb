"""Reading a corpus: numpy arrays, a PyTorch-compatible Dataset and a ground-truth sampler.

Only the files of the corpus are used (manifest, factors.npz, metadata.jsonl, media); paths from
the manifest are resolved inside the corpus root and anything pointing outside is refused.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

import numpy as np

from syndata.errors import SyndataError
from syndata.factors import FactorSpace
from syndata.jsonio import read_json

__all__ = ["Corpus", "CorpusSampler"]


class Corpus:
    """A corpus on disk.

    Attributes
    ----------
    root : Path
    manifest : dict
    space : FactorSpace
        The varying factors.
    classes : ndarray (N, K) int64
    factors : ndarray (N, K) float64
        Level values (categorical factors: class index), as ``factors.npz`` ``latents_values``.

    Examples
    --------
    >>> import tempfile, syndata
    >>> d = tempfile.mkdtemp() + "/c"
    >>> _ = syndata.generate("syntone", out=d, factors=["waveform"], progress=False)
    >>> c = syndata.load(d)
    >>> len(c), c.factor_names, c[0].shape
    (4, ('waveform',), (16000,))
    """

    def __init__(self, path):
        self.root = Path(path)
        mpath = self.root / "manifest.json"
        if not mpath.exists():
            hint = (" (an unfinished run: rerun the same `syndata generate` command to finish it)"
                    if (self.root / ".syndata").exists() else "")
            raise SyndataError(f"path: {self.root} holds no complete corpus: manifest.json is missing{hint}")
        self.manifest = read_json(mpath)
        self.space = FactorSpace.from_list(self.manifest["factor_space"])
        with np.load(self.root / "factors.npz", allow_pickle=False) as z:
            self.classes = z["latents_classes"]
            self.factors = z["latents_values"]

    def __len__(self) -> int:
        return int(self.manifest["n_samples"])

    def __repr__(self) -> str:
        return f"Corpus({str(self.root)!r}, {self.manifest['generator']}, n={len(self)}, {self.space!r})"

    @property
    def factor_names(self) -> tuple:
        return self.space.names

    @property
    def factor_sizes(self) -> tuple:
        return self.space.sizes

    @cached_property
    def metadata(self) -> list:
        """One dict per sample, from ``metadata.jsonl``."""
        with open(self.root / "metadata.jsonl", encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    @cached_property
    def file_names(self) -> list:
        return [row["file_name"] for row in self.metadata]

    def path(self, index: int) -> Path:
        """Path of sample ``index``'s file, checked to lie inside the corpus root."""
        if not 0 <= index < len(self):
            raise SyndataError(f"index: {index} is outside 0..{len(self) - 1}")
        return resolve_inside(self.root, self.file_names[index])

    def read_bytes(self, index: int) -> bytes:
        return self.path(index).read_bytes()

    def __getitem__(self, index: int) -> np.ndarray:
        """The decoded signal of sample ``index`` (float32)."""
        from syndata.generators import get_generator

        return get_generator(self.manifest["generator"]).decode(self.read_bytes(int(index)))

    def arrays(self, indices=None) -> np.ndarray:
        """Signals of ``indices`` (default: all) stacked into one float32 array (n, ...)."""
        idx = range(len(self)) if indices is None else np.asarray(indices).tolist()
        items = [self[i] for i in idx]
        shapes = {x.shape for x in items}
        if len(shapes) > 1:
            raise SyndataError(f"arrays: samples have different shapes {sorted(shapes)[:3]}; "
                               "read them one by one with corpus[i]")
        return np.stack(items)

    def torch_dataset(self, transform=None):
        """A ``torch.utils.data.Dataset`` of ``(signal, classes)`` pairs (imports torch now)."""
        from syndata.torch_dataset import CorpusDataset

        return CorpusDataset(self, transform=transform)

    def sampler(self) -> "CorpusSampler":
        """The ground-truth sampler of DESIGN.md over this corpus (for intervention metrics)."""
        return CorpusSampler(self)


def resolve_inside(root: Path, name: str) -> Path:
    """``root / name`` resolved; refuses names that escape ``root`` (absolute, ``..``, links)."""
    base = root.resolve()
    p = (base / name).resolve()
    if p != base and base not in p.parents:
        raise SyndataError(f"manifest: file name {name!r} points outside the corpus root {base}")
    return p


class CorpusSampler:
    """``factor_names``, ``factor_sizes``, ``observation_shape``, ``sample_factors`` and
    ``sample_observations_from_factors`` over a corpus (disentanglement_lib's interface).

    ``rng`` may be a ``numpy.random.Generator`` or ``RandomState``. On a full-grid corpus a class
    vector maps to its file by mixed-radix arithmetic; on a corpus of random draws, to a random one
    of the samples drawn with those classes (an error names combinations that were never drawn).
    """

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.grid = corpus.manifest.get("sampling") == "grid"
        if not self.grid:
            order = np.lexsort(corpus.classes.T[::-1])
            self._sorted_idx = corpus.space.index_of(corpus.classes)[order]
            self._order = order

    factor_names = property(lambda self: self.corpus.factor_names)
    factor_sizes = property(lambda self: self.corpus.factor_sizes)

    @cached_property
    def observation_shape(self) -> tuple:
        return tuple(self.corpus[0].shape)

    def sample_factors(self, n: int, rng) -> np.ndarray:
        if self.grid:
            return self.corpus.space.classes_of(_integers(rng, self.corpus.space.n_grid, n))
        return self.corpus.classes[_integers(rng, len(self.corpus), n)]

    def sample_observations_from_factors(self, classes, rng) -> np.ndarray:
        idx = self.corpus.space.index_of(classes)
        if not self.grid:
            lo = np.searchsorted(self._sorted_idx, idx, "left")
            hi = np.searchsorted(self._sorted_idx, idx, "right")
            missing = np.flatnonzero(hi == lo)
            if missing.size:
                raise SyndataError(f"classes: combination {np.asarray(classes)[missing[0]].tolist()} was "
                                   "never drawn in this corpus; sample classes with sample_factors")
            pick = lo + (_uniform(rng, len(idx)) * (hi - lo)).astype(np.int64)
            idx = self._order[pick]
        return self.corpus.arrays(idx)


def _integers(rng, high: int, n: int) -> np.ndarray:
    if isinstance(rng, np.random.RandomState):
        return rng.randint(0, high, size=n)
    return rng.integers(0, high, size=n)


def _uniform(rng, n: int) -> np.ndarray:
    return rng.random_sample(n) if isinstance(rng, np.random.RandomState) else rng.random(n)
