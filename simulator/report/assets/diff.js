// diff.html: renders the diff.json embedded in the page (see simulator/report/README.md): two
// reports on one population side by side, every metric with its change, and the entities whose
// outcome changed.
"use strict";

const CHANGE_KINDS = {
  "newly punished": "Punished under the new version, not punished at all under the old one.",
  "no longer punished": "Punished under the old version, not punished at all under the new one.",
  "punished longer": "Punished under both, with more punishment-days under the new version.",
  "punished shorter": "Punished under both, with fewer punishment-days under the new version.",
  "different measures": "Punished under both, for as many days, but with different lists or measures.",
};

const DIFF_HEADLINE = [
  ["entities", "Entities"],
  ["entities_punished", "Entities punished"],
  ["punishment_days", "Punishment-days"],
  ["excess_days", "Excess days"],
  ["entity_days_in_excess", "Entity-days in excess"],
  ["findings", "Findings"],
];

// "+12", "-3", "0"; and the change in percent of the old value ("+4.5%"), "new" when old is 0.
function change(o, n) {
  const d = num(n) - num(o);
  return (d > 0 ? "+" : "") + fmt(d);
}
function percent(o, n) {
  o = num(o); n = num(n);
  if (o === 0) return n === 0 ? "0%" : "new";
  if (n === o) return "0%";
  const p = ((n - o) / o) * 100;
  return (p > 0 ? "+" : "") + p.toFixed(1) + "%";
}
function changeCell(o, n) {
  const d = num(n) - num(o);
  return el("span", { class: d > 0 ? "up" : d < 0 ? "down" : null }, change(o, n));
}

// Old and new rows matched by key, in the old order, then rows only in the new report.
function pair(oldRows, newRows, key) {
  const out = [], seen = new Map();
  for (const r of list(oldRows)) { const p = { key: text(r[key]), old: r, new: null }; seen.set(p.key, p); out.push(p); }
  for (const r of list(newRows)) {
    const p = seen.get(text(r[key]));
    if (p) p.new = r; else out.push({ key: text(r[key]), old: null, new: r });
  }
  return out;
}
// Columns "<label> old / new / change / change %" for a field of paired rows.
function compared(label, field) {
  const v = (r, side) => num(r[side] ? r[side][field] : 0);
  return [
    { label: label + " (old)", num: true, value: p => v(p, "old") },
    { label: label + " (new)", num: true, value: p => v(p, "new") },
    { label: "change", num: true, value: p => changeCell(v(p, "old"), v(p, "new")) },
    { label: "change %", num: true, value: p => percent(v(p, "old"), v(p, "new")) },
  ];
}

function facts(label, o, n) {
  return el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, o), el("td", {}, n));
}

