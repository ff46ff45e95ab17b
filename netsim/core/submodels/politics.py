"""Politics: elections and priority changes (brochure §4.d).

Networks must last longer than political alternations and their changes of
objectives. At the end of each term the ministry (a Mesa agent) holds an
election that may drop PD networks from its priorities (money cut, mandate
dropped) or bring them back; joint steering makes the network part of a
shared agenda and shields it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel


def hold_elections(model: PDNetworkModel) -> None:
    """An election when the term is over."""
    if model.p["enable_politics"] and model.month >= model.ministry.next_election:
        model.ministry.hold_election()
