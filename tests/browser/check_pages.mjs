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

// Bar groups of a chart: [{label, values: [numbers per series], drawn: [widths or heights]}].
async function chart(page, id) {
  return page.$$eval(`figure[data-chart="${id}"] svg g.datum`, gs => gs.map(g => ({
    label: g.getAttribute("data-label"),
    values: [...g.querySelectorAll("rect.bar")].map(r => Number(r.getAttribute("data-value"))),
    drawn: [...g.querySelectorAll("rect.bar")].map(r => { const b = r.getBoundingClientRect(); return Math.max(b.width, b.height) > 0 && Math.min(b.width, b.height) > 0; }),
  })));
}
async function checkChart(page, id, rows, label, values, name) {
  const got = await chart(page, id);
  equal(got.length, rows.length, `${name}: chart ${id} has one bar group per data row`);
  equal(got.map(g => g.label), rows.map(label), `${name}: chart ${id} labels`);
  equal(got.map(g => g.values), rows.map(values), `${name}: chart ${id} values`);
  got.forEach((g, i) => g.values.forEach((v, j) =>
    check(v === 0 || g.drawn[j], `${name}: chart ${id} bar ${i}/${j} (value ${v}) is drawn`)));
  const svg = await page.$eval(`figure[data-chart="${id}"] svg`, s => { const b = s.getBoundingClientRect(); return [b.width, b.height]; });
  check(svg[0] > 100 && svg[1] > 30, `${name}: chart ${id} is visible (${svg})`);
}
async function rowCount(page, table) {
  return page.$$eval(`table[data-table="${table}"] > tbody > tr:not(.empty-row)`, rs => rs.length);
}
async function cells(page, table, column) {
  return page.$$eval(`table[data-table="${table}"] > tbody > tr:not(.empty-row)`,
    (rs, c) => rs.map(r => r.children[c].textContent.trim()), column);
}

async function checkReport(page, r, name) {
  const m = r.metrics;
  for (const key of ["entities", "entities_punished", "punishment_days", "excess_days", "entity_days_in_excess", "findings"]) {
    equal(await page.$eval(`[data-metric="${key}"]`, e => e.textContent), fmt(m[key]), `${name}: headline ${key}`);
  }
  await checkChart(page, "punishment_by_year", m.by_year, y => String(y.year), y => [y.punishment_days], name);
  await checkChart(page, "excess_by_year", m.by_year, y => String(y.year), y => [y.excess_days], name);
  await checkChart(page, "by_kind", m.by_kind, k => k.kind, k => [k.findings], name);
  await checkChart(page, "excess_distribution", m.excess_distribution, d => d.label, d => [d.findings], name);
  const top = [...m.by_measure].sort((a, b) => b.punishment_days - a.punishment_days).slice(0, 10);
  await checkChart(page, "top_measures", top, x => x.measure, x => [x.punishment_days], name);

  equal(await rowCount(page, "by_kind"), m.by_kind.length, `${name}: findings-by-kind table rows`);
  equal(await cells(page, "by_kind", 2), m.by_kind.map(k => fmt(k.findings)), `${name}: findings-by-kind table, findings`);
  equal(await cells(page, "by_kind", 4), m.by_kind.map(k => fmt(k.excess_days)), `${name}: findings-by-kind table, excess days`);
  const meanings = await cells(page, "by_kind", 1);
  check(meanings.every(t => t.length > 20), `${name}: every kind of finding is explained`);
  equal(await rowCount(page, "by_measure"), m.by_measure.length, `${name}: by-measure table rows`);
  equal(await cells(page, "by_measure", 3), m.by_measure.map(x => fmt(x.punishment_days)), `${name}: by-measure punishment-days`);
  equal(await rowCount(page, "by_authority"), m.by_authority.length, `${name}: by-authority table rows`);
  equal(await rowCount(page, "by_entity_kind"), m.by_entity_kind.length, `${name}: by-entity-kind table rows`);
  equal(await rowCount(page, "by_year"), m.by_year.length, `${name}: by-year table rows`);

  equal(await rowCount(page, "examples"), r.examples.length, `${name}: one row per example finding`);
  equal(await cells(page, "examples", 0), r.examples.map(e => e.entity + e.entity_kind), `${name}: example entities`);
  const chains = await page.$$eval('table[data-table="examples"] > tbody > tr', rs =>
    rs.map(r => [...r.querySelectorAll("ol.chain li")].map(li => li.textContent)));
  if (r.examples.length) {
    equal(chains, r.examples.map(e => e.explanation), `${name}: explanation chains`);
    // Expandable: closed at first, open after a click.
    const summary = page.locator('table[data-table="examples"] summary').first();
    const firstLine = page.locator('table[data-table="examples"] ol.chain li').first();
    check(!(await firstLine.isVisible()), `${name}: explanations start closed`);
    await summary.click();
    check(await firstLine.isVisible(), `${name}: an explanation opens on click`);
  } else {
    check(await page.locator('table[data-table="examples"] td.empty').count() === 1, `${name}: says that there are no findings`);
  }
  check(await page.locator("#how-to-read").isVisible(), `${name}: has the "how to read" section`);
}

async function checkDiff(page, d, name) {
  for (const side of ["old", "new"]) {
    for (const key of ["entities", "entities_punished", "punishment_days", "excess_days", "entity_days_in_excess", "findings"]) {
      equal(await page.$eval(`[data-metric="${key}"][data-side="${side}"]`, e => e.textContent), fmt(d[side].metrics[key]),
        `${name}: ${side} ${key}`);
    }
  }
  const changes = await cells(page, "headline", 3);
  equal(changes, ["entities", "entities_punished", "punishment_days", "excess_days", "entity_days_in_excess", "findings"].map(k => {
    const c = d.new.metrics[k] - d.old.metrics[k];
    return (c > 0 ? "+" : "") + fmt(c);
  }), `${name}: headline changes`);
  equal(await page.$eval('[data-metric="entities_changed"]', e => e.textContent), fmt(d.changes.entities_changed), `${name}: entities changed`);
  await checkChart(page, "changes", d.changes.by_kind, c => c.change, c => [c.entities], name);
  equal(await rowCount(page, "changes"), d.changes.by_kind.length, `${name}: changes table rows`);
  equal(await rowCount(page, "examples"), d.examples.length, `${name}: one row per example entity`);
  const chains = await page.$$eval('table[data-table="examples"] > tbody > tr', rs => rs.map(r =>
    [2, 3].map(c => [...r.children[c].querySelectorAll("li")].map(li => li.textContent))));
  equal(chains, d.examples.map(e => [e.old, e.new]), `${name}: both explanations of each example`);
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
    const closed = await page.$$eval("details", ds => ds.filter(d => !d.open).length);
    equal(closed, 0, `${name}: printing opens every expandable part`);
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
