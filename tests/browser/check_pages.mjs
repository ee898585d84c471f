// Opens credlex's report pages in headless Chromium and checks that they show what their JSON
// says: the headline numbers, one bar group per data row in every chart, one table row per
// example, no console error, no page error, no request leaving the page; hostile strings stay
// text. Saves a full-page screenshot of each page. Run by run.sh (CTest `report_browser`):
//   node check_pages.mjs --chromium PATH --screenshots DIR
//        [--report JSON HTML]... [--diff JSON HTML]...
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
let executablePath = "/usr/bin/chromium", shots = ".";
const pages = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--chromium") executablePath = args[++i];
  else if (args[i] === "--screenshots") shots = args[++i];
  else if (args[i] === "--report" || args[i] === "--diff") pages.push({ kind: args[i].slice(2), json: args[++i], html: args[++i] });
  else throw new Error("unknown argument " + args[i]);
}

// The page's own number format (common.js fmt).
const fmt = n => (n < 0 ? "-" : "") + Math.abs(Math.round(n)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");

let failures = 0;
function check(ok, what) {
  if (!ok) {
    failures++;
    console.error("FAIL " + what);
  }
}
function equal(actual, expected, what) {
  check(JSON.stringify(actual) === JSON.stringify(expected),
    what + ": expected " + JSON.stringify(expected) + ", the page shows " + JSON.stringify(actual));
}

// Everything the checks read, gathered in the page in one round trip: per chart its size and bar
// groups (label, the values and whether each bar has an area), per table its body rows' cell
// texts and list items, and the headline numbers.
async function snapshot(page) {
  return page.evaluate(() => {
    const area = e => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0; };
    const charts = {}, tables = {}, metrics = {};
    for (const f of document.querySelectorAll("figure[data-chart]")) {
      const svg = f.querySelector("svg"), b = svg.getBoundingClientRect();
      charts[f.getAttribute("data-chart")] = {
        size: [b.width, b.height],
        groups: [...svg.querySelectorAll("g.datum")].map(g => ({
          label: g.getAttribute("data-label"),
          values: [...g.querySelectorAll("rect.bar")].map(r => Number(r.getAttribute("data-value"))),
          drawn: [...g.querySelectorAll("rect.bar")].map(area),
        })),
      };
    }
    for (const t of document.querySelectorAll("table[data-table]")) {
      const rows = [...t.tBodies[0].rows];
      tables[t.getAttribute("data-table")] = {
        empty: rows.filter(r => r.classList.contains("empty-row")).length,
        cells: rows.filter(r => !r.classList.contains("empty-row")).map(r => [...r.cells].map(c => c.textContent.trim())),
        items: rows.filter(r => !r.classList.contains("empty-row")).map(r => [...r.cells].map(c => [...c.querySelectorAll("li")].map(li => li.textContent))),
      };
    }
    for (const e of document.querySelectorAll("[data-metric]")) {
      metrics[e.getAttribute("data-metric") + (e.hasAttribute("data-side") ? ":" + e.getAttribute("data-side") : "")] = e.textContent;
    }
    return { charts, tables, metrics };
  });
}
function checkChart(snap, id, rows, label, values, name) {
  const c = snap.charts[id];
  check(c !== undefined, `${name}: has the chart ${id}`);
  if (!c) return;
  equal(c.groups.length, rows.length, `${name}: chart ${id} has one bar group per data row`);
  equal(c.groups.map(g => g.label), rows.map(label), `${name}: chart ${id} labels`);
  equal(c.groups.map(g => g.values), rows.map(values), `${name}: chart ${id} values`);
  c.groups.forEach((g, i) => g.values.forEach((v, j) =>
    check(v === 0 || g.drawn[j], `${name}: chart ${id} bar ${i}/${j} (value ${v}) is drawn`)));
  check(c.size[0] > 100 && c.size[1] > 30, `${name}: chart ${id} is visible (${c.size})`);
}
function table(snap, id, name) {
  const t = snap.tables[id];
  check(t !== undefined, `${name}: has the table ${id}`);
  return t || { empty: 0, cells: [], items: [] };
}
const column = (t, c) => t.cells.map(r => r[c]);

