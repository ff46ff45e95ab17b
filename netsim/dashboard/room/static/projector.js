// The projector: room code, QR code, the live network (drawn by the dashboard's
// live_view.js), the countdown, the roster and the instructor's controls.
import { list, rows } from "/static/common.js";
import live from "/static/live_view.js";

const $ = (id) => document.getElementById(id);
const code = location.pathname.split("/").pop();
const key = new URLSearchParams(location.hash.slice(1)).get("key") || "";
let socket = null;
let deadlineAt = null;
let tick = null;
let debriefShown = false;

// a minimal stand-in for the anywidget model live_view.js draws from
const listeners = {};
const values = { frame: null, playing: false, speed: 1, plotly_url: "/static/plotly.min.js" };
const model = {
  get: (name) => values[name],
  on: (event, callback) => { (listeners[event] ||= []).push(callback); },
  send: () => {},
};
function setFrame(frame) {
  values.frame = frame;
  for (const callback of listeners["change:frame"] || []) callback();
}

const PHASES = {
  lobby: "Participants are joining",
  deciding: "Decide now",
  running: "The model is running a season…",
  paused: "Paused",
  over: "The game is over",
};

async function start() {
  const info = await (await fetch(`/api/${code}`)).json();
  $("code").textContent = info.code;
  $("qr").innerHTML = info.qr; // SVG made by the server from the join address
  $("join-url").textContent = info.join_url;
  $("title").textContent = info.preset;
  const { shocks } = await (await fetch("/api/roles")).json();
  for (const s of shocks) {
    const o = document.createElement("option"); o.value = s; o.textContent = s.replaceAll("_", " ");
    $("shock").append(o);
  }
  for (const b of $("controls").querySelectorAll("button")) {
    b.onclick = () => send({ do: b.dataset.do });
  }
  $("shock-button").onclick = () => send({ do: "shock", kind: $("shock").value });
  $("download").href = `/api/${code}/game.json?key=${encodeURIComponent(key)}`;
  live.render({ model, el: $("live") });
  connect();
}

function send(msg) { socket.send(JSON.stringify(msg)); }

function connect() {
  socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/${code}`);
  socket.onopen = () => send({ as: "instructor", key });
  socket.onmessage = (event) => {
    const msg = JSON.parse(event.data);
    if (msg.type === "refused") $("error").textContent = `${msg.error} (open the projector link netsim workshop printed or the dashboard showed)`;
    else if (msg.type === "error") $("error").textContent = msg.error;
    else if (msg.type === "ok") $("error").textContent = "";
    else if (msg.type === "state") show(msg);
  };
  socket.onclose = (event) => { if (event.code !== 4403) setTimeout(connect, 1000); };
}

function show(s) {
  document.body.dataset.phase = s.phase;
  document.body.dataset.month = String(s.month);
  $("phase").textContent = (PHASES[s.phase] || s.phase) + (s.replayed ? " (a replay of a downloaded game)" : "");
  // once the game is over the controls would do nothing: they go
  $("controls").hidden = $("shocks").hidden = s.phase === "over";
  $("round").textContent = `Month ${s.month} of ${s.months} · season ${Math.min(s.round + 1, s.rounds)} of ${s.rounds} (${s.season} months each)`;
  deadlineAt = s.seconds_left === null ? null : performance.now() + 1000 * s.seconds_left;
  clearInterval(tick);
  countdown();
  if (s.phase === "deciding") tick = setInterval(countdown, 250);
  rows($("headline"), s.headline);
  $("queued").textContent = s.queued_shocks.length ? `Queued: ${s.queued_shocks.join(", ").replaceAll("_", " ")}` : "";
  $("roster").replaceChildren(...s.roster.map((r) => {
    const d = document.createElement("div");
    d.dataset.role = r.role;
    d.className = r.decided ? "decided" : "";
    d.textContent = s.replayed
      ? `${r.title}: ${r.choices ? `${r.choices} choice${r.choices === 1 ? "" : "s"}` : "no choice"} in the recorded game`
      : `${r.title}: ${r.names.length ? r.names.join(", ") : "nobody yet"}`;
    return d;
  }));
  if (s.frame && (!values.frame || values.frame.month !== s.frame.month || s.frame.finished !== values.frame.finished)) setFrame(s.frame);
  if (s.phase === "over" && s.debrief_ready && !debriefShown) debrief();
}

function countdown() {
  if (deadlineAt === null) { $("countdown").textContent = ""; return; }
  $("countdown").textContent = `${Math.max(0, Math.ceil((deadlineAt - performance.now()) / 1000))} s`;
}

async function debrief() {
  const answer = await fetch(`/api/${code}/debrief`, { headers: { "x-room-key": key } });
  if (!answer.ok) return;
  debriefShown = true;
  const d = await answer.json();
  $("debrief").hidden = false;
  rows($("finals"), Object.entries(d.finals).map(([run, v]) => [run, `reach ${(100 * v.reach_teachers).toFixed(0)} %, trust ${(100 * v.trust_mean).toFixed(0)} %, ${v.n_centres} centres`]));
  d.figures.forEach((fig, k) => window.Plotly.newPlot($(`debrief-${k}`), fig.data, fig.layout, { displayModeBar: false, responsive: true }));
  const q = $("questions");
  q.replaceChildren();
  for (const [heading, items] of Object.entries(d.questions)) {
    const h = document.createElement("h2"); h.textContent = heading[0].toUpperCase() + heading.slice(1);
    const ul = document.createElement("ul");
    list(ul, items);
    q.append(h, ul);
  }
}

start();
