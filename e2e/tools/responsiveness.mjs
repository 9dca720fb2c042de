// How free the main thread stays: drives the page (a served release build) in Chromium and prints
//  - the default page's time to first numbers (navigation start to the load table drawn by the page), and
//    to the first paint, which shows the default's numbers written into index.html;
//  - for the 100 × 1000 × 1M link (db50 removed): the time to first numbers, then for each slider a
//    drag (one step every 16 ms, as a pointer drag delivers them) and the time from the last input to the
//    final numbers drawn for it (the panels: <main data-numbers>), and to the picture showing them too
//    (<main data-busy> gone); then the Keys slider to 100 and back to a million in one step each;
//  - the longest main-thread task (PerformanceObserver "longtask", ≥ 50 ms; shorter tasks are not
//    reported by the browser, so "< 50" means none) after the first paint: while opening, dragging, and
//    while the balance curve and the strategy comparison are computed afterwards.
// usage: node tools/responsiveness.mjs [URL] [strategy,...]   (default http://127.0.0.1:4173/, ring)
// EXTRA="&replicas=3&zipf=1.00" appends settings to the 1M-key link; DEFAULT_ONLY=1 stops after the default page.
import { chromium } from "playwright-core";

const base = process.argv[2] ?? "http://127.0.0.1:4173/";
const strategies = (process.argv[3] ?? "ring").split(",");
const extra = process.env.EXTRA ?? "";
const nodes = Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
// Before any script of the page: long tasks after the first paint, every input's time, and each time the
// numbers become current (main loses data-busy) with the link they are for.
const probe = () => {
  window.__probe = { tasks: [], inputs: [], settled: [], numbers: [], painted: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name === "first-paint" || e.name === "first-contentful-paint") window.__probe.painted ??= e.startTime;
      if (e.name === "first-contentful-paint") window.__probe.contentful = e.startTime;
    }
  }).observe({ type: "paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__probe.tasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: "longtask", buffered: true });
  // A slider's "input" event: only when its value changes.
  addEventListener("input", (e) => window.__probe.inputs.push(e.timeStamp), true);
  addEventListener("DOMContentLoaded", () => {
    // The default experiment's numbers written into index.html, shown from the first paint on.
    window.__probe.written = document.querySelector("#load-body tr[data-prerendered]")?.checkVisibility() ?? false;
    const main = document.querySelector("main");
    new MutationObserver((records) => {
      const at = performance.now();
      // The panels show a link's numbers (on a large page a few frames before its picture does).
      if (records.some((r) => r.attributeName === "data-numbers")) window.__probe.numbers.push({ at, link: main.dataset.numbers });
      if (records.some((r) => r.attributeName === "data-busy") && !main.hasAttribute("data-busy") && document.querySelector("#load-body tr")) {
        window.__probe.settled.push({ at, link: location.hash });
      }
    }).observe(main, { attributes: true, attributeFilter: ["data-busy", "data-numbers"], subtree: false });
  });
};
const fresh = async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(probe);
  return context.newPage();
};
// The default page, each time in a fresh context (nothing cached), after a first visit has started the
// browser's processes.
const firsts = [];
const onScreen = [];
const contentful = [];
let defaultLongest = 0;
let warmupLongest = 0;
for (let i = 0; i < 4; i++) {
  const p = await fresh();
  await p.goto(base);
  await p.waitForFunction(() => window.__probe.settled.length > 0, null, { timeout: 60000 });
  const loadLongest = await p.evaluate(() => Math.max(0, ...window.__probe.tasks.filter((t) => t.start >= (window.__probe.painted ?? 0)).map((t) => t.ms)));
  if (i > 0) {
    firsts.push(await p.evaluate(() => window.__probe.settled[0].at));
    contentful.push(await p.evaluate(() => window.__probe.contentful));
    onScreen.push(await p.evaluate(() => (window.__probe.written ? window.__probe.contentful : window.__probe.settled[0].at)));
    defaultLongest = Math.max(defaultLongest, loadLongest);
  } else {
    warmupLongest = loadLongest;
  }
  await p.context().close();
}
const page = await fresh();
const settledAfter = (t) => page.waitForFunction((t) => window.__probe.settled.some((s) => s.at > t) && !document.querySelector("main").hasAttribute("data-busy"), t, { timeout: 120000, polling: 10 });
const longest = (from, to = Infinity) => page.evaluate(([from, to]) => {
  const after = window.__probe.tasks.filter((t) => t.start >= (window.__probe.painted ?? 0) && t.start >= from && t.start < to);
  return after.length ? Math.max(...after.map((t) => t.ms)) : 0;
}, [from, to]);
// When the panels first showed the final numbers (the link shown once the page rests) after `last`; a
// build without <main data-numbers> shows them with the picture (the first settling after `last`).
const numbersAfter = (last) => page.evaluate((last) => {
  const link = document.querySelector("main").dataset.shown;
  if (!document.querySelector("main").hasAttribute("data-numbers")) return window.__probe.settled.find((s) => s.at > last)?.at;
  return window.__probe.numbers.find((n) => n.at > last && n.link === link)?.at;
}, last);
// Settings a strategy reads besides keys, nodes and the replication ones (src/strategy: Strategy::uses).
const vnodesReadBy = ["ring", "bounded"];
const ms = (v) => (v < 50 ? "< 50" : v.toFixed(0)).padStart(6);
const row = (...cells) => console.log(cells.map((c, i) => String(c).padEnd(i === 0 ? 34 : 14)).join(""));

