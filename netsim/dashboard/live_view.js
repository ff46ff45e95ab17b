// The workshop's live frame: header, network picture, time series and log of one month.
//
// Python sets `frame` (one month, see LiveRun.frame); this draws it with plotly.js and
// only then, while `playing`, asks for the next month once 1/`speed` seconds have passed
// since the previous frame went on screen. A frame that arrives while one is being drawn
// replaces any frame still waiting: frames are dropped, never queued.

function loadPlotly(url) {
  // plotly.min.js is a UMD bundle; the page's require.js would swallow it as an AMD
  // module, so it is evaluated with a CommonJS `module` of its own, once per page.
  if (!window.__netsimPlotly) {
    window.__netsimPlotly = fetch(url)
      .then((answer) => {
        if (!answer.ok) throw new Error(`plotly.js: ${answer.status} for ${url}`);
        return answer.text();
      })
      .then((code) => {
        const module = { exports: {} };
        new Function("module", "exports", "define", code)(module, module.exports, undefined);
        return module.exports;
      });
  }
  return window.__netsimPlotly;
}

function nextPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}

const SYMBOLS = {
  circle(g, x, y, r) {
    g.arc(x, y, r, 0, 2 * Math.PI);
  },
  square(g, x, y, r) {
    g.rect(x - r, y - r, 2 * r, 2 * r);
  },
  diamond(g, x, y, r) {
    g.moveTo(x, y - 1.3 * r);
    g.lineTo(x + 1.3 * r, y);
    g.lineTo(x, y + 1.3 * r);
    g.lineTo(x - 1.3 * r, y);
    g.closePath();
  },
  "triangle-up"(g, x, y, r) {
    g.moveTo(x, y - 1.2 * r);
    g.lineTo(x + 1.1 * r, y + 0.8 * r);
    g.lineTo(x - 1.1 * r, y + 0.8 * r);
    g.closePath();
  },
  star(g, x, y, r) {
    for (let k = 0; k < 10; k++) {
      const radius = k % 2 ? 0.5 * r : 1.4 * r;
      const angle = -Math.PI / 2 + (k * Math.PI) / 5;
      g[k ? "lineTo" : "moveTo"](x + radius * Math.cos(angle), y + radius * Math.sin(angle));
    }
    g.closePath();
  },
};

function drawNetwork(box, picture, large) {
  // the network on a canvas: ties, then nodes by group, then region discs with labels
  const title = box.querySelector(".netsim-network-title");
  const canvas = box.querySelector("canvas");
  const legend = box.querySelector(".netsim-network-legend");
  title.textContent = picture.title;
  const width = Math.max(canvas.parentElement.clientWidth, 200);
  const height = Math.max(box.dataset.height ? Number(box.dataset.height) - 30 : 560, 200);
  const side = Math.min(width, height);
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(side * ratio)) {
    canvas.width = Math.round(side * ratio);
    canvas.height = Math.round(side * ratio);
    canvas.style.width = `${side}px`;
    canvas.style.height = `${side}px`;
  }
  const g = canvas.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, side, side);
  const scale = side / (2 * picture.range);
  const px = (v) => side / 2 + v * scale;
  const py = (v) => side / 2 - v * scale;
  for (const group of picture.edges) {
    g.strokeStyle = group.colour;
    g.lineWidth = group.width;
    g.beginPath();
    const xy = group.xy;
    for (let k = 0; k < xy.length; k += 4) {
      g.moveTo(px(xy[k]), py(xy[k + 1]));
      g.lineTo(px(xy[k + 2]), py(xy[k + 3]));
    }
    g.stroke();
  }
  const grow = (large ? 1.3 : 1) * Math.min(1.6, Math.max(0.7, side / 600));
  for (const group of picture.nodes) {
    const shape = SYMBOLS[group.symbol] || SYMBOLS.circle;
    const r = (group.size / 2) * grow;
    g.fillStyle = group.colour;
    g.beginPath();
    const xy = group.xy;
    for (let k = 0; k < xy.length; k += 2) {
      const x = px(xy[k]);
      const y = py(xy[k + 1]);
      g.moveTo(x + r, y);
      shape(g, x, y, r);
    }
    g.fill();
  }
  if (picture.regions && picture.regions.xy) {
    const reg = picture.regions;
    g.textAlign = "center";
    g.textBaseline = "middle";
    g.font = `${large ? 18 : 12}px sans-serif`;
    for (let k = 0; k < reg.size.length; k++) {
      const x = px(reg.xy[2 * k]);
      const y = py(reg.xy[2 * k + 1]);
      g.beginPath();
      g.arc(x, y, (reg.size[k] / 2) * grow, 0, 2 * Math.PI);
      g.fillStyle = reg.colour[k];
      g.globalAlpha = 0.85;
      g.fill();
      g.globalAlpha = 1;
      g.strokeStyle = "white";
      g.lineWidth = 1;
      g.stroke();
      g.fillStyle = "#1b2631";
      g.fillText(reg.text[k], x, y);
    }
  }
  const items = [
    ...picture.edges.map((e) => [`<span class="line" style="background:${e.colour.replace(/[\d.]+\)$/, "0.9)")}"></span>`, e.name]),
    ...picture.nodes.map((n) => [`<span class="dot ${n.symbol}" style="background:${n.colour}"></span>`, n.name]),
    ...(picture.regions && picture.regions.name ? [[`<span class="dot circle" style="background:${picture.regions.colour[0] || "#7fb3d5"}"></span>`, picture.regions.name]] : []),
  ];
  legend.innerHTML = items.map(([mark, name]) => `<div>${mark}${escapeHtml(name)}</div>`).join("");
}

