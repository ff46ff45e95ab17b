"""The model core: state, ties, parameters, events, indicators and the submodels.

Pure computation on arrays and Mesa agents: nothing here reads or writes a
file, prints, or draws. Everything else in netsim depends on this package,
never the reverse.
"""

from netsim.core.events import EVENT_KINDS
from netsim.core.indicators import INDICATORS
from netsim.core.model import PDNetworkModel
from netsim.core.params import DEFAULTS, MECHANISMS, PARAMETERS, ParameterError, validate

__all__ = [
    "DEFAULTS",
    "EVENT_KINDS",
    "INDICATORS",
    "MECHANISMS",
    "PARAMETERS",
    "PDNetworkModel",
    "ParameterError",
    "validate",
]
