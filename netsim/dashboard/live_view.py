"""The workshop's live frame as a widget: drawn in the browser, paced by what is on screen.

:class:`LiveView` carries one :meth:`~netsim.dashboard.live.LiveRun.frame` at a time
(header, network picture, time series and log of one month). Its script
(``live_view.js``) draws the frame with plotly.js and, while ``playing``, sends
``{"next": month}`` only once the previous frame is on screen and ``1 / speed``
seconds have passed; after drawing it sends ``{"drawn": month}``. The dashboard
steps the model only when asked, so the model is never ahead of the screen by
more than the one frame on its way, and frames are dropped, never queued.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import plotly
import traitlets

PLOTLY_JS = Path(plotly.__file__).parent / "package_data"
"""The folder holding plotly's own ``plotly.min.js``, served by the dashboard as an asset."""

PLOTLY_URL = "./static/assets/plotly.min.js"
"""Where the page loads plotly.js from (the local server, never a CDN)."""


class LiveView(anywidget.AnyWidget):  # type: ignore[misc]
    """The workshop frame: set ``frame``, ``playing`` and ``speed``; listen with ``on_msg``."""

    _esm = Path(__file__).with_name("live_view.js")
    frame = traitlets.Dict().tag(sync=True)
    playing = traitlets.Bool(False).tag(sync=True)
    speed = traitlets.Float(4.0).tag(sync=True)
    plotly_url = traitlets.Unicode(PLOTLY_URL).tag(sync=True)
