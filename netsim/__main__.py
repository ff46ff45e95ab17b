"""``python -m netsim``: the command line (see ``netsim --help``)."""

from netsim.cli.main import app

if __name__ == "__main__":
    app()
