"""Disentanglement metrics over plain arrays: numpy, scipy and scikit-learn only.

Import it from any codebase::

    >>> import numpy as np, metrics
    >>> rng = np.random.default_rng(0)
    >>> factors = rng.integers(0, 5, size=(1000, 2))
    >>> codes = factors + 0.01 * rng.standard_normal((1000, 2))
    >>> round(metrics.mig(codes, factors).score, 2) > 0.9
    True

Every metric is a pure function returning a frozen result (``.score``, diagnostics,
``to_dict()``); :func:`evaluate` runs several and returns one flat dict with namespaced keys.
The intervention metrics (:func:`beta_vae_score`, :func:`factor_vae_score`) take a
:class:`GroundTruthSampler` (for arrays in memory, :class:`ArraySampler`) and a representation
function instead of arrays. Errors are :class:`MetricsError` (a ``ValueError``).

Note: the package attributes ``metrics.mig``, ``metrics.irs``, ``metrics.dci``, ... are the
*functions*; their modules are in ``sys.modules`` under the same dotted names.
"""

import sys as _sys

from metrics._result import MetricResult
from metrics._validation import MetricsError
from metrics.sampler import ArraySampler, GroundTruthSampler
from metrics.evaluate import AVAILABLE_METRICS, evaluate  # imports every metric module

# The public names of each metric module (functions and result classes). Star-imports come
# after every submodule is loaded, so ``metrics.mig`` etc. end up bound to the functions.
_MODULES = ("mig", "sap", "modularity", "dci", "infomec", "unsupervised", "irs", "beta_vae",
            "factor_vae")
from metrics.mig import *  # noqa: E402,F401,F403
from metrics.sap import *  # noqa: E402,F401,F403
from metrics.modularity import *  # noqa: E402,F401,F403
from metrics.dci import *  # noqa: E402,F401,F403
from metrics.infomec import *  # noqa: E402,F401,F403
from metrics.unsupervised import *  # noqa: E402,F401,F403
from metrics.irs import *  # noqa: E402,F401,F403
from metrics.beta_vae import *  # noqa: E402,F401,F403
from metrics.factor_vae import *  # noqa: E402,F401,F403
from metrics.evaluate import evaluate  # noqa: E402,F811  (the function, not the module)

__all__ = ["MetricsError", "MetricResult", "GroundTruthSampler", "ArraySampler", "evaluate",
           "AVAILABLE_METRICS"]
for _name in _MODULES:
    __all__ += [n for n in _sys.modules[f"metrics.{_name}"].__all__ if n not in __all__]
del _name
