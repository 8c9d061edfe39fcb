"""syndata: synthetic corpora with exactly known generative factors.

>>> import syndata
>>> sorted(syndata.list_generators())[:1]
['syntone']

Main entry points: :func:`generate` writes a corpus, :func:`load` reads one, :func:`verify`
checks one; the ``syndata`` command wraps them.
"""

from __future__ import annotations

__version__ = "0.1.0"

from syndata.errors import SyndataError  # noqa: E402

__all__ = ["__version__", "SyndataError", "generate", "load", "verify", "preview", "list_generators"]


def list_generators() -> dict:
    """``{name: generator}`` of every registered generator."""
    from syndata.generators import GENERATORS

    return dict(GENERATORS)


def generate(generator: str, *, out, factors=None, n=None, seed=0, preset=None, options=None, fixed=None,
             workers=1, overwrite=False, progress=True, shard_size=None):
    """Generate (or resume) a corpus; see :func:`syndata.plan.make_plan` and
    :func:`syndata.writer.write_corpus` for the parameters. Returns a ``GenerateReport``.

    Examples
    --------
    >>> import tempfile, syndata
    >>> d = tempfile.mkdtemp()
    >>> r = syndata.generate("syntone", out=d + "/c", factors=["waveform"], progress=False)
    >>> r.n_samples, r.status
    (4, 'created')
    """
    from syndata.plan import make_plan
    from syndata.writer import write_corpus

    plan = make_plan(generator, factors=factors, n=n, seed=seed, preset=preset, options=options,
                     fixed=fixed, shard_size=shard_size)
    return write_corpus(plan, out, workers=workers, overwrite=overwrite, progress=progress)


def load(path):
    """Open a corpus directory: a :class:`syndata.reader.Corpus`."""
    from syndata.reader import Corpus

    return Corpus(path)


def verify(path, **kwargs):
    """Check a corpus (checksums, regeneration, measured factors); see :func:`syndata.verification.verify_corpus`."""
    from syndata.verification import verify_corpus

    return verify_corpus(path, **kwargs)


def preview(path, **kwargs):
    """Write preview images of a corpus; see :func:`syndata.preview_grid.write_preview`."""
    from syndata.preview_grid import write_preview

    return write_preview(path, **kwargs)
