// report.html: renders the report.json embedded in the page (see simulator/report/README.md).
"use strict";

// The eight kinds of finding (LANGUAGE.md §4), in the order report.json lists them, each in one
// sentence for a reader who knows the law but not credlex.
const FINDING_KINDS = {
  "no-basis": "A listing or measure was applied although the policy names no legal provision that authorises it.",
  "outweighs-conduct": "A measure is more severe than the seriousness of the conduct that caused it allows.",
  "over-duration": "A listing or measure lasted longer than the maximum period the law allows; the days beyond the maximum are excess days.",
  "restoration-delayed": "The entity was entitled to come off (its period had ended or it met the conditions for credit restoration) but stayed punished; the days it waited are excess days.",
  "stacking": "More measures applied to one entity at the same time, or for one piece of conduct, than the limits allow.",
  "collateral-reach": "A measure reached a related person or company (for example a defaulter's child) through a relationship the limits do not allow.",
  "minor-escalation": "Minor conduct led to listing, or to a measure more severe than the limits allow for minor conduct.",
  "scope-creep": "A local measure goes beyond the national basic list of punishment measures that it may only refine.",
};

const HEADLINE = [
  ["entities", "Entities", "People and organisations in the population that was replayed.", ""],
  ["entities_punished", "Entities punished", "Entities on at least one list or under at least one measure at some time in the window.", ""],
  ["punishment_days", "Punishment-days", "Days under a measure, added up over all entities and measures (two measures for 10 days = 20).", ""],
  ["excess_days", "Excess days", "Punishment-days beyond what the legal limits allow, added up over all findings.", "excess"],
  ["entity_days_in_excess", "Entity-days in excess", "Days on which an entity was punished beyond the limits, each entity-day counted once however many findings cover it.", "excess"],
  ["findings", "Findings", "Cases where an entity's timeline breaks a legal limit or principle.", "excess"],
];

