"""netsim: how professional-development networks for STEM teachers grow, hold and fail.

Public entry point::

    from netsim import PDNetworkModel, load_scenario

    scenario = load_scenario("hybrid")
    model = PDNetworkModel(rng=42, **scenario.model_kwargs())
    while model.running:  # one step is one month, up to the scenario's last
        model.step()
    df = model.results()
"""

from netsim.core import (
    DEFAULTS,
    EVENT_KINDS,
    INDICATORS,
    MECHANISMS,
    PARAMETERS,
    ParameterError,
    PDNetworkModel,
    validate,
)
from netsim.io.scenarios import Scenario, ScenarioError, load_scenario

__all__ = [
    "DEFAULTS",
    "EVENT_KINDS",
    "INDICATORS",
    "MECHANISMS",
    "PARAMETERS",
    "PDNetworkModel",
    "ParameterError",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "validate",
]
__version__ = "0.2.0"
