// Builds the campaign report from the JSON in #report-data. Every chart is Chart.js (embedded above);
// this file and charts.js only arrange data, tables and controls. Sections that fail show their error in place and
// record it in window.actsearchReport.errors, so the rest of the report still renders.
"use strict";

const REPORT = (window.actsearchReport = { charts: {}, errors: [], timings: { script_start: Math.round(performance.now()) } });
const DATA = JSON.parse(document.getElementById("report-data").textContent);
REPORT.timings.parsed = Math.round(performance.now());
// The leaderboard travels as column names and one array per row (compact); the page reads objects.
DATA.leaderboard = DATA.leaderboard.rows.map((values) => {
  const row = Object.fromEntries(DATA.leaderboard.columns.map((name, i) => [name, values[i]]));
  row.display = row.display ?? row.expr;
  return row;
});
DATA.pareto.points = DATA.pareto.points.map(([x, y, id, baseline]) => ({ x, y, id, baseline: baseline === 1 }));

// Colour-blind-friendly, distinct on white (Okabe-Ito, then Tableau).
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B", "#1F3A93",
                 "#BCBD22", "#7F3C8D", "#17BECF", "#E15759"];
// Baselines: darker, muted and drawn dashed, distinct from each other.
const BASELINE_PALETTE = ["#3d3d3d", "#6a5acd", "#a0522d", "#2e8b57", "#b8860b", "#708090", "#c71585"];

Chart.defaults.animation = false;
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
Chart.defaults.font.size = 12;
Chart.defaults.color = "#3b4350";
Chart.defaults.maintainAspectRatio = false;

// ---- small helpers ---------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const isNum = (v) => typeof v === "number" && Number.isFinite(v);
const fixed = (v, d) => (isNum(v) ? v.toFixed(d) : "–");
const signed = (v, d) => (isNum(v) ? (v >= 0 ? "+" : "−") + Math.abs(v).toFixed(d) : "–");
const count = (n) => (isNum(n) ? n.toLocaleString("en-US") : "–");