firsts.sort((a, b) => a - b);
console.log(`default page (3 × 150 × 10,000), nothing cached: first numbers ${firsts.map((t) => t.toFixed(0)).join(", ")} ms after navigation start (median ${firsts[1].toFixed(0)}), longest task ${ms(defaultLongest).trim()} ms`);
onScreen.sort((a, b) => a - b);
contentful.sort((a, b) => a - b);
console.log(`  numbers on screen (the first contentful paint, if it shows the numbers written into index.html): ${onScreen.map((t) => t.toFixed(0)).join(", ")} ms (median ${onScreen[1].toFixed(0)}; first contentful paint ${contentful.map((t) => t.toFixed(0)).join(", ")} ms)`);
console.log(`  (the load before them, the first of a just-started browser: longest task ${ms(warmupLongest).trim()} ms)`);

let worst = Math.max(defaultLongest, warmupLongest);
if (process.env.DEFAULT_ONLY) {
  await browser.close();
  process.exit(0);
}
for (const strategy of strategies) {
  const link = `#nodes=${nodes}&vnodes=1000&keys=1000000&strategy=${strategy}${extra}&remove=db50`;
  await page.goto("about:blank");
  await page.goto(base + link);
  await settledAfter(0);
  const opened = await page.evaluate(() => window.__probe.settled[0].at);
  const openedNumbers = await numbersAfter(0);
  const openLongest = await longest(0);
  console.log(`\n${strategy}, 100 × 1000 × 1M, db50 removed${extra ? " " + extra : ""}: first numbers ${openedNumbers.toFixed(0)} ms (the picture too ${opened.toFixed(0)} ms), longest task while opening ${ms(openLongest).trim()} ms`);
  row("slider (20 steps, one per 16 ms; R: 4)", "longest task", "last input →", "last input →");
  row("", "ms", "final numbers ms", "picture too ms");
  worst = Math.max(worst, openLongest);
  const sliders = ["vnodes", "keys", "nodes", "replicas", "zipf", "cache"];
  for (const id of sliders) {
    const input = page.locator(`#${id}`);
    if (!(await input.isVisible())) continue;
    if (id === "vnodes" && !vnodesReadBy.includes(strategy)) {
      row(`  ${id}`, "", "  (not read)", "");
      continue;
    }
    await settledAfter(0);
    const from = await page.evaluate(() => performance.now());
    await input.focus();
    const key = id === "replicas" || id === "zipf" || id === "cache" ? "ArrowRight" : "ArrowLeft";
    const steps = id === "replicas" ? 4 : 20;
    for (let i = 0; i < steps; i++) {
      await page.keyboard.down(key);
      await page.keyboard.up(key);
      await page.waitForTimeout(16);
    }
    const last = await page.evaluate(() => Math.max(...window.__probe.inputs));
    // Settled after the last input; or, for a setting the strategy does not read, nothing to compute.
    await page.waitForFunction((last) => !document.querySelector("main").hasAttribute("data-busy") &&
      (window.__probe.settled.some((s) => s.at > last) || performance.now() - last > 1000), last, { timeout: 120000, polling: 10 });
    const final = await page.evaluate((last) => window.__probe.settled.find((s) => s.at > last)?.at, last);
    const numbers = await numbersAfter(last);
    const dragLongest = await longest(from);
    worst = Math.max(worst, dragLongest);
    row(`  ${id}`, ms(dragLongest), final === undefined ? "  (not read)" : (numbers - last).toFixed(0).padStart(6), final === undefined ? "" : (final - last).toFixed(0).padStart(6));
  }
  // The Keys slider's ends: down to 100 keys and back up to a million in one step each.
  {
    await settledAfter(0);
    const from = await page.evaluate(() => performance.now());
    await page.locator("#keys").focus();
    let final;
    let numbers;
    for (const key of ["Home", "End"]) {
      await page.keyboard.press(key);
      const last = await page.evaluate(() => Math.max(...window.__probe.inputs));
      await settledAfter(last);
      final = await page.evaluate((last) => window.__probe.settled.find((s) => s.at > last).at - last, last);
      numbers = (await numbersAfter(last)) - last;
    }
    const jumpLongest = await longest(from);
    worst = Math.max(worst, jumpLongest);
    row("  keys 1M → 100 → 1M (Home, End)", ms(jumpLongest), numbers.toFixed(0).padStart(6), final.toFixed(0).padStart(6));
  }
  // What runs when the sliders rest: the balance curve and the comparison.
  const restFrom = await page.evaluate(() => performance.now());
  await page.waitForSelector("#compare-status[data-ready]", { state: "attached", timeout: 300000 });
  await page.waitForSelector("#curve-values[data-ready]", { state: "attached", timeout: 300000 });
  const restLongest = await longest(restFrom);
  worst = Math.max(worst, restLongest);
  row("  curve and comparison at rest", ms(restLongest), "", "");
}
// The time views: a link about time (5 nodes, R = 3, 5 clients × 20 ops, 100,000 trials), then a new
// latency environment (100,000 trials again) and fewer clients (a new history), each from its input to
// the numbers drawn.
{
  const link = `#nodes=db1,db2,db3,db4,db5&replicas=3&clients=5&ops=20`;
  await page.goto("about:blank");
  await page.goto(base + link);
  await page.waitForFunction(() => window.__probe.settled.length > 0 && document.querySelector("#history[data-hist]") &&
    !document.querySelector("main").hasAttribute("data-busy"), null, { timeout: 60000, polling: 10 });
  const opened = await page.evaluate(() => window.__probe.settled.at(-1).at);
  const openLongest = await longest(0);
  worst = Math.max(worst, openLongest);
  console.log(`\ntime views (5 nodes, R = 3, 5 clients × 20 ops, 100,000 trials): first numbers ${opened.toFixed(0)} ms, longest task while opening ${ms(openLongest).trim()} ms`);
  row("input", "longest task", "input →", "");
  row("", "ms", "numbers drawn ms", "");
  for (const [what, act] of [
    ["latencies → ssd (100,000 trials)", () => page.locator("#lat").selectOption("ssd")],
    ["latencies → wan (100,000 trials)", () => page.locator("#lat").selectOption("wan")],
    ["clients 5 → 4 (a new history)", async () => { await page.locator("#clients").focus(); await page.keyboard.press("ArrowLeft"); }],
    ["R 3 → 5 (100,000 trials)", async () => { await page.locator("#replicas").focus(); await page.keyboard.press("End"); }],
  ]) {
    const from = await page.evaluate(() => performance.now());
    await act();
    const last = await page.evaluate(() => Math.max(...window.__probe.inputs));
    await settledAfter(last);
    const final = await page.evaluate((last) => window.__probe.settled.find((s) => s.at > last).at - last, last);
    const l = await longest(from);
    worst = Math.max(worst, l);
    row(`  ${what}`, ms(l), final.toFixed(0).padStart(6), "");
  }
}
console.log(`\nlongest main-thread task after the first paint, over everything above: ${ms(worst).trim()} ms`);
await browser.close();
