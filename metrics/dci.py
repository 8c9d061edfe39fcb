"""Work in progress."""
__all__ = ["dci"]


def dci(*args, **kwargs):
    raise NotImplementedError