async function checkReport(page, r, name) {
  const m = r.metrics, snap = await snapshot(page);
  for (const key of ["entities", "entities_punished", "punishment_days", "excess_days", "entity_days_in_excess", "findings"]) {
    equal(snap.metrics[key], fmt(m[key]), `${name}: headline ${key}`);
  }
  checkChart(snap, "punishment_by_year", m.by_year, y => String(y.year), y => [y.punishment_days], name);
  checkChart(snap, "excess_by_year", m.by_year, y => String(y.year), y => [y.excess_days], name);
  checkChart(snap, "by_kind", m.by_kind, k => k.kind, k => [k.findings], name);
  checkChart(snap, "excess_distribution", m.excess_distribution, d => d.label, d => [d.findings], name);
  const top = [...m.by_measure].sort((a, b) => b.punishment_days - a.punishment_days).slice(0, 10);
  checkChart(snap, "top_measures", top, x => x.measure, x => [x.punishment_days], name);

  const kinds = table(snap, "by_kind", name);
  equal(column(kinds, 0), m.by_kind.map(k => k.kind), `${name}: findings-by-kind table, kinds`);
  check(column(kinds, 1).every(t => t.length > 20), `${name}: every kind of finding is explained`);
  equal(column(kinds, 2), m.by_kind.map(k => fmt(k.findings)), `${name}: findings-by-kind table, findings`);
  equal(column(kinds, 3), m.by_kind.map(k => fmt(k.entities)), `${name}: findings-by-kind table, entities`);
  equal(column(kinds, 4), m.by_kind.map(k => fmt(k.excess_days)), `${name}: findings-by-kind table, excess days`);
  const measures = table(snap, "by_measure", name);
  equal(column(measures, 3), m.by_measure.map(x => fmt(x.punishment_days)), `${name}: by-measure table, punishment-days`);
  equal(column(measures, 5), m.by_measure.map(x => fmt(x.excess_days)), `${name}: by-measure table, excess days`);
  equal(column(table(snap, "by_authority", name), 2), m.by_authority.map(x => fmt(x.excess_days)), `${name}: by-authority table, excess days`);
  equal(column(table(snap, "by_entity_kind", name), 2), m.by_entity_kind.map(x => fmt(x.punished)), `${name}: by-entity-kind table, punished`);
  equal(column(table(snap, "by_year", name), 2), m.by_year.map(x => fmt(x.punishment_days)), `${name}: by-year table, punishment-days`);

  const examples = table(snap, "examples", name);
  equal(examples.cells.length, r.examples.length, `${name}: one row per example finding`);
  equal(column(examples, 0), r.examples.map(e => e.entity + e.entity_kind), `${name}: example entities`);
  equal(column(examples, 5), r.examples.map(e => fmt(e.excess_days)), `${name}: example excess days`);
  equal(examples.items.map(cells => cells[6]), r.examples.map(e => e.explanation), `${name}: explanation chains`);
  if (r.examples.length) {
    // Expandable: closed at first, open after a click.
    const summary = page.locator('table[data-table="examples"] summary').first();
    const firstLine = page.locator('table[data-table="examples"] ol.chain li').first();
    check(!(await firstLine.isVisible()), `${name}: explanations start closed`);
    await summary.click();
    check(await firstLine.isVisible(), `${name}: an explanation opens on click`);
  } else {
    equal(examples.empty, 1, `${name}: says that there are no findings`);
  }
  check(await page.locator("#how-to-read").isVisible(), `${name}: has the "how to read" section`);
}

