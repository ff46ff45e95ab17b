"""The ``netsim`` command."""

from netsim.cli.main import app

__all__ = ["app"]
