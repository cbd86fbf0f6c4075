// The instructor's board: one EventSource, the whole board redrawn from each update. Every
// text a learner sent is put in the page with textContent, never as HTML.
"use strict";
const key = new URLSearchParams(location.search).get("key") || "";
const auth = "key=" + encodeURIComponent(key);
let board = null;
let selected = null; // learner id
let fontSize = 22;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return e;
}

const SYMBOL = { pass: "✓", fail: "✗", error: "!", none: "·" };
const time = (ms) => new Date(ms).toLocaleTimeString();
const percent = (n, of) => (of ? Math.round((100 * n) / of) + "%" : "—");

function render() {
  const b = board;
  document.body.dataset.lastEvent = b.last_event;
  const active = b.learners.filter((l) => !l.left).length;
  document.getElementById("summary").textContent =
    `${active} learner${active === 1 ? "" : "s"} · ${b.events} checks`;
  const lesson = b.catalog.find((l) => l.id === b.announced);
  document.getElementById("announced").textContent = b.announced
    ? `Next: ${lesson ? lesson.title : b.announced}` : "";

  const head = el("tr", {}, el("th", { scope: "col" }, "Learner"));
  for (const l of b.lessons) {
    head.append(el("th", { scope: "col", title: l.id }, l.title,
      el("div", { class: "cell-note" }, `${l.passed}/${l.attempted} done`)));
  }
  document.querySelector("#grid thead").replaceChildren(head);

  const rows = b.learners.map((learner) => {
    const tr = el("tr", {
      "data-learner": learner.name, "data-id": learner.id,
      "aria-selected": learner.id === selected ? "true" : "false",
      class: learner.left ? "left" : null,
    }, el("th", { scope: "row", class: "name", title: learner.name }, learner.name));
    for (const l of b.lessons) {
      const cell = learner.cells[l.id];
      const td = el("td", { class: "cell " + (cell ? cell.status : "none"),
        "data-lesson": l.id, "data-status": cell ? cell.status : "none" });
      const marks = el("div", { class: "marks" });
      for (const o of l.objectives) {
        const s = cell ? (cell.objectives[o.id] || "none") : "none";
        marks.append(el("span", { class: "mark " + s, title: `${o.id}: ${s}`,
          "data-objective": o.id, "data-status": s }, SYMBOL[s]));
      }
      td.append(marks);
      if (cell && cell.mistakes.length) td.append(el("div", { class: "cell-note" }, cell.mistakes.join(", ")));
      if (cell && cell.hints) td.append(el("div", { class: "cell-note" }, `${cell.hints} hint${cell.hints === 1 ? "" : "s"}`));
      tr.append(td);
    }
    return tr;
  });
  document.querySelector("#grid tbody").replaceChildren(...rows);
  document.getElementById("empty").hidden = b.learners.length > 0;

  document.getElementById("stuck").replaceChildren(...b.stuck.map((s) =>
    el("li", { "data-learner": s.name }, el("strong", {}, s.name), ` — ${s.lesson} / ${s.objective} `,
      el("span", { class: "stuck-min" }, `${s.minutes} min`))));
  if (!b.stuck.length) document.getElementById("stuck").replaceChildren(el("li", {}, `nobody for ${b.stuck_minutes}+ min`));

  document.getElementById("mistakes").replaceChildren(...b.mistakes.slice(0, 8).map((m) =>
    el("li", { "data-mistake": m.id }, el("strong", {}, m.id), ` (${m.lesson}) — ${m.learners}: `, m.names.join(", "))));
  if (!b.mistakes.length) document.getElementById("mistakes").replaceChildren(el("li", {}, "none recognised"));

  const rates = [];
  for (const l of b.lessons) {
    if (!l.attempted) continue;
    rates.push(el("h3", {}, l.title));
    for (const o of l.objectives) {
      const pct = l.attempted ? (100 * o.passed) / l.attempted : 0;
      rates.push(el("div", { class: "rate", "data-rate": `${l.id}/${o.id}` },
        el("span", { title: o.id }, o.title),
        el("span", {}, `${o.passed}/${o.attempted}`),
        el("div", { class: "bar", style: null }, (() => { const s = el("span"); s.style.width = pct + "%"; return s; })())));
    }
  }
  document.getElementById("rates").replaceChildren(...rates);
}

