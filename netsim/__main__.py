"""``python -m netsim``: the command line (see ``netsim --help``)."""

from netsim.cli import app

if __name__ == "__main__":
    app()