function duration(seconds) {
  if (!isNum(seconds) || seconds < 0) return "–";
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

// "2026-12-01T19:39:22.838Z" -> "2026-12-01 19:39:22 UTC"
function when(iso) {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(iso || "");
  return m ? `${m[1]} ${m[2]} UTC` : iso || "–";
}

const examples = (n) => (n ? count(n) : "all");

function constantsText(constants) {
  return (constants || []).map((c) => `${c.name} = ${+c.value.toPrecision(6)}`).join(", ");
}

function section(id) {
  return document.querySelector(`#${id} .content`);
}

function note(text) {
  return el("p", { class: "note", text });
}

function canvasBox(tall) {
  const canvas = el("canvas");
  return [el("div", { class: tall ? "chartbox tall" : "chartbox" }, canvas), canvas];
}

function chart(name, canvas, config) {
  REPORT.charts[name] = new Chart(canvas, config);
  return REPORT.charts[name];
}

function guarded(id, build) {
  const start = performance.now();
  try {
    build(section(id));
    REPORT.timings[id] = Math.round(performance.now() - start);
  } catch (error) {
    REPORT.errors.push(`${id}: ${error && error.stack ? error.stack : error}`);
    section(id).append(el("p", { class: "empty", text: `This part of the report failed: ${error}` }));
  }
}

const rowsById = new Map(DATA.leaderboard.map((r) => [r.id, r]));
const baselineColour = new Map(DATA.campaign.baselines.map((b, i) => [b, BASELINE_PALETTE[i % BASELINE_PALETTE.length]]));

function axisTitle(text) {
  return { display: true, text };
}

// ---- header ----------------------------------------------------------------------------------------

function buildHeader() {
  const c = DATA.campaign;
  document.getElementById("top").append(
    el("h1", {}, `Campaign ${c.name}`, el("span", { class: `pill ${c.status}`, text: c.status })),
    el("div", { class: "sub" },
       `${c.database} · created ${when(c.created_at)} · last change ${when(c.updated_at)} · report generated ${DATA.generated_at}`));
  const toc = document.getElementById("toc");
  for (const s of document.querySelectorAll("main section")) {
    const title = s.querySelector("h2").textContent.split(":")[0].split("(")[0].trim();
    toc.append(el("a", { href: `#${s.id}`, text: title }));
  }
  document.getElementById("footer").append(
    `actsearch campaign report · charts by Chart.js ${Chart.version} · this file works offline`);
}

// ---- at a glance -----------------------------------------------------------------------------------

function buildGlance(root) {
  const c = DATA.campaign;
  const cfg = c.config;
  const card = (k, v, small) => el("div", { class: "card" }, el("div", { class: "k", text: k }),
                                   el("div", { class: "v" }, v, small ? el("small", {}, " ", small) : null));
  const rungs = (cfg.rungs || []).map((r) =>
    `${examples(r.train_examples)} ex × ${r.epochs || "task's"} ep × ${r.seeds} seed${r.seeds === 1 ? "" : "s"}`);
  const runs = c.evaluations_by_status;
  // Without a readable stored configuration the cards say so (the reason is under Configuration).
  const unknown = "not known", why = "the stored configuration could not be read; see Configuration below";
  const known = cfg.strategy !== undefined;
  const cards = el("div", { class: "cards" },
    known ? card("Strategy", cfg.strategy,
                 cfg.strategy === "list" ? `batch ${cfg.batch}` : `budget ${cfg.budget}, batch ${cfg.batch}`)
          : card("Strategy", unknown, why),
    known ? card("Space", cfg.space, isNum(cfg.space_size) && cfg.strategy !== "list" ? `${count(cfg.space_size)} members` : "")
          : card("Space", unknown, why),
    known ? card("Task", cfg.task) : card("Task", unknown, why),
    known ? card("Fidelity ladder", rungs.join(" → "), `then final: top ${cfg.final.top} × ${cfg.final.seeds} seeds`)
          : card("Fidelity ladder", unknown, why),
    card("Wall time", duration(c.wall_seconds), `${duration(c.training_seconds)} of training`),
    card("Backend", c.backends.length ? c.backends.join(", ") : "none yet",
         cfg.device ? `device: ${cfg.device}` : ""),
    card("Candidates", count(c.candidates), `${count((c.candidates_by_status || {}).rejected || 0)} rejected`),
    card("Evaluations", count(c.evaluations),
         `${count(runs.done || 0)} done · ${count(runs.diverged || 0)} diverged · ${count(runs.failed || 0)} failed`),
    card("Aliases", count(c.aliases), "other spellings merged into trained functions"),
    card("Equivalents", count(c.equivalents), "reflections −φ(x), φ(−x), −φ(−x) of trained functions, not trained again"),
    card("Baselines", c.baselines.join(", ") || "none"));
  root.append(cards);

  const outcome = el("table", {},
    el("thead", {}, el("tr", {}, el("th", { text: "candidates by outcome" }), el("th", { class: "num", text: "count" }))));
  const body = el("tbody");
  const order = ["final", "eliminated", "evaluated", "proposed", "rejected"];
  const statuses = Object.keys(c.candidates_by_status).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  for (const s of statuses) body.append(el("tr", {}, el("td", { text: s }), el("td", { class: "num", text: count(c.candidates_by_status[s]) })));
  for (const s of ["diverged", "failed", "queued", "running"]) {
    if (runs[s]) body.append(el("tr", {}, el("td", { text: `training runs ${s}` }), el("td", { class: "num", text: count(runs[s]) })));
  }
  outcome.append(body);

  const rejected = el("table", {},
    el("thead", {}, el("tr", {}, el("th", { text: "rejected before training, by probe" }), el("th", { class: "num", text: "candidates" }))));
  const rbody = el("tbody");
  const probes = Object.entries(c.rejected_by_probe).sort((a, b) => b[1] - a[1]);
  if (!probes.length) rbody.append(el("tr", {}, el("td", { class: "empty", text: "none rejected" }), el("td")));
  for (const [probe, n] of probes) rbody.append(el("tr", {}, el("td", {}, el("code", { text: probe })), el("td", { class: "num", text: count(n) })));
  rejected.append(rbody);
  root.append(el("div", { class: "row2", style: "margin-top:14px" }, outcome, rejected));

  const config = el("details", {}, el("summary", { text: "Campaign configuration (as stored)" }),
                    el("div", { class: "body" }, cfg.problem ? note(`Could not re-read it: ${cfg.problem}`) : null,
                       el("pre", { text: cfg.text })));
  root.append(config);
}

// ---- leaderboard -----------------------------------------------------------------------------------

function buildLeaderboard(root) {
  const rows = DATA.leaderboard;
  const baselines = DATA.campaign.baselines;
  const hasLearned = rows.some((r) => r.learned_nearest);
  const columns = [
    { key: "rank", label: "rank", num: true, value: (r) => r.rank },
    { key: "id", label: "id", num: true, value: (r) => r.id },
    { key: "function", label: "function", value: (r) => r.display, render: renderFunction, cls: "fn" },
    { key: "stage", label: "stage", num: true, value: (r) => r.stage },
    { key: "fitness", label: "fitness", num: true, value: (r) => r.fitness, render: (r) => fixed(r.fitness, 4) },
    { key: "mean", label: "val acc (95% CI)", num: true, value: (r) => r.mean,
      render: (r) => (isNum(r.ci_low) ? `${fixed(r.mean, 4)} ± ${fixed((r.ci_high - r.ci_low) / 2, 4)}`
                                      : isNum(r.mean) ? fixed(r.mean, 4) : "no finished run") },
    { key: "seeds", label: "seeds", num: true, value: (r) => r.seeds },
    ...baselines.map((b) => ({
      key: `delta:${b}`, label: `Δ vs ${b}`, num: true, value: (r) => (r.deltas[b] || [])[0],
      render: (r) => renderDelta(r.deltas[b]) })),
    { key: "test", label: "test acc", num: true, value: (r) => r.test_mean, render: (r) => fixed(r.test_mean, 4) },
    { key: "nearest", label: hasLearned ? "nearest known (learned)" : "nearest known", value: (r) => r.learned_nearest || r.nearest,
      render: renderNearest },
    { key: "complexity", label: "nodes", num: true, value: (r) => r.complexity },
    { key: "aliases", label: "aliases", num: true, value: (r) => r.aliases },
  ];

  let sortKey = null, sortDir = 1, shown = 200;
  const search = el("input", { type: "search", placeholder: "filter: function, nearest, baseline, id", id: "lb-filter" });
  const hideBaselines = el("input", { type: "checkbox", id: "lb-hide-baselines" });
  const finalOnly = el("input", { type: "checkbox", id: "lb-final-only" });
  const status = el("span", { class: "note", id: "lb-count" });
  root.append(el("div", { class: "controls" }, search,
                 el("label", {}, hideBaselines, " hide baselines"),
                 el("label", {}, finalOnly, " finalists only"), status));
  root.append(note("Ranked by the database's leaderboard: finalists (final round) above candidates eliminated at " +
                   "lower rungs, then by fitness. Intervals are 95% Student-t; Δ is the paired difference over the " +
                   "seeds both ran. Click a column to sort; click again to reverse; a third click restores the ranking."));

  const headRow = el("tr");
  const table = el("table", { class: "sortable", id: "leaderboard-table" }, el("thead", {}, headRow));
  const tbody = el("tbody");
  table.append(tbody);
  for (const col of columns) {
    const th = el("th", { class: col.num ? "num" : "", "data-key": col.key, text: col.label });
    th.addEventListener("click", () => {
      if (sortKey !== col.key) { sortKey = col.key; sortDir = 1; }
      else if (sortDir === 1) sortDir = -1;
      else { sortKey = null; }
      for (const other of headRow.children) other.removeAttribute("data-sort");
      if (sortKey) th.setAttribute("data-sort", sortDir === 1 ? "asc" : "desc");
      render();
    });
    headRow.append(th);
  }
  const more = el("button", { class: "more", id: "lb-more", onclick: () => { shown += 500; render(); } });
  root.append(el("div", { class: "tablewrap" }, table), more);

  function renderFunction(r) {
    const cell = [el("code", { text: r.display })];
    if (r.baseline) cell.push(el("span", { class: "tag", text: `baseline ${r.baseline}` }));
    if (r.final) cell.push(el("span", { class: "tag final", text: "final" }));
    if (r.constants.length) cell.push(el("span", { class: "consts", text: constantsText(r.constants) }));
    return r.detailed ? el("a", { href: `#candidate-${r.id}`, style: "color:inherit;text-decoration:none" }, cell) : cell;
  }
  function renderDelta(d) {
    if (!d || !isNum(d[0])) return "–";
    const text = isNum(d[1]) ? `${signed(d[0], 4)} ±${fixed((d[2] - d[1]) / 2, 4)}` : signed(d[0], 4);
    const cls = isNum(d[1]) && d[1] > 0 ? "pos" : isNum(d[2]) && d[2] < 0 ? "neg" : "";
    return el("span", { class: cls, title: `${d[3]} paired seeds`, text });
  }
  function renderNearest(r) {
    if (r.learned_nearest) return `${r.learned_nearest} (${fixed(r.learned_distance, 3)}; initial ${r.nearest} ${fixed(r.distance, 3)})`;
    return r.nearest ? `${r.nearest} (${fixed(r.distance, 3)})` : "–";
  }

  function visibleRows() {
    const q = search.value.trim().toLowerCase();
    let out = rows.filter((r) => {
      if (hideBaselines.checked && r.baseline) return false;
      if (finalOnly.checked && !r.final) return false;
      if (!q) return true;
      return [r.display, r.expr, r.nearest, r.learned_nearest, r.baseline, String(r.id)]
        .some((t) => t && String(t).toLowerCase().includes(q));
    });
    if (sortKey) {
      const col = columns.find((c) => c.key === sortKey);
      const missing = (v) => v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v));
      out = out.map((r, i) => [r, i]).sort(([a, i], [b, j]) => {
        const va = col.value(a), vb = col.value(b);
        if (missing(va) || missing(vb)) return missing(va) === missing(vb) ? i - j : missing(va) ? 1 : -1;
        const c = typeof va === "string" ? va.localeCompare(vb) : va - vb;
        return c !== 0 ? sortDir * c : i - j;
      }).map(([r]) => r);
    }
    return out;
  }

  function render() {
    const visible = visibleRows();
    tbody.replaceChildren(...visible.slice(0, shown).map((r) =>
      el("tr", { "data-id": r.id }, columns.map((col) => el("td", { class: (col.num ? "num " : "") + (col.cls || "") },
                                                             col.render ? col.render(r) : String(col.value(r)))))));
    status.textContent = `${count(visible.length)} of ${count(rows.length)} rows`;
    more.textContent = `show more (${count(visible.length - shown)} hidden)`;
    more.style.display = visible.length > shown ? "" : "none";
  }
  for (const control of [search, hideBaselines, finalOnly]) control.addEventListener("input", () => { shown = 200; render(); });
  render();
}

