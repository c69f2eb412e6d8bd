// The report's charts, one function per section, each drawing with Chart.js from DATA. Only function
// declarations: this file is placed before report.js in the page's script, which defines the helpers
// these use and calls them once everything is defined.
"use strict";

// ---- shapes ----------------------------------------------------------------------------------------

function buildShapes(root) {
  const f = DATA.functions;
  if (!f.series.length) { root.append(el("p", { class: "empty", text: "No function to draw yet." })); return; }
  let colourIndex = 0;
  for (const s of f.series) {
    s.colour = s.baseline ? baselineColour.get(s.label) || "#777" : PALETTE[colourIndex++ % PALETTE.length];
  }
  const anyLearned = f.series.some((s) => s.phi_learned);
  root.append(note(`The ${f.series.filter((s) => !s.baseline).length} best-ranked functions (solid) over the baselines ` +
                   "(dashed), at their initial constants" +
                   (anyLearned ? "; dotted: at the constants training learned (mean over layers and seeds)." : ".") +
                   " Tick a function to show or hide it in both plots."));
  const toggles = el("div", { class: "toggles", id: "phi-toggles" });
  const learnedToggle = el("input", { type: "checkbox", id: "phi-learned", checked: anyLearned });
  root.append(toggles);
  if (anyLearned) root.append(el("div", { class: "toggles" }, el("label", {}, learnedToggle, " show learned constants (dotted)")));

  const datasets = (key) => {
    const out = [];
    for (const s of f.series) {
      const points = (values) => f.x.map((x, i) => ({ x, y: values[i] }));
      out.push({ label: s.label, data: points(s[key]), borderColor: s.colour, backgroundColor: s.colour,
                 borderDash: s.baseline ? [6, 4] : [], borderWidth: s.baseline ? 1.6 : 2.2, pointRadius: 0,
                 seriesId: s.id, learned: false });
      if (s[`${key}_learned`]) {
        out.push({ label: `${s.label} (learned)`, data: points(s[`${key}_learned`]), borderColor: s.colour,
                   backgroundColor: s.colour, borderDash: [2, 3], borderWidth: 1.8, pointRadius: 0,
                   seriesId: s.id, learned: true });
      }
    }
    return out;
  };
  const options = (title, yMin, yMax) => ({
    parsing: false, normalized: true, spanGaps: false,
    interaction: { mode: "nearest", intersect: false },
    plugins: { legend: { display: false }, title: { display: true, text: title } },
    scales: { x: { type: "linear", min: f.x[0], max: f.x[f.x.length - 1], title: axisTitle("x") },
              y: { min: yMin, max: yMax } },
  });
  const [box1, c1] = canvasBox(true), [box2, c2] = canvasBox(true);
  root.append(el("div", { class: "row2" }, box1, box2));
  const phi = chart("phi", c1, { type: "line", data: { datasets: datasets("phi") }, options: options("φ(x)", -2, 5) });
  const dphi = chart("dphi", c2, { type: "line", data: { datasets: datasets("dphi") }, options: options("φ′(x)", -1, 2) });

  const visible = new Map(f.series.map((s) => [s.id, true]));
  const apply = () => {
    for (const c of [phi, dphi]) {
      c.data.datasets.forEach((d, i) => c.setDatasetVisibility(i, visible.get(d.seriesId) && (!d.learned || learnedToggle.checked)));
      c.update();
    }
  };
  for (const s of f.series) {
    const box = el("input", { type: "checkbox", checked: true, "data-series": s.id });
    box.addEventListener("change", () => { visible.set(s.id, box.checked); apply(); });
    const learned = s.learned ? ` (learned ${s.learned.map((v) => +v.toPrecision(4)).join(", ")})` : "";
    toggles.append(el("label", { title: s.label + learned }, box,
                      el("span", { class: "swatch", style: `background:${s.colour}` }),
                      s.label.length > 46 ? s.label.slice(0, 44) + "…" : s.label));
  }
  learnedToggle.addEventListener("change", apply);
  apply();
}

// ---- progress, ladder ------------------------------------------------------------------------------

function stageName(stage, final) {
  return final ? `final round (stage ${stage})` : `rung ${stage + 1} (stage ${stage})`;
}