async function checkDiff(page, d, name) {
  const snap = await snapshot(page);
  const keys = ["entities", "entities_punished", "punishment_days", "excess_days", "entity_days_in_excess", "findings"];
  for (const side of ["old", "new"]) {
    for (const key of keys) equal(snap.metrics[key + ":" + side], fmt(d[side].metrics[key]), `${name}: ${side} ${key}`);
  }
  const change = (o, n) => (n - o > 0 ? "+" : "") + fmt(n - o);
  equal(column(table(snap, "headline", name), 3), keys.map(k => change(d.old.metrics[k], d.new.metrics[k])), `${name}: headline changes`);
  equal(snap.metrics.entities_changed, fmt(d.changes.entities_changed), `${name}: entities changed`);
  checkChart(snap, "changes", d.changes.by_kind, c => c.change, c => [c.entities], name);
  equal(column(table(snap, "changes", name), 2), d.changes.by_kind.map(c => fmt(c.entities)), `${name}: changes table`);
  const kinds = table(snap, "by_kind", name);
  equal(column(kinds, 3), d.old.metrics.by_kind.map(k => change(k.findings, d.new.metrics.by_kind.find(n => n.kind === k.kind).findings)),
    `${name}: findings-by-kind changes`);
  const examples = table(snap, "examples", name);
  equal(examples.cells.length, d.examples.length, `${name}: one row per example entity`);
  equal(examples.items.map(cells => [cells[2], cells[3]]), d.examples.map(e => [e.old, e.new]), `${name}: both explanations of each example`);
}

const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
try {
  for (const p of pages) {
    const data = JSON.parse(readFileSync(p.json, "utf8"));
    const name = path.basename(p.json);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on("console", msg => { if (msg.type() === "error" || msg.type() === "warning") errors.push("console " + msg.type() + ": " + msg.text()); });
    page.on("pageerror", e => errors.push("page error: " + e.message));
    page.on("dialog", dlg => { errors.push("dialog: " + dlg.message()); dlg.dismiss(); });
    page.on("request", req => { if (!/^(file|data|about):/.test(req.url())) errors.push("request to " + req.url()); });
    await page.goto(pathToFileURL(path.resolve(p.html)).href, { waitUntil: "load" });
    if (p.kind === "report") await checkReport(page, data, name);
    else await checkDiff(page, data, name);
    // Hostile strings in the data must be shown as text and nothing else.
    equal(await page.evaluate(() => window.__pwned === undefined), true, `${name}: no script from the data ran`);
    equal(await page.locator("#injected, main img, main iframe, main style").count(), 0, `${name}: no element from the data`);
    if (data.examples && data.examples[0] && /<\/script>/.test(data.examples[0].entity || "")) {
      check(await page.getByText(data.examples[0].entity, { exact: true }).count() === 1, `${name}: the hostile entity id is shown as text`);
      equal(await page.$eval('table[data-table="examples"] tbody tr td:last-child p', e => e.textContent), data.examples[0].what,
        `${name}: U+2028 and U+2029 survive the embedding`);
    }
    const shot = path.join(shots, path.basename(p.html, ".html") + ".png");
    await page.screenshot({ path: shot, fullPage: true });
    // Print layout: everything expandable is opened before printing; printing must not fail.
    await page.emulateMedia({ media: "print" });
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    const closed = await page.$$eval("details:not(.chart-data)", ds => ds.filter(d => !d.open).length);
    equal(closed, 0, `${name}: printing opens every explanation`);
    await page.pdf({ path: path.join(shots, path.basename(p.html, ".html") + ".pdf") });
    for (const e of errors) check(false, `${name}: ${e}`);
    console.log(`${errors.length || failures ? "checked" : "ok"} ${name} (screenshot ${shot})`);
    await page.close();
  }
} finally {
  await browser.close();
}
if (failures) {
  console.error(failures + " check(s) failed");
  process.exit(1);
}
console.log("all pages render as their JSON says");
