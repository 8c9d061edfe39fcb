"""Work in progress."""
__all__ = ["infomec"]


def infomec(*args, **kwargs):
    raise NotImplementedError
