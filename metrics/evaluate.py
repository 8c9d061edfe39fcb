"""Run a chosen set of metrics and collect their scalars in one flat, namespaced dict."""

from __future__ import annotations

import inspect
from typing import Callable, Mapping, NamedTuple

import numpy as np

from metrics._validation import MetricsError, check_codes, check_codes_factors
from metrics.beta_vae import beta_vae_score
from metrics.dci import dci
from metrics.factor_vae import factor_vae_score
from metrics.infomec import infomec
from metrics.irs import irs
from metrics.mig import dcimig, jemmig, mig, mig_sup
from metrics.modularity import explicitness, modularity
from metrics.sampler import check_representation, check_sampler
from metrics.sap import sap
from metrics.unsupervised import (gaussian_total_correlation, mutual_info_codes,
                                  wasserstein_correlation)

__all__ = ["evaluate", "AVAILABLE_METRICS"]


class _Metric(NamedTuple):
    function: Callable
    needs: str  # "codes_factors", "codes" or "sampler"


_REGISTRY: dict = {
    "mig": _Metric(mig, "codes_factors"),
    "mig_sup": _Metric(mig_sup, "codes_factors"),
    "dcimig": _Metric(dcimig, "codes_factors"),
    "jemmig": _Metric(jemmig, "codes_factors"),
    "sap": _Metric(sap, "codes_factors"),
    "modularity": _Metric(modularity, "codes_factors"),
    "explicitness": _Metric(explicitness, "codes_factors"),
    "dci": _Metric(dci, "codes_factors"),
    "infomec": _Metric(infomec, "codes_factors"),
    "irs": _Metric(irs, "codes_factors"),
    "gaussian_total_correlation": _Metric(gaussian_total_correlation, "codes"),
    "wasserstein_correlation": _Metric(wasserstein_correlation, "codes"),
    "mutual_info_codes": _Metric(mutual_info_codes, "codes"),
    "beta_vae": _Metric(beta_vae_score, "sampler"),
    "factor_vae": _Metric(factor_vae_score, "sampler"),
}

#: Names accepted by :func:`evaluate` (``metrics=``), in the order they run.
AVAILABLE_METRICS: tuple = tuple(_REGISTRY)

_NEEDS_TEXT = {"codes_factors": "codes and factors", "codes": "codes",
               "sampler": "sampler and representation"}


def _scalars(name: str, result) -> dict:
    """The scalar fields of ``result.to_dict()`` under ``name.``; lists and strings are left out."""
    out = {}
    for key, value in result.to_dict().items():
        if isinstance(value, (bool, np.bool_)):
            out[f"{name}.{key}"] = bool(value)
        elif isinstance(value, (int, float, np.integer, np.floating)):
            out[f"{name}.{key}"] = value.item() if isinstance(value, np.generic) else value
    return out


def _select(metrics, available: set) -> list:
    valid = ", ".join(AVAILABLE_METRICS)
    if metrics is None:
        return [m for m in AVAILABLE_METRICS if _REGISTRY[m].needs in available]
    names = [metrics] if isinstance(metrics, str) else list(metrics)
    if not names:
        raise MetricsError(f"metrics: expected at least one metric name (valid: {valid}), got an "
                           "empty list")
    unknown = [m for m in names if not isinstance(m, str) or m not in _REGISTRY]
    if unknown:
        raise MetricsError(f"metrics: unknown metric name(s) {', '.join(map(repr, unknown))}; "
                           f"valid names are: {valid}")
    selected = list(dict.fromkeys(names))
    for m in selected:
        if _REGISTRY[m].needs not in available:
            raise MetricsError(f"metrics: {m!r} needs {_NEEDS_TEXT[_REGISTRY[m].needs]}, which "
                               "were not given")
    return selected


