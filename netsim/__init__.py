"""netsim: how professional-development networks for STEM teachers grow, hold and fail.

Public entry point::

    from netsim import PDNetworkModel
    model = PDNetworkModel(rng=42, n_teachers=10_000)
    for _ in range(120):
        model.step()
    df = model.datacollector.get_model_vars_dataframe()
"""

from netsim.events import EVENT_KINDS
from netsim.model import PDNetworkModel
from netsim.params import DEFAULTS, MECHANISMS, PARAMETERS, ParameterError, validate

__all__ = [
    "DEFAULTS",
    "EVENT_KINDS",
    "MECHANISMS",
    "PARAMETERS",
    "PDNetworkModel",
    "ParameterError",
    "validate",
]
__version__ = "0.1.0"
