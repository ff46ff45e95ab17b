// A participant's screen: join with a code and a name, then play one role over a websocket.
// Every text from the server is put on the page with textContent, never as HTML.
import { list, rows } from "/static/common.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
let socket = null;
let sheet = null;
let state = null;
let tick = null;
let deadlineAt = null;
let debriefShown = false;
let nextRef = 1;

function stored(code) {
  try { return JSON.parse(localStorage.getItem(`netsim-room-${code}`) || "null"); }
  catch { return null; }
}

async function loadRoles() {
  const answer = await fetch("/api/roles");
  const { roles } = await answer.json();
  for (const r of roles) {
    const o = document.createElement("option");
    o.value = r.key; o.textContent = r.title;
    $("role").append(o);
  }
}

async function join(event) {
  event.preventDefault();
  const code = $("code").value.trim().toUpperCase();
  $("join-error").textContent = "";
  const answer = await fetch(`/api/${encodeURIComponent(code)}/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: $("name").value, role: $("role").value }),
  });
  const data = await answer.json().catch(() => ({ error: `error ${answer.status}` }));
  if (!answer.ok) { $("join-error").textContent = data.error || "cannot join"; return; }
  localStorage.setItem(`netsim-room-${code}`, JSON.stringify({ token: data.token }));
  history.replaceState(null, "", `/?code=${code}`);
  connect(code, data.token);
}

function connect(code, token) {
  $("join").hidden = true;
  $("play").hidden = false;
  const proto = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${proto}://${location.host}/ws/${encodeURIComponent(code)}`);
  socket.onopen = () => socket.send(JSON.stringify({ key: token }));
  socket.onmessage = (event) => {
    const msg = JSON.parse(event.data);
    if (msg.type === "refused") {
      localStorage.removeItem(`netsim-room-${code}`);
      showJoin(code, msg.error);
    } else if (msg.type === "welcome") {
      sheet = msg.sheet;
      brief();
    } else if (msg.type === "state") {
      state = msg;
      show(code, token);
    } else if (msg.type === "error") {
      $("play-error").textContent = msg.error;
    } else if (msg.type === "ok") {
      $("play-error").textContent = "";
    }
  };
  socket.onclose = (event) => {
    if (event.code !== 4403 && !$("play").hidden) setTimeout(() => connect(code, token), 1000);
  };
}

function brief() {
  $("what").textContent = sheet.what;
  list($("notice"), sheet.notice);
  list($("try"), sheet.try);
}

const PHASES = {
  lobby: "Waiting for the instructor to start",
  deciding: "Decide now",
  running: "The model is running a season…",
  paused: "Paused by the instructor",
  over: "The game is over: debrief",
};

function show(code, token) {
  const s = state;
  document.body.dataset.phase = s.phase;
  document.body.dataset.month = String(s.month);
  $("who").textContent = `${s.you}: ${sheet ? sheet.title : s.role} (room ${s.code})`;
  $("phase").textContent = PHASES[s.phase] || s.phase;
  $("month").textContent = `Month ${s.month} of ${s.months} · season ${Math.min(s.round + 1, s.rounds)} of ${s.rounds}`;
  deadlineAt = s.seconds_left === null ? null : performance.now() + 1000 * s.seconds_left;
  clearInterval(tick);
  countdown();
  if (s.phase === "deciding") tick = setInterval(countdown, 250);
  rows($("state"), s.state);
  rows($("headline"), s.headline);
  $("log").replaceChildren(...s.log.map(([m, t]) => {
    const d = document.createElement("div"); d.textContent = `Month ${m}: ${t}`; return d;
  }));
  decisions();
  if (s.phase === "over" && !debriefShown) debrief(code, token);
}

function countdown() {
  if (deadlineAt === null) { $("countdown").textContent = ""; return; }
  const left = Math.max(0, Math.ceil((deadlineAt - performance.now()) / 1000));
  $("countdown").textContent = `${left} s`;
}

function decisions() {
  if (!sheet) return;
  const open = ["lobby", "deciding", "paused"].includes(state.phase);
  const box = $("decisions");
  box.replaceChildren();
  for (const d of sheet.decisions) {
    const card = document.createElement("div");
    card.className = "card decision";
    card.dataset.decision = d.key;
    const h = document.createElement("h2"); h.textContent = d.question;
    card.append(h);
    for (const o of d.options) {
      const b = document.createElement("button");
      b.className = "option" + (state.chosen[d.key] === o.key ? " chosen" : "");
      b.dataset.option = o.key;
      b.textContent = o.label;
      b.disabled = !open;
      b.onclick = () => socket.send(JSON.stringify({ decision: d.key, option: o.key, ref: nextRef++ }));
      card.append(b);
    }
    box.append(card);
  }
}

async function debrief(code, token) {
  const answer = await fetch(`/api/${code}/debrief`, { headers: { "x-room-key": token } });
  if (!answer.ok) return; // not ready yet: the next state message tries again
  debriefShown = true;
  const d = await answer.json();
  $("debrief").hidden = false;
  rows($("finals"), Object.entries(d.finals).map(([run, v]) => [run, `reach ${(100 * v.reach_teachers).toFixed(0)} %`]));
  const fig = d.figures[0];
  window.Plotly.newPlot($("debrief-figure"), fig.data, { ...fig.layout, height: 360 }, { displayModeBar: false, responsive: true });
  $("download").href = `/api/${code}/game.json?key=${encodeURIComponent(token)}`;
}

function showJoin(code, error) {
  $("play").hidden = true;
  $("join").hidden = false;
  if (code) $("code").value = code;
  $("join-error").textContent = error || "";
}

loadRoles();
$("join-form").addEventListener("submit", join);
const code = (params.get("code") || "").toUpperCase();
const mine = code ? stored(code) : null;
if (mine && mine.token) connect(code, mine.token);
else showJoin(code, "");