def evaluate(codes=None, factors=None, *, sampler=None, representation=None, metrics=None,
             random_state=None, options: Mapping | None = None) -> dict:
    """Run several disentanglement metrics and return their scalars in one flat dict.

    Parameters
    ----------
    codes : array, shape (n_samples, n_latents), optional
        Latent codes of the samples (the array metrics and the unsupervised scores).
    factors : array, shape (n_samples, n_factors), optional
        Ground-truth factors of the same samples (the supervised array metrics).
    sampler : GroundTruthSampler, optional
        With ``representation``, enables the intervention metrics ``beta_vae`` and
        ``factor_vae``.
    representation : callable, optional
        Maps observations ``(n, *sampler.observation_shape)`` to codes ``(n, D)``.
    metrics : str or sequence of str, optional
        Names from :data:`AVAILABLE_METRICS`. Default: every metric the inputs permit: with codes
        and factors the supervised array metrics (mig, mig_sup, dcimig, jemmig, sap, modularity,
        explicitness, dci, infomec, irs); with codes the unsupervised scores
        (gaussian_total_correlation, wasserstein_correlation, mutual_info_codes); with sampler and
        representation, beta_vae and factor_vae.
    random_state : None, int or numpy.random.RandomState
        Given to every metric that takes a ``random_state`` (an int seeds each metric the same
        way, so results do not depend on which other metrics run; a ``RandomState`` is shared
        and consumed in the order of :data:`AVAILABLE_METRICS`).
    options : mapping of metric name to dict of keyword arguments, optional
        Per-metric options, for example ``{"dci": {"n_jobs": 2}, "beta_vae": {"num_train":
        1000}}``. A ``random_state`` given here wins over the shared one.

    Returns
    -------
    dict
        Flat and JSON-serialisable: ``"<metric>.<field>"`` for every scalar field of each result
        (``"mig.score"``, ``"dci.disentanglement"``, ``"beta_vae.eval_accuracy"``,
        ``"factor_vae.num_active_dims"``, ...). Every metric contributes ``"<metric>.score"``.
        Arrays (per-factor gaps, importance matrices, votes) and strings (notes) are left out:
        call the metric function itself for them. Keys follow the order of
        :data:`AVAILABLE_METRICS`.

    Raises
    ------
    MetricsError
        Unknown metric names (the message lists the valid ones), a metric whose inputs are
        missing, ``sampler`` without ``representation`` or the reverse, options for a metric
        that is not run, or any error of a metric.

    Examples
    --------
    >>> import numpy as np, metrics
    >>> rng = np.random.default_rng(0)
    >>> factors = rng.integers(0, 4, size=(500, 2))
    >>> codes = factors + 0.01 * rng.standard_normal((500, 2))
    >>> scores = metrics.evaluate(codes, factors, metrics=["mig", "irs"])
    >>> sorted(k for k in scores if k.endswith(".score"))
    ['irs.score', 'mig.score']
    >>> scores["mig.score"] > 0.9
    True
    """
    if (sampler is None) != (representation is None):
        given, missing = ("sampler", "representation") if representation is None \
            else ("representation", "sampler")
        raise MetricsError(f"{missing}: the intervention metrics need both sampler and "
                           f"representation; got {given} without {missing}")
    available = set()
    if codes is not None and factors is not None:
        codes, factors = check_codes_factors(codes, factors)
        available |= {"codes_factors", "codes"}
    elif codes is not None:
        codes = check_codes(codes)
        available.add("codes")
    elif factors is not None:
        raise MetricsError("codes: factors were given without codes; every array metric needs "
                           "codes of shape (n_samples, n_latents)")
    if sampler is not None:
        check_sampler(sampler)
        check_representation(representation)
        available.add("sampler")
    if not available:
        raise MetricsError("codes: expected codes (and factors) or a sampler and representation; "
                           "got none of them")
    selected = _select(metrics, available)
    options = {} if options is None else dict(options)
    bad = [m for m in options if m not in selected]
    if bad:
        raise MetricsError(f"options: given for metric(s) {', '.join(map(repr, bad))} that do not "
                           f"run; running: {', '.join(selected)}")
    for m, opts in options.items():
        if not isinstance(opts, Mapping):
            raise MetricsError(f"options[{m!r}]: expected a dict of keyword arguments, got "
                               f"{type(opts).__name__}")
        params = inspect.signature(_REGISTRY[m].function).parameters
        accepted = [p.name for p in params.values() if p.kind is p.KEYWORD_ONLY]
        if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
            unknown = [k for k in opts if k not in accepted]
            if unknown:
                raise MetricsError(f"options[{m!r}]: unknown option(s) "
                                   f"{', '.join(map(repr, unknown))}; {m} accepts: "
                                   f"{', '.join(accepted)}")

    out: dict = {}
    for name in selected:
        function, needs = _REGISTRY[name]
        kwargs = dict(options.get(name, {}))
        if "random_state" in inspect.signature(function).parameters:
            kwargs.setdefault("random_state", random_state)
        if needs == "codes_factors":
            result = function(codes, factors, **kwargs)
        elif needs == "codes":
            result = function(codes, **kwargs)
        else:
            result = function(sampler, representation, **kwargs)
        out.update(_scalars(name, result))
    return out