// ---- candidates ------------------------------------------------------------------------------------

function copyText(text, button) {
  const done = () => { button.textContent = "copied"; setTimeout(() => (button.textContent = "copy"), 1200); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, () => fallbackCopy(text) && done());
  } else if (fallbackCopy(text)) {
    done();
  }
}

function fallbackCopy(text) {
  const area = el("textarea", { style: "position:fixed;left:-9999px" });
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok;
}

function keyValueTable(title, pairs, digits) {
  const body = el("tbody", {}, pairs.map(([k, v]) => el("tr", {}, el("td", {}, el("code", { text: k })),
                                                      el("td", { class: "num", text: isNum(v) ? (+v.toPrecision(digits)).toString() : "–" }))));
  return el("div", {}, el("h3", { text: title }), el("table", {}, body));
}

function buildCandidates(root) {
  const details = DATA.details;
  if (!details.length) { root.append(el("p", { class: "empty", text: "No candidate stored yet." })); return; }
  root.append(note(`The ${details.length} best-ranked candidates and the baselines: probes, likeness to every known ` +
                   "activation (0 = the same shape up to the scalings neighbouring layers absorb), aliases, learned " +
                   "constants per layer, and the function as code."));
  details.forEach((d, index) => {
    const r = rowsById.get(d.id) || {};
    const summary = el("summary", {}, el("code", { text: d.display }),
                       r.baseline ? el("span", { class: "tag", text: `baseline ${r.baseline}` }) : null,
                       el("span", { class: "note", text: `   rank ${r.rank} · id ${d.id} · nearest known: ${d.nearest || "–"} (${fixed(d.distance, 3)})` }));
    const info = el("table", {}, el("tbody", {},
      [["canonical", d.expr], ["constants", constantsText(d.constants) || "none"], ["derivative", d.derivative || "–"],
       ["LaTeX", d.latex], ["fingerprint", d.fingerprint], ["nodes", String(d.complexity)]]
        .map(([k, v]) => el("tr", {}, el("td", { text: k }), el("td", { class: "fn" }, el("code", { text: v }))))));
    const aliases = el("div", {}, el("h3", { text: `aliases (${d.aliases.length})` }),
                       el("div", { class: "mono", style: "font-size:12px;line-height:1.6" }, d.aliases.join(" · ") || "–"));
    const parts = [el("div", { class: "grid3" }, el("div", {}, el("h3", { text: "function" }), info, aliases),
                      keyValueTable("stability probes", d.probes, 4),
                      keyValueTable("likeness to known activations (distance, nearest first)", d.likeness, 3))];
    if (d.learned) {
      const names = d.constants.map((c) => c.name);
      const head = el("tr", {}, el("th", { text: "layer" }), names.map((n) => el("th", { class: "num", text: n })));
      const body = el("tbody", {}, d.learned.per_layer.map((layer, i) =>
        el("tr", {}, el("td", { text: String(i + 1) }), layer.map((v) => el("td", { class: "num", text: fixed(v, 4) })))));
      parts.push(el("div", {}, el("h3", { text: `learned constants per layer (stage ${d.learned.stage}, mean of ${d.learned.seeds} run(s))` }),
                    el("table", { style: "width:auto" }, el("thead", {}, head), body)));
    }
    const exported = new Map(d.exports.map((e) => [e.target, e.code]));
    const targets = [...exported.keys()];
    if (targets.length) {
      const code = el("pre", { class: "export" });
      const copy = el("button", { class: "copy", text: "copy" });
      let current = targets[0];
      const tabs = el("div", { class: "tabs" });
      const show = (t) => {
        current = t;
        code.textContent = exported.get(t);
        for (const b of tabs.children) b.classList.toggle("on", b.dataset.target === t);
      };
      for (const t of targets) tabs.append(el("button", { "data-target": t, text: t, onclick: () => show(t) }));
      tabs.append(copy);
      copy.addEventListener("click", () => copyText(exported.get(current), copy));
      show(current);
      parts.push(el("div", {}, el("h3", { text: "export" }), tabs, code));
    }
    root.append(el("details", { id: `candidate-${d.id}`, open: index === 0 }, summary, el("div", { class: "body" }, parts)));
  });
}

// ---- assemble --------------------------------------------------------------------------------------

buildHeader();
guarded("glance", buildGlance);
guarded("leaderboard", buildLeaderboard);
guarded("shapes", buildShapes);
guarded("progress", buildProgress);
guarded("ladder", buildLadder);
guarded("forest", buildForest);
guarded("pareto", buildPareto);
guarded("curves", buildCurves);
guarded("candidates", buildCandidates);
REPORT.ready = true;
// Milliseconds from navigation start until the page was built (bench/report_bench reads it).
document.body.setAttribute("data-built-ms", performance.now().toFixed(0));
document.body.setAttribute("data-timings", JSON.stringify(REPORT.timings));
document.body.setAttribute("data-report-ready", REPORT.errors.length ? "with-errors" : "yes");
