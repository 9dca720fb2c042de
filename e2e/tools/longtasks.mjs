// Long tasks on a slow CPU: drives a served build in Chromium with the CPU throttled (THROTTLE, default 4:
// Lighthouse's mobile setting) and lists every main-thread task of 50 ms or more after the first paint
// (PerformanceObserver "longtask"), for: opening the default page, opening 100 × 1000 × 1M (db50 removed),
// and one Virtual nodes step there, each until everything the page shows is computed (<main data-rested>).
// usage: node tools/longtasks.mjs [URL]     (default http://127.0.0.1:4173/)
// RUNS=n repeats each scenario (default 1). Exits 1 if any task took 50 ms or more.
import { chromium } from "playwright-core";

const base = process.argv[2] ?? "http://127.0.0.1:4173/";
const rate = Number(process.env.THROTTLE ?? 4);
const runs = Number(process.env.RUNS ?? 1);
const nodes = Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",");
const big = `nodes=${nodes}&vnodes=1000&keys=1000000&remove=db50`;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const probe = () => {
  window.__long = [];
  window.__painted = null;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === "first-paint" || e.name === "first-contentful-paint") window.__painted ??= e.startTime;
  }).observe({ type: "paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: "longtask", buffered: true });
};
async function fresh() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(probe);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  return page;
}
const rested = (page, link) =>
  page.waitForFunction((link) => {
    const main = document.querySelector("main");
    return main && main.hasAttribute("data-rested") && !main.hasAttribute("data-busy") && (link === null || main.dataset.shown === link);
  }, link, { timeout: 600_000, polling: 50 });
const tasks = (page, from) => page.evaluate((from) => window.__long.filter((t) => t.start >= Math.max(from, window.__painted ?? 0)).map((t) => Math.round(t.ms)), from);
const say = (what, long) => console.log(`${what.padEnd(44)} ${String(long.length).padStart(3)} tasks ≥ 50 ms${long.length ? `, longest ${Math.max(...long)} ms: ${long.join(", ")}` : ""}`);

console.log(`CPU throttled ${rate}×, ${base}`);
let worst = 0;
for (let run = 0; run < runs; run++) {
  {
    const page = await fresh();
    await page.goto(base);
    await rested(page, null);
    const long = await tasks(page, 0);
    say("opening the default page", long);
    worst = Math.max(worst, ...long, 0);
    await page.context().close();
  }
  const page = await fresh();
  await page.goto(`${base}#${big}`);
  await rested(page, null);
  let long = await tasks(page, 0);
  say("opening 100 × 1000 × 1M, db50 removed", long);
  worst = Math.max(worst, ...long, 0);
  const from = await page.evaluate(() => performance.now());
  await page.locator("#vnodes").focus();
  const link = await page.evaluate(() => location.hash.slice(1));
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction((old) => location.hash.slice(1) !== old, link);
  await rested(page, await page.evaluate(() => location.hash.slice(1)));
  long = await tasks(page, from);
  say("a Virtual nodes step at 1M", long);
  worst = Math.max(worst, ...long, 0);
  await page.context().close();
}
await browser.close();
process.exit(worst >= 50 ? 1 : 0);