function renderReport(root, r) {
  if (!r || r.credlex_report !== 1) {
    root.append(el("p", { class: "problem", role: "alert" }, "This page holds no credlex report (credlex_report: 1 expected)."));
    return;
  }
  const policy = r.policy || {}, pop = r.population || {}, win = r.window || {}, run = r.run || {};
  const m = r.metrics || {};
  document.title = "credlex report — " + (text(policy.title) || text(policy.name));

  root.append(el("header", {},
    el("h1", {}, "Proportionality report: " + (text(policy.title) || text(policy.name))),
    el("p", { class: "subtitle" }, "What the policy did to a population of " + fmt(num(pop.entities)) +
      " entities from " + text(win.from) + " to " + text(win.to) + ", and where it went beyond its legal limits."),
    el("dl", { class: "facts" },
      el("dt", {}, "Policy"), el("dd", {}, el("code", {}, text(policy.name)), " version " + text(policy.version) + " — ", el("code", {}, text(policy.file))),
      el("dt", {}, "Policy text SHA-256"), el("dd", { class: "mono" }, text(policy.sha256)),
      el("dt", {}, "Population"), el("dd", {}, el("code", {}, text(pop.path)), ": " + fmt(num(pop.entities)) + " entities, " +
        fmt(num(pop.events)) + " events, " + fmt(num(pop.relations)) + " relations, " + fmt(num(pop.rows_skipped)) + " rows skipped"),
      el("dt", {}, "Window"), el("dd", {}, "from " + text(win.from) + " to " + text(win.to)),
      el("dt", {}, "Run"), el("dd", {}, "credlex " + text(run.credlex_version) + ", " + text(run.backend) + " backend, " +
        fmt(num(run.threads)) + " threads, " + (typeof run.seconds === "number" ? run.seconds.toFixed(2) : "—") + " s"))));

  root.append(section("how-to-read", "How to read this report",
    el("p", {}, "credlex replayed the recorded events of every entity (person or organisation) through the policy, day by day, " +
      "which gives each entity a timeline: the lists it was on and the measures it was under, from which day to which day. " +
      "It then held each timeline against the policy's legal limits (maximum periods, restoration rules, the national basic list) " +
      "and against the principle that every punishment needs a legal basis and must be proportionate."),
    el("ul", {},
      el("li", {}, el("strong", {}, "Punishment-days"), " count how much punishment was applied: one measure on one entity for one day is one punishment-day. " +
        "An entity under three measures for a year contributes about 1,095 punishment-days."),
      el("li", {}, el("strong", {}, "Excess days"), " count the part of that punishment the limits do not allow: the days a measure ran beyond its legal maximum, " +
        "or the days an entity stayed punished after it was entitled to come off. Some findings (for example a measure without a legal basis " +
        "that the limits give no period for) have no excess days but still count as findings."),
      el("li", {}, el("strong", {}, "A finding"), " is one case of a timeline breaking a limit or a principle, for one entity and one list or measure. " +
        "Each finding names the entity, the measure, the days, the legal provisions involved and the steps that led to it (the explanation chain)."),
      el("li", {}, "Dates are calendar days. Only days inside the window count. Every number on this page is read from the report.json file " +
        "written by the same run, which this page carries inside it; it works without a network connection.")),
    el("p", { class: "muted" }, "The exact counting rules for each number are in credlex's simulator/findings/README.md and simulator/report/README.md.")));

  root.append(section("headline", "Headline numbers",
    el("dl", { class: "metrics" }, HEADLINE.map(([key, label, def, cls]) =>
      el("div", { class: "metric " + cls },
        el("dt", {}, label),
        el("dd", {}, el("span", { class: "value", "data-metric": key }, fmt(m[key])), el("span", { class: "definition" }, def)))))));

  const byYear = list(m.by_year), byKind = list(m.by_kind), dist = list(m.excess_distribution);
  const topMeasures = list(m.by_measure).slice().sort((a, b) => num(b.punishment_days) - num(a.punishment_days)).slice(0, 10);
  root.append(section("charts", "Charts",
    el("div", { class: "charts" },
      barChart({ id: "punishment_by_year", title: "Punishment-days by year", labelHeader: "Year",
        note: "Punishment-days in each calendar year (a measure running over two years counts its days in each).",
        rows: byYear, label: r => text(r.year), series: [{ name: "Punishment-days", value: r => r.punishment_days }] }),
      barChart({ id: "excess_by_year", title: "Excess days by year", labelHeader: "Year", colourOffset: 1,
        note: "Excess days in each calendar year, on their own scale (they are a small part of the punishment-days).",
        rows: byYear, label: r => text(r.year), series: [{ name: "Excess days", value: r => r.excess_days }] }),
      barChart({ id: "by_kind", title: "Findings by kind", labelHeader: "Kind", horizontal: true, colourOffset: 1,
        note: "Number of findings of each kind; the kinds are explained under “Findings by kind”.",
        rows: byKind, label: r => text(r.kind), series: [{ name: "Findings", value: r => r.findings }] }),
      barChart({ id: "excess_distribution", title: "How long the excesses were", labelHeader: "Excess of a finding", colourOffset: 1,
        note: "Findings with excess days, grouped by how many excess days each one has.", axisLabel: "excess days of one finding",
        rows: dist, label: r => text(r.label), series: [{ name: "Findings", value: r => r.findings }] }),
      barChart({ id: "top_measures", title: "Measures with the most punishment-days", labelHeader: "Measure", horizontal: true,
        note: "The " + topMeasures.length + " measures with the most punishment-days, largest first.",
        rows: topMeasures, label: r => text(r.measure), series: [{ name: "Punishment-days", value: r => r.punishment_days }] }))));

  root.append(section("kinds", "Findings by kind",
    table("Findings by kind: how many, for how many entities, and their excess days", [
      { label: "Kind", nowrap: true, value: r => el("code", {}, text(r.kind)) },
      { label: "What it means", value: r => FINDING_KINDS[r.kind] || "" },
      { label: "Findings", num: true, value: r => num(r.findings) },
      { label: "Entities", num: true, value: r => num(r.entities) },
      { label: "Excess days", num: true, value: r => num(r.excess_days) },
    ], byKind, { id: "by_kind" })));

  root.append(section("breakdowns", "Who and what",
    table("By measure: entities under it, punishment-days, findings and excess days", [
      { label: "Measure", value: r => el("span", {}, el("code", {}, text(r.measure)), el("br"), text(r.title)) },
      { label: "Authority", value: r => text(r.authority) },
      { label: "Entities", num: true, value: r => num(r.entities) },
      { label: "Punishment-days", num: true, value: r => num(r.punishment_days) },
      { label: "Findings", num: true, value: r => num(r.findings) },
      { label: "Excess days", num: true, value: r => num(r.excess_days) },
    ], list(m.by_measure), { id: "by_measure" }),
    table("By authority (the body that imposes the measure): findings and excess days", [
      { label: "Authority", value: r => text(r.authority) },
      { label: "Findings", num: true, value: r => num(r.findings) },
      { label: "Excess days", num: true, value: r => num(r.excess_days) },
    ], list(m.by_authority), { id: "by_authority" }),
    table("By kind of entity: how many, how many punished, findings", [
      { label: "Entity kind", value: r => text(r.kind) },
      { label: "Entities", num: true, value: r => num(r.entities) },
      { label: "Punished", num: true, value: r => num(r.punished) },
      { label: "Findings", num: true, value: r => num(r.findings) },
    ], list(m.by_entity_kind), { id: "by_entity_kind" }),
    table("By year: entities punished, punishment-days, findings and excess days in each calendar year", [
      { label: "Year", value: r => text(r.year) },
      { label: "Entities punished", num: true, value: r => num(r.entities_punished) },
      { label: "Punishment-days", num: true, value: r => num(r.punishment_days) },
      { label: "Findings", num: true, value: r => num(r.findings) },
      { label: "Excess days", num: true, value: r => num(r.excess_days) },
    ], byYear, { id: "by_year" })));

  const examples = list(r.examples);
  root.append(section("examples", "Example findings",
    el("p", {}, "A sample of findings, " + examples.length + " in all, with the steps that led to each. " +
      "Open “Explanation” to see the events, rules and legal provisions behind a finding."),
    table("Example findings", [
      { label: "Entity", value: e => el("span", {}, el("code", {}, text(e.entity)), el("br"), el("span", { class: "muted" }, text(e.entity_kind))) },
      { label: "Kind", nowrap: true, value: e => el("code", {}, text(e.kind)) },
      { label: "List or measure", value: e => el("span", {}, text(e.item) + " ", el("code", {}, text(e.name)), el("br"), text(e.title),
        e.authority ? el("span", { class: "muted" }, " (" + text(e.authority) + ")") : null) },
      { label: "From", nowrap: true, value: e => text(e.start) },
      { label: "To", nowrap: true, value: e => e.end === null || e.end === undefined ? "still in force" : text(e.end) },
      { label: "Excess days", num: true, value: e => num(e.excess_days) },
      { label: "What happened", value: e => explanation(e) },
    ], examples, { id: "examples", empty: "No findings: nothing in this population went beyond the limits." })));

  const errs = r.errors || {};
  const problems = list(pop.problems), errorExamples = list(errs.examples);
  root.append(section("problems", "Data problems",
    el("p", {}, fmt(num(pop.rows_skipped)) + " rows of the population were skipped as malformed, and " + fmt(num(errs.entities)) +
      " entities could not be replayed. They are not in the numbers above."),
    problems.length ? el("details", {}, el("summary", {}, "Skipped rows (" + problems.length + " shown)"),
      el("ul", {}, problems.map(p => el("li", { class: "mono" }, text(p))))) : null,
    errorExamples.length ? el("details", {}, el("summary", {}, "Entities that could not be replayed (" + errorExamples.length + " shown)"),
      el("ul", {}, errorExamples.map(p => el("li", { class: "mono" }, text(p))))) : null));

  root.append(el("footer", {}, "Generated by credlex " + text(run.credlex_version) + " from report.json. " +
    "This page is self-contained: it loads nothing from the network."));
}

function explanation(e) {
  return el("div", {},
    el("p", {}, text(e.what)),
    el("details", {},
      el("summary", {}, "Explanation"),
      el("ol", { class: "chain" }, list(e.explanation).map(line => el("li", {}, text(line)))),
      list(e.citations).length ? el("p", {}, el("strong", {}, "Legal basis: "), list(e.citations).map(text).join("; ")) : null,
      e.limit ? el("p", {}, el("strong", {}, "Limit broken: "), text(e.limit.label),
        list(e.limit.citations).length ? " (" + list(e.limit.citations).map(text).join("; ") + ")" : "") : null));
}

(function () {
  const root = document.getElementById("report");
  const data = readEmbedded("report-data", root);
  if (data) renderReport(root, data);
})();
