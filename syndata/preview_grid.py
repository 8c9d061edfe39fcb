"""``syndata preview``: one PNG grid of spectrograms, a row per varying factor.

Row ``k`` sweeps factor ``k`` over up to ``max_levels`` evenly spaced levels while every other
varying factor stays at its first level (for SynTone: a sine at 440 Hz, where harmonics are
visible), on one colour scale for the whole figure so amplitude differences show.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from syndata.reader import Corpus

__all__ = ["write_preview", "sweep_indices"]


def sweep_indices(corpus: Corpus, factor: int, *, max_levels: int = 8) -> list:
    """``[(level index, sample index)]`` sweeping ``factor`` with the others at their first level.

    On a corpus of random draws the nearest drawn sample (fewest differing classes) is used.
    """
    sizes = np.array(corpus.factor_sizes)
    levels = np.unique(np.round(np.linspace(0, sizes[factor] - 1, min(max_levels, sizes[factor]))).astype(int))
    target = np.zeros((len(levels), len(sizes)), dtype=np.int64)
    target[:, factor] = levels
    if corpus.manifest.get("sampling") == "grid":
        return list(zip(levels.tolist(), corpus.space.index_of(target).tolist()))
    out = []
    for lvl, t in zip(levels, target):
        match = corpus.classes[:, factor] == lvl
        if not match.any():
            continue
        cand = np.flatnonzero(match)
        dist = np.abs(corpus.classes[cand] - t).sum(axis=1)
        out.append((int(lvl), int(cand[np.argmin(dist)])))
    return out


def write_preview(path, *, out=None, max_levels: int = 8) -> Path:
    """Write ``preview/factors.png`` (or ``out``) for the corpus at ``path``; returns its path.

    Examples
    --------
    >>> import tempfile, syndata
    >>> d = tempfile.mkdtemp() + "/c"
    >>> _ = syndata.generate("syntone", out=d, factors=["waveform"], progress=False)
    >>> syndata.preview(d).name
    'factors.png'
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from syndata.generators import get_generator

    corpus = Corpus(path)
    gen = get_generator(corpus.manifest["generator"])
    options = corpus.manifest["config"]["options"]
    rows = [sweep_indices(corpus, k, max_levels=max_levels) for k in range(len(corpus.space))]
    ncols = max(len(r) for r in rows)
    fig, axes = plt.subplots(len(rows), ncols, figsize=(1.9 * ncols, 1.9 * len(rows) + 0.4),
                             squeeze=False)
    images = [[gen.preview_image(corpus[idx], options=options) for _, idx in row] for row in rows]
    top = max(img.max() for row in images for img in row)
    for k, row in enumerate(rows):
        f = corpus.space.factors[k]
        for j in range(ncols):
            ax = axes[k, j]
            ax.set_xticks([]), ax.set_yticks([])
            if j >= len(row):
                ax.axis("off")
                continue
            lvl, idx = row[j]
            ax.imshow(images[k][j], origin="lower", aspect="auto", cmap="magma", vmin=top - 90, vmax=top)
            ax.set_title(f"{f.name}={_short(f.values[lvl])}", fontsize=8)
            if j == 0:
                ax.set_ylabel(f.name, fontsize=9)
    fig.suptitle(f"{corpus.manifest['generator']}: each row sweeps one factor "
                 f"(others at their first level); spectrograms 0..Nyquist, one dB scale", fontsize=9)
    fig.tight_layout()
    target = Path(out) if out else Path(path) / "preview" / "factors.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(target, dpi=90)
    plt.close(fig)
    return target


def _short(v) -> str:
    return f"{v:.4g}" if isinstance(v, float) else str(v)
