"""Work in progress."""
__all__ = ["gaussian_total_correlation","wasserstein_correlation","mutual_info_codes"]


def gaussian_total_correlation(*args, **kwargs):
    raise NotImplementedError


def wasserstein_correlation(*args, **kwargs):
    raise NotImplementedError


def mutual_info_codes(*args, **kwargs):
    raise NotImplementedError