function connect() {
  const conn = document.getElementById("conn");
  const source = new EventSource("/board/events?" + auth);
  source.addEventListener("board", (ev) => {
    board = JSON.parse(ev.data);
    conn.textContent = "live"; conn.className = "live";
    render();
  });
  source.onerror = () => { conn.textContent = "reconnecting…"; conn.className = "down"; };
}

async function openTimeline(id) {
  const r = await fetch(`/board/learner/${encodeURIComponent(id)}?` + auth);
  const t = await r.json();
  document.getElementById("tl-name").textContent = `${t.name}: ${t.events.length} checks`;
  document.getElementById("tl-events").replaceChildren(...t.events.slice().reverse().map((e) =>
    el("li", {}, `${time(e.at)} ${e.lesson} — ${e.passed}/${e.total} met`,
      e.unmet.length ? `; still: ${e.unmet.join(", ")}` : "",
      e.mistakes.length ? `; mistake: ${e.mistakes.join(", ")}` : "",
      e.hints ? `; ${e.hints} hint(s)` : "")));
  const d = document.getElementById("timeline");
  if (!d.open) d.showModal();
}

function openLessons() {
  const b = board;
  if (!b) return;
  document.getElementById("lesson-list").replaceChildren(...b.catalog.map((l) =>
    el("label", {}, (() => { const c = el("input", { type: "checkbox", value: l.id }); c.checked = l.chosen; return c; })(),
      ` ${l.title} (${l.id})`)));
  const sel = document.getElementById("announce");
  sel.replaceChildren(el("option", { value: "" }, "— none —"), ...b.catalog.map((l) => el("option", { value: l.id }, l.title)));
  sel.value = b.announced || "";
  document.getElementById("lessons-error").textContent = "";
  const d = document.getElementById("lessons");
  d.showModal();
  const first = d.querySelector("input");
  if (first) first.focus();
}

async function post(path, body) {
  const r = await fetch(path + "?" + auth, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error((await r.json()).error || r.statusText);
}

async function saveLessons() {
  const lessons = [...document.querySelectorAll("#lesson-list input:checked")].map((c) => c.value);
  const next = document.getElementById("announce").value || null;
  try {
    await post("/board/lessons", { lessons });
    await post("/board/announce", { lesson: next });
    document.getElementById("lessons").close();
  } catch (e) {
    document.getElementById("lessons-error").textContent = String(e.message || e);
  }
}

function move(step) {
  if (!board || !board.learners.length) return;
  const ids = board.learners.map((l) => l.id);
  const at = ids.indexOf(selected);
  selected = ids[Math.max(0, Math.min(ids.length - 1, at < 0 ? 0 : at + step))];
  render();
  const row = document.querySelector(`tr[data-id="${selected}"]`);
  if (row) row.scrollIntoView({ block: "nearest" });
}

document.addEventListener("keydown", (e) => {
  if (document.querySelector("dialog[open]")) return; // dialogs keep their own keys (Esc closes)
  if (e.key === "ArrowDown" || e.key === "j") { move(1); e.preventDefault(); }
  else if (e.key === "ArrowUp" || e.key === "k") { move(-1); e.preventDefault(); }
  else if (e.key === "Enter" && selected !== null) { openTimeline(selected); e.preventDefault(); }
  else if (e.key === "l" || e.key === "L" || e.key === "n" || e.key === "N") { openLessons(); e.preventDefault(); }
  else if (e.key === "+" || e.key === "=") { fontSize += 2; document.documentElement.style.fontSize = fontSize + "px"; }
  else if (e.key === "-") { fontSize = Math.max(12, fontSize - 2); document.documentElement.style.fontSize = fontSize + "px"; }
});
document.getElementById("save").addEventListener("click", saveLessons);
document.getElementById("cancel").addEventListener("click", () => document.getElementById("lessons").close());
document.getElementById("grid").addEventListener("click", (e) => {
  const row = e.target.closest("tr[data-id]");
  if (row) { selected = Number(row.dataset.id); render(); openTimeline(selected); }
});
connect();
