// Shared by report.html and diff.html: DOM helpers, number formatting, tables and SVG charts.
// Everything from the data is put on the page as text (textContent, setAttribute), never as HTML,
// so no value in report.json can inject markup or script.
"use strict";

// The SVG namespace, taken from an element the HTML parser makes (the page holds no URL at all).
const SVG_NS = (() => {
  const holder = document.createElement("div");
  holder.innerHTML = "<svg></svg>";
  return holder.firstChild.namespaceURI;
})();

// Reads the JSON embedded in the page; null (and a message on the page) when it cannot.
function readEmbedded(id, root) {
  try {
    return JSON.parse(document.getElementById(id).textContent);
  } catch (e) {
    root.append(el("p", { class: "problem", role: "alert" },
      "The data embedded in this page cannot be read (" + e.message + "). Regenerate the page with credlex."));
    return null;
  }
}

// el("p", {class: "x"}, "text", childNode, ...): children that are strings become text nodes.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  appendAll(node, children);
  return node;
}
function svgEl(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  appendAll(node, children);
  return node;
}
function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null && v !== false) node.setAttribute(k, String(v));
  }
}
function appendAll(node, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Whole numbers with thousands separators ("12,345"); "—" when there is no number.
function fmt(n) {
  if (typeof n !== "number" || !isFinite(n)) return "—";
  const s = Math.abs(Math.round(n)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (n < 0 ? "-" : "") + s;
}
function num(n) { return typeof n === "number" && isFinite(n) ? n : 0; }
function list(a) { return Array.isArray(a) ? a : []; }
function text(s) { return s === undefined || s === null ? "" : String(s); }

// A table with a caption, column headers and the first column as row headers.
// columns: [{label, value: row => string|number|Node, num: bool}], empty: text when no rows.
function table(caption, columns, rows, opts) {
  opts = opts || {};
  const t = el("table", { "data-table": opts.id });
  t.append(el("caption", {}, caption));
  t.append(el("thead", {}, el("tr", {}, columns.map(c =>
    el("th", { scope: "col", class: c.num ? "num" : null }, c.label)))));
  const body = el("tbody");
  if (rows.length === 0) {
    body.append(el("tr", { class: "empty-row" }, el("td", { colspan: columns.length, class: "empty" }, opts.empty || "None.")));
  }
  for (const r of rows) {
    const tr = el("tr");
    columns.forEach((c, i) => {
      let v = c.value(r);
      if (typeof v === "number") v = fmt(v);
      const attrs = { class: [c.num ? "num" : "", c.nowrap ? "nowrap" : ""].join(" ").trim() || null };
      if (i === 0) attrs.scope = "row";
      tr.append(el(i === 0 ? "th" : "td", attrs, v));
    });
    body.append(tr);
  }
  t.append(body);
  return t;
}

function cut(s, n) { s = text(s); return s.length > n ? s.slice(0, n - 1) + "…" : s; }

// The axis runs to 4 equal whole-numbered steps (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a
// power of ten), at least max.
function niceMax(max) {
  const raw = Math.max(max, 1) / 4, p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const step = m * p;
    if (step >= raw && Number.isInteger(step)) return 4 * step;
  }
  return 40 * p;
}
function shortNum(n) {
  if (n >= 1e6) return (n / 1e6).toFixed(n % 1e6 === 0 ? 0 : 1) + "M";
  if (n >= 1e3) return (n / 1e3).toFixed(n % 1e3 === 0 ? 0 : 1) + "k";
  return fmt(n);
}

// A bar chart as inline SVG inside a <figure>, with a legend and the same data as a table.
// spec: {id, title, note, rows, label: row => text, series: [{name, value: row => number}],
//        horizontal: bool, unit: "days"}
// Each data row is one <g class="datum"> holding one <rect class="bar"> per series, with a
// <title> giving the exact numbers (shown on hover and read by screen readers).
function barChart(spec) {
  const rows = spec.rows, series = spec.series;
  const titleId = "chart-" + spec.id + "-title";
  const fig = el("figure", { "data-chart": spec.id });
  fig.append(el("figcaption", { id: titleId }, spec.title));
  if (spec.note) fig.append(el("p", { class: "note" }, spec.note));
  if (series.length > 1) {
    fig.append(el("ul", { class: "legend" }, series.map((s, i) =>
      el("li", {}, el("span", { class: "swatch s" + (i + 1), "aria-hidden": "true" }), s.name))));
  }
  const max = niceMax(Math.max(0, ...rows.flatMap(r => series.map(s => num(s.value(r))))));
  const svg = spec.horizontal ? horizontalBars(spec, rows, series, max) : verticalBars(spec, rows, series, max);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", titleId);
  fig.append(svg);
  const columns = [{ label: spec.labelHeader || "", value: r => spec.label(r) }]
    .concat(series.map(s => ({ label: s.name, num: true, value: r => num(s.value(r)) })));
  fig.append(el("details", { class: "chart-data" }, el("summary", {}, "The numbers of this chart"),
    table(spec.title, columns, rows, { empty: "No data." })));
  return fig;
}

function barTitle(spec, r, series) {
  return spec.label(r) + ": " + series.map(s => s.name + " " + fmt(num(s.value(r)))).join(", ");
}

function verticalBars(spec, rows, series, max) {
  const W = 560, H = 240, left = 50, right = 10, top = 16, bottom = 46;
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}` });
  const plotW = W - left - right, plotH = H - top - bottom;
  if (rows.length === 0) return emptyChart(svg, W, H);
  gridLines(svg, max, v => top + plotH - (v / max) * plotH, left, W - right, false);
  const slot = plotW / rows.length, gap = Math.min(12, slot * 0.2);
  const barW = Math.max(1, (slot - gap) / series.length);
  const labelEvery = Math.ceil(rows.length / Math.floor(plotW / 44));
  rows.forEach((r, i) => {
    const g = svgEl("g", { class: "datum", "data-label": spec.label(r) }, svgEl("title", {}, barTitle(spec, r, series)));
    series.forEach((s, j) => {
      const v = num(s.value(r)), h = (v / max) * plotH;
      g.append(svgEl("rect", { class: "bar s" + (j + 1 + (spec.colourOffset || 0)), "data-series": s.name, "data-value": v,
        x: (left + i * slot + gap / 2 + j * barW).toFixed(1), y: (top + plotH - h).toFixed(1),
        width: barW.toFixed(1), height: h.toFixed(1) }));
    });
    if (series.length === 1 && rows.length <= 12) {
      g.append(svgEl("text", { x: (left + i * slot + slot / 2).toFixed(1), y: (top + plotH - (num(series[0].value(r)) / max) * plotH - 3).toFixed(1),
        "text-anchor": "middle", "aria-hidden": "true" }, slot < 64 ? shortNum(num(series[0].value(r))) : fmt(num(series[0].value(r)))));
    }
    if (i % labelEvery === 0) {
      g.append(svgEl("text", { x: (left + i * slot + slot / 2).toFixed(1), y: H - bottom + 16, "text-anchor": "middle", "aria-hidden": "true" },
        cut(spec.label(r), Math.max(6, Math.floor(slot / 7)))));
    }
    svg.append(g);
  });
  svg.append(svgEl("line", { class: "axis", x1: left, x2: W - right, y1: top + plotH, y2: top + plotH }));
  if (spec.axisLabel) svg.append(svgEl("text", { x: left + plotW / 2, y: H - 6, "text-anchor": "middle", "aria-hidden": "true" }, spec.axisLabel));
  return svg;
}

function horizontalBars(spec, rows, series, max) {
  const W = 560, left = 170, right = 64, top = 8, rowH = 16 * series.length + 8, bottom = 24;
  const H = top + Math.max(1, rows.length) * rowH + bottom;
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}` });
  const plotW = W - left - right;
  if (rows.length === 0) return emptyChart(svg, W, H);
  gridLines(svg, max, v => left + (v / max) * plotW, top, H - bottom, true);
  rows.forEach((r, i) => {
    const y0 = top + i * rowH + 4;
    const g = svgEl("g", { class: "datum", "data-label": spec.label(r) }, svgEl("title", {}, barTitle(spec, r, series)));
    g.append(svgEl("text", { x: left - 6, y: y0 + (rowH - 8) / 2 + 4, "text-anchor": "end", "aria-hidden": "true" }, cut(spec.label(r), 26)));
    series.forEach((s, j) => {
      const v = num(s.value(r)), w = (v / max) * plotW;
      g.append(svgEl("rect", { class: "bar s" + (j + 1 + (spec.colourOffset || 0)), "data-series": s.name, "data-value": v,
        x: left, y: y0 + j * 16, width: w.toFixed(1), height: 14 }));
      g.append(svgEl("text", { x: (left + w + 4).toFixed(1), y: y0 + j * 16 + 11, "aria-hidden": "true" }, fmt(v)));
    });
    svg.append(g);
  });
  svg.append(svgEl("line", { class: "axis", x1: left, x2: left, y1: top, y2: H - bottom }));
  return svg;
}

function gridLines(svg, max, pos, from, to, vertical) {
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4, p = pos(v).toFixed(1);
    if (vertical) {
      svg.append(svgEl("line", { class: "grid", x1: p, x2: p, y1: from, y2: to }));
      svg.append(svgEl("text", { x: p, y: to + 15, "text-anchor": "middle", "aria-hidden": "true" }, shortNum(v)));
    } else {
      svg.append(svgEl("line", { class: "grid", x1: from, x2: to, y1: p, y2: p }));
      svg.append(svgEl("text", { x: from - 6, y: (+p + 4).toFixed(1), "text-anchor": "end", "aria-hidden": "true" }, shortNum(v)));
    }
  }
}

function emptyChart(svg, W, H) {
  svg.append(svgEl("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "No data."));
  return svg;
}

function section(id, heading, ...children) {
  return el("section", { id, "aria-labelledby": id + "-h" }, el("h2", { id: id + "-h" }, heading), children);
}

// Printing shows the explanations and problem lists: they are opened first. A chart's own table
// stays closed (the chart shows its numbers, and the tables below repeat them).
window.addEventListener("beforeprint", () => {
  for (const d of document.querySelectorAll("details:not(.chart-data)")) d.open = true;
});