function buildProgress(root) {
  const p = DATA.progress;
  if (!p.length) { root.append(el("p", { class: "empty", text: "No training has finished yet." })); return; }
  root.append(note("Best single-run validation accuracy so far against the number of trainings, per rung, in the " +
                   "order the runs finished. (The surrogate's predicted-vs-observed plot appears once a campaign uses " +
                   "a surrogate strategy.)"));
  const [box, canvas] = canvasBox();
  root.append(box);
  chart("progress", canvas, {
    type: "line",
    data: { datasets: p.map((s, i) => ({
      label: stageName(s.stage, s.final), data: s.trainings.map((x, k) => ({ x, y: s.best[k] })), stepped: "before",
      borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length], pointRadius: 2 })) },
    options: { parsing: false, scales: { x: { type: "linear", title: axisTitle("trainings at this rung") },
                                        y: { title: axisTitle("best validation accuracy so far") } } },
  });
}

function buildLadder(root) {
  const l = DATA.ladder;
  if (!l.stages.length) { root.append(el("p", { class: "empty", text: "No baseline has finished a run yet." })); return; }
  const names = Object.keys(l.stages[l.stages.length - 1].means)
    .sort((a, b) => l.stages[l.stages.length - 1].means[b] - l.stages[l.stages.length - 1].means[a]);
  root.append(note("Mean validation accuracy of each baseline at each stage, and Kendall's τ between the stage's " +
                   `ranking of the baselines and stage ${l.reference_stage}'s. A first rung that ranks the baselines ` +
                   "unlike the full budget steers the search towards the wrong shapes."));
  const table = el("table", {}, el("thead", {}, el("tr", {}, el("th", { text: "stage" }), el("th", { class: "num", text: "examples" }),
    el("th", { class: "num", text: "epochs" }), names.map((n) => el("th", { class: "num", text: n })), el("th", { class: "num", text: "Kendall τ" }))));
  const body = el("tbody");
  for (const s of l.stages) {
    body.append(el("tr", {}, el("td", { text: stageName(s.stage, s.final) }), el("td", { class: "num", text: examples(s.train_examples) }),
      el("td", { class: "num", text: s.epochs }), names.map((n) => el("td", { class: "num", text: fixed(s.means[n], 4) })),
      el("td", { class: "num", text: signed(s.tau, 2) })));
  }
  table.append(body);
  const [box, canvas] = canvasBox();
  root.append(el("div", { class: "row2" }, el("div", {}, table), box));
  chart("ladder", canvas, {
    type: "line",
    data: { labels: l.stages.map((s) => `stage ${s.stage}`),
            datasets: names.map((n) => ({ label: n, data: l.stages.map((s) => s.means[n] ?? null),
                                         borderColor: baselineColour.get(n) || "#777", backgroundColor: baselineColour.get(n) || "#777",
                                         pointRadius: 4, borderWidth: 2 })) },
    options: { plugins: { title: { display: true, text: "baselines' mean validation accuracy per stage" } },
               scales: { y: { title: axisTitle("validation accuracy") } } },
  });
}

// ---- forest, pareto, curves ------------------------------------------------------------------------

function buildForest(root) {
  const fo = DATA.forest;
  if (!fo.items.length || !fo.references.length) {
    root.append(el("p", { class: "empty", text: "No finalist yet (the final round has not run)." }));
    return;
  }
  if (fo.finalists > fo.items.length) root.append(note(`The best ${fo.items.length} of the ${count(fo.finalists)} finalists.`));
  root.append(note(`Each finalist's mean paired difference in validation accuracy (point) and its 95% interval (bar) ` +
                   `against ${fo.references.join(", ")}, over the final round's shared seeds. An interval clear of ` +
                   "zero is a difference the seeds support."));
  const labels = fo.items.map((it) => (it.label.length > 48 ? it.label.slice(0, 46) + "…" : it.label));
  const datasets = [];
  fo.references.forEach((ref, k) => {
    const colour = PALETTE[k % PALETTE.length];
    datasets.push({ type: "bar", label: `vs ${ref} (95% interval)`, backgroundColor: colour + "40", borderColor: colour,
                    borderWidth: 1, barPercentage: 0.8, categoryPercentage: 0.75,
                    data: fo.items.map((it) => { const d = it.deltas[ref]; return d && isNum(d[1]) ? [d[1], d[2]] : null; }) });
  });
  fo.references.forEach((ref, k) => {
    const colour = PALETTE[k % PALETTE.length];
    datasets.push({ type: "line", label: `vs ${ref}`, showLine: false, pointStyle: "rectRot", pointRadius: 6,
                    backgroundColor: colour, borderColor: "#fff",
                    data: fo.items.map((it) => { const d = it.deltas[ref]; return d && isNum(d[0]) ? d[0] : null; }) });
  });
  const [box, canvas] = canvasBox();
  box.style.height = `${Math.max(220, 90 + fo.items.length * (12 + 13 * fo.references.length))}px`;
  root.append(box);
  chart("forest", canvas, {
    type: "bar",
    data: { labels, datasets },
    options: {
      indexAxis: "y",
      plugins: { tooltip: { callbacks: { label: (ctx) => {
        const d = fo.items[ctx.dataIndex].deltas[fo.references[ctx.datasetIndex % fo.references.length]];
        return d ? `${ctx.dataset.label}: ${signed(d[0], 4)} [${signed(d[1], 4)}, ${signed(d[2], 4)}], ${d[3]} pairs` : "";
      } } } },
      scales: { x: { title: axisTitle("paired difference in validation accuracy"),
                     grid: { color: (ctx) => (ctx.tick && ctx.tick.value === 0 ? "#1d2430" : "#e6e9ef"),
                             lineWidth: (ctx) => (ctx.tick && ctx.tick.value === 0 ? 1.5 : 1) } },
                y: { ticks: { font: { family: "DejaVu Sans Mono, monospace", size: 11 } } } },
    },
  });
}