function escapeHtml(text) {
  const div = document.createElement("div");
  div.textContent = text;
  return div.innerHTML;
}

async function render({ model, el }) {
  el.classList.add("netsim-live");
  el.innerHTML = `
    <h2 class="netsim-month" aria-live="polite"></h2>
    <div class="netsim-live-figures">
      <div class="netsim-network">
        <div class="netsim-network-title"></div>
        <div class="netsim-network-body"><div class="netsim-canvas"><canvas></canvas></div>
        <div class="netsim-network-legend"></div></div>
      </div>
      <div class="netsim-series"></div>
    </div>
    <h3>What happened</h3>
    <div class="netsim-log"></div>`;
  const header = el.querySelector(".netsim-month");
  const network = el.querySelector(".netsim-network");
  const series = el.querySelector(".netsim-series");
  const log = el.querySelector(".netsim-log");
  const config = { displayModeBar: false, responsive: true };
  let Plotly;
  try {
    Plotly = await loadPlotly(model.get("plotly_url"));
  } catch (error) {
    header.textContent = `The network picture cannot be drawn: ${error.message}`;
    header.classList.add("netsim-live-error");
    return;
  }

  let drawing = false;
  let waiting = false; // a newer frame arrived while drawing: draw it next (the newest only)
  let shownAt = 0; // when the last frame went on screen (performance.now())
  let timer = null;
  let asked = -1; // the month last asked for, so each month is asked once
  let askedAt = 0;
  let latency = 0; // from asking for a month to its frame on screen (moving average, ms)

  function room(box) {
    // in presentation mode the pictures fill the screen below the header
    const top = box.getBoundingClientRect().top + window.scrollY;
    return Math.max(300, window.innerHeight - Math.max(top, 0) - 12);
  }

  function fit(layout) {
    return model.get("frame").large ? { ...layout, height: room(series) } : layout;
  }

  function ask() {
    clearTimeout(timer);
    const frame = model.get("frame");
    if (!model.get("playing") || !frame || frame.finished || drawing) return;
    // ask early by the usual latency, so that the next frame lands one period after this one
    const period = 1000 / Math.max(model.get("speed"), 0.1);
    const wait = Math.max(0, period - latency - (performance.now() - shownAt));
    timer = setTimeout(() => {
      const now = model.get("frame");
      if (model.get("playing") && !drawing && now.month === frame.month && asked !== frame.month + 1) {
        asked = frame.month + 1;
        askedAt = performance.now();
        model.send({ next: frame.month + 1 });
      }
    }, wait);
  }

  async function draw() {
    if (drawing) {
      waiting = true;
      return;
    }
    const frame = model.get("frame");
    if (!frame || frame.network === undefined) return;
    drawing = true;
    const start = performance.now();
    try {
      network.dataset.height = frame.large ? String(room(network)) : "";
      drawNetwork(network, frame.network, frame.large);
      const mid = performance.now();
      await Plotly.react(series, frame.series.data, fit(frame.series.layout), config);
      el.dataset.networkMs = (mid - start).toFixed(1);
      el.classList.toggle("netsim-live-large", Boolean(frame.large));
      header.textContent = frame.header;
      header.dataset.month = String(frame.month);
      log.innerHTML = frame.log.length
        ? frame.log.map(([m, text]) => `<div>Month ${m}: ${escapeHtml(text)}</div>`).join("")
        : "<div>Nothing yet: press Play or One step.</div>";
      const drawn = performance.now();
      await nextPaint();
      shownAt = performance.now();
      el.dataset.drawMs = (drawn - start).toFixed(1);
      el.dataset.paintMs = (shownAt - drawn).toFixed(1);
      el.dataset.shown = String(frame.month);
      if (frame.month === asked) {
        latency = latency ? 0.7 * latency + 0.3 * (shownAt - askedAt) : shownAt - askedAt;
      }
      model.send({ drawn: frame.month });
    } catch (error) {
      header.textContent = `The network picture cannot be drawn: ${error.message}`;
      header.classList.add("netsim-live-error");
    } finally {
      drawing = false;
    }
    if (waiting) {
      waiting = false;
      return draw();
    }
    ask();
  }

  model.on("change:frame", draw);
  model.on("change:playing", () => {
    asked = -1;
    ask();
  });
  model.on("change:speed", ask);
  const resize = new ResizeObserver(() => {
    const frame = model.get("frame");
    if (el.offsetParent !== null && frame && frame.network) {
      drawNetwork(network, frame.network, frame.large);
      Plotly.Plots.resize(series);
    }
  });
  resize.observe(el);
  await draw();
  return () => {
    clearTimeout(timer);
    resize.disconnect();
  };
}

export default { render };