function renderDiff(root, d) {
  if (!d || d.credlex_diff !== 1) {
    root.append(el("p", { class: "problem", role: "alert" }, "This page holds no credlex comparison (credlex_diff: 1 expected)."));
    return;
  }
  const o = d.old || {}, n = d.new || {};
  const op = o.policy || {}, np = n.policy || {}, om = o.metrics || {}, nm = n.metrics || {};
  const ch = d.changes || {};
  document.title = "credlex comparison — " + text(op.name) + " " + text(op.version) + " → " + text(np.version);

  root.append(el("header", {},
    el("h1", {}, "Comparison: " + text(op.name) + " " + text(op.version) + " → " +
      (text(np.name) === text(op.name) ? "" : text(np.name) + " ") + text(np.version)),
    el("p", { class: "subtitle" }, (text(op.title) || text(op.name)) + (text(np.title) && np.title !== op.title ? " and " + text(np.title) : "") +
      ": the same population replayed through two policies (or two versions of one), and what changed for the people and companies in it."),
    el("table", { "data-table": "sources" },
      el("caption", {}, "What was compared"),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, ""), el("th", { scope: "col" }, "Old"), el("th", { scope: "col" }, "New"))),
      el("tbody", {},
        facts("Policy", text(op.name) + " " + text(op.version), text(np.name) + " " + text(np.version)),
        facts("Policy file", text(op.file), text(np.file)),
        facts("Policy text SHA-256", el("span", { class: "mono" }, text(op.sha256)), el("span", { class: "mono" }, text(np.sha256))),
        facts("Population", text((o.population || {}).path), text((n.population || {}).path)),
        facts("Window", text((o.window || {}).from) + " to " + text((o.window || {}).to), text((n.window || {}).from) + " to " + text((n.window || {}).to)),
        facts("Run", "credlex " + text((o.run || {}).credlex_version) + ", " + text((o.run || {}).backend),
          "credlex " + text((n.run || {}).credlex_version) + ", " + text((n.run || {}).backend))))));

  root.append(section("how-to-read", "How to read this comparison",
    el("ul", {},
      el("li", {}, el("strong", {}, "Old"), " and ", el("strong", {}, "new"), " are the two reports; ", el("strong", {}, "change"),
        " is new minus old (a positive change means more under the new version) and ", el("strong", {}, "change %"),
        " is that change as a percentage of the old value (“new” when the old value is 0)."),
      el("li", {}, el("strong", {}, "Punishment-days"), " count one measure on one entity for one day as one; ", el("strong", {}, "excess days"),
        " are the punishment-days beyond what the legal limits allow; a ", el("strong", {}, "finding"),
        " is one case of a timeline breaking a limit. The single reports explain each number in full."),
      el("li", {}, "An entity’s ", el("strong", {}, "outcome changed"), " when its lists, measures or their days differ between the two runs; " +
        "each such entity is counted once, under the kind of change described below."))));

  root.append(section("headline", "Headline numbers",
    table("Headline numbers, old and new", [
      { label: "Number", value: r => r[1] },
      { label: "Old", num: true, value: r => el("span", { "data-metric": r[0], "data-side": "old" }, fmt(om[r[0]])) },
      { label: "New", num: true, value: r => el("span", { "data-metric": r[0], "data-side": "new" }, fmt(nm[r[0]])) },
      { label: "Change", num: true, value: r => changeCell(om[r[0]], nm[r[0]]) },
      { label: "Change %", num: true, value: r => percent(om[r[0]], nm[r[0]]) },
    ], DIFF_HEADLINE, { id: "headline" })));

  const kinds = list(ch.by_kind);
  root.append(section("changed", "Entities whose outcome changed",
    el("p", {}, el("span", { "data-metric": "entities_changed" }, fmt(num(ch.entities_changed))), " of " + fmt(num(om.entities)) +
      " entities have a different outcome under the new version."),
    el("div", { class: "charts" },
      barChart({ id: "changes", title: "Entities by kind of change", labelHeader: "Change", horizontal: true, colourOffset: 2,
        rows: kinds, label: r => text(r.change), series: [{ name: "Entities", value: r => r.entities }] }),
      el("div", {}, table("Entities by kind of change", [
        { label: "Change", value: r => text(r.change) },
        { label: "What it means", value: r => CHANGE_KINDS[r.change] || "" },
        { label: "Entities", num: true, value: r => num(r.entities) },
      ], kinds, { id: "changes", empty: "No entity has a different outcome." })))));

  root.append(section("kinds", "Findings by kind",
    table("Findings by kind, old and new", [{ label: "Kind", value: p => el("code", {}, p.key) }]
      .concat(compared("Findings", "findings"), compared("Excess days", "excess_days")),
      pair(om.by_kind, nm.by_kind, "kind"), { id: "by_kind" })));

  root.append(section("breakdowns", "Who and what",
    table("By measure, old and new", [{ label: "Measure", value: p => el("code", {}, p.key) }]
      .concat(compared("Punishment-days", "punishment_days"), compared("Excess days", "excess_days")),
      pair(om.by_measure, nm.by_measure, "measure"), { id: "by_measure" }),
    table("By authority, old and new", [{ label: "Authority", value: p => p.key }]
      .concat(compared("Findings", "findings"), compared("Excess days", "excess_days")),
      pair(om.by_authority, nm.by_authority, "authority"), { id: "by_authority" }),
    table("By kind of entity, old and new", [{ label: "Entity kind", value: p => p.key }]
      .concat(compared("Punished", "punished"), compared("Findings", "findings")),
      pair(om.by_entity_kind, nm.by_entity_kind, "kind"), { id: "by_entity_kind" }),
    table("By year, old and new", [{ label: "Year", value: p => p.key }]
      .concat(compared("Punishment-days", "punishment_days"), compared("Excess days", "excess_days")),
      pair(om.by_year, nm.by_year, "year"), { id: "by_year" })));

  const examples = list(d.examples);
  root.append(section("examples", "Example entities",
    el("p", {}, "Entities whose outcome changed, " + examples.length + " in all, with what each version did and why."),
    table("Example entities whose outcome changed", [
      { label: "Entity", value: e => el("code", {}, text(e.entity)) },
      { label: "Change", value: e => text(e.change) },
      { label: "Old version", value: e => chain(e.old) },
      { label: "New version", value: e => chain(e.new) },
    ], examples, { id: "examples", empty: "No examples." })));

  root.append(el("footer", {}, "Generated by credlex " + text((n.run || {}).credlex_version) + " from diff.json. " +
    "This page is self-contained: it loads nothing from the network."));
}

function chain(lines) {
  lines = list(lines);
  if (lines.length === 0) return el("span", { class: "muted" }, "not punished");
  return el("ol", { class: "chain" }, lines.map(l => el("li", {}, text(l))));
}

(function () {
  const root = document.getElementById("report");
  const data = readEmbedded("report-data", root);
  if (data) renderDiff(root, data);
})();
