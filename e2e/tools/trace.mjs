// Chromium trace of 10 slider steps, summed by event name (top-level renderer work): node tools/trace.mjs URL strategy slider
// TASKS=1 lists instead every main-thread task over 30 ms, with what it spent its time on.
import { chromium } from "playwright-core";
const [base, strategy = "ring", slider = "vnodes"] = process.argv.slice(2);
const nodes = Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${base}#nodes=${nodes}&vnodes=1000&keys=1000000&strategy=${strategy}&remove=db50`);
await page.waitForSelector("#experiment [data-moved]", { timeout: 60000 });
await page.locator(`#${slider}`).focus();
await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
for (let i = 0; i < 10; i++) {
  await page.keyboard.press("ArrowLeft");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
const buf = await browser.stopTracing();
const events = JSON.parse(buf.toString()).traceEvents.filter((e) => e.ph === "X" && e.dur);
if (process.env.TASKS) {
  const long = events.filter((e) => e.name === "RunTask" && e.dur > 30000);
  for (const t of long.filter((t) => t.tid === long[0].tid)) {
    const inner = new Map();
    for (const e of events) {
      if (e.tid === t.tid && e !== t && e.name !== "RunTask" && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur) inner.set(e.name, (inner.get(e.name) ?? 0) + e.dur);
    }
    const top = [...inner].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, d]) => `${n} ${(d / 1000).toFixed(1)}`);
    console.log(`${(t.dur / 1000).toFixed(1).padStart(7)} ms: ${top.join(", ")}`);
  }
  await browser.close();
  process.exit(0);
}
const sum = new Map();
for (const e of events) sum.set(e.name, (sum.get(e.name) ?? 0) + e.dur);
const count = new Map(); for (const e of events) count.set(e.name, (count.get(e.name) ?? 0) + 1);
for (const [n, d] of [...sum].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`${(d / 1000).toFixed(1).padStart(8)} ms  ${String(count.get(n)).padStart(5)}×  ${n}`);
await browser.close();
