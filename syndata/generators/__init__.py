"""Generator registry: ``get_generator(name)`` and ``GENERATORS``."""

from __future__ import annotations

from syndata.errors import SyndataError
from syndata.generators.base import Generator
from syndata.generators.syntone import SynTone

__all__ = ["Generator", "GENERATORS", "get_generator"]

GENERATORS = {g.name: g for g in (SynTone(),)}


def get_generator(name: str) -> Generator:
    """The generator registered as ``name``; unknown names list the valid ones."""
    try:
        return GENERATORS[name]
    except KeyError:
        raise SyndataError(f"generator: unknown {name!r}; valid generators: {', '.join(GENERATORS)}") from None