function buildPareto(root) {
  const pa = DATA.pareto;
  if (!pa.points.length) { root.append(el("p", { class: "empty", text: "No training has finished yet." })); return; }
  root.append(note(`Mean validation accuracy at stage ${pa.stage} (where every candidate had the same training) against ` +
                   "the number of nodes of the canonical expression. The line joins the Pareto front: no simpler " +
                   "function is as accurate."));
  const label = (id) => { const r = rowsById.get(id); return r ? (r.baseline ? `${r.baseline}` : `#${id} ${r.display}`) : `#${id}`; };
  const [box, canvas] = canvasBox(true);
  root.append(box);
  chart("pareto", canvas, {
    type: "scatter",
    data: { datasets: [
      { label: "Pareto front", type: "line", data: pa.front.map((p) => ({ x: p.x, y: p.y, id: p.id })), stepped: "after",
        borderColor: "#D55E00", backgroundColor: "#D55E00", pointRadius: 4, borderWidth: 2 },
      // Chart.js draws the first dataset on top: the front, then the baselines, over the candidates.
      { label: "baselines", data: pa.points.filter((p) => p.baseline).map((p) => ({ x: p.x, y: p.y, id: p.id })),
        backgroundColor: "#1d2430", borderColor: "#fff", pointStyle: "triangle", pointRadius: 7 },
      { label: "candidates", data: pa.points.filter((p) => !p.baseline).map((p) => ({ x: p.x, y: p.y, id: p.id })),
        backgroundColor: "#0072B266", pointRadius: 3 } ] },
    options: { parsing: false,
               plugins: { tooltip: { callbacks: { label: (ctx) => `${label(ctx.raw.id)}: ${fixed(ctx.raw.y, 4)}, ${ctx.raw.x} nodes` } } },
               scales: { x: { type: "linear", title: axisTitle("complexity (nodes)"), ticks: { precision: 0 },
                              min: pa.points.reduce((m, p) => Math.min(m, p.x), Infinity) - 0.5,
                              max: pa.points.reduce((m, p) => Math.max(m, p.x), -Infinity) + 0.5 },
                         y: { title: axisTitle("validation accuracy") } } },
  });
}

function buildCurves(root) {
  const cu = DATA.curves;
  if (!cu.series.length) { root.append(el("p", { class: "empty", text: "No run of the final round has finished yet." })); return; }
  root.append(note(`Per-epoch validation accuracy and loss at stage ${cu.stage}, mean over seeds: finalists (solid) ` +
                   "and baselines (dashed)."));
  let k = 0;
  const colours = cu.series.map((s) => (s.baseline ? baselineColour.get(s.label) || "#777" : PALETTE[k++ % PALETTE.length]));
  const datasets = (key) => cu.series.map((s, i) => ({
    label: s.label, data: s.epochs.map((x, j) => ({ x, y: s[key][j] })), borderColor: colours[i], backgroundColor: colours[i],
    borderDash: s.baseline ? [6, 4] : [], pointRadius: 2, borderWidth: 2 }));
  const options = (title, y) => ({ parsing: false,
    plugins: { title: { display: true, text: title }, legend: { position: "bottom", labels: { boxWidth: 18, font: { size: 11 } } } },
    scales: { x: { type: "linear", title: axisTitle("epoch"), ticks: { precision: 0 } }, y: { title: axisTitle(y) } } });
  const [box1, c1] = canvasBox(true), [box2, c2] = canvasBox(true);
  root.append(el("div", { class: "row2" }, box1, box2));
  chart("curves_accuracy", c1, { type: "line", data: { datasets: datasets("val_accuracy") }, options: options("validation accuracy", "accuracy") });
  chart("curves_loss", c2, { type: "line", data: { datasets: datasets("val_loss") }, options: options("validation loss", "cross-entropy") });
}
