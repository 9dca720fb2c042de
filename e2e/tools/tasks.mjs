// Chromium trace of 10 slider steps: every main-thread task over 30 ms, with what it spent its time on.
// usage: node tools/tasks.mjs URL [strategy] [slider] [EXTRA]
import { chromium } from "playwright-core";
const [base, strategy = "ring", slider = "vnodes", extra = ""] = process.argv.slice(2);
const nodes = Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${base}#nodes=${nodes}&vnodes=1000&keys=1000000&strategy=${strategy}${extra}&remove=db50`);
await page.waitForSelector("#experiment [data-moved]", { timeout: 60000 });
await page.locator(`#${slider}`).focus();
await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
for (let i = 0; i < 10; i++) {
  await page.keyboard.press("ArrowLeft");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
const buf = await browser.stopTracing();
const all = JSON.parse(buf.toString()).traceEvents.filter((e) => e.ph === "X" && e.dur);
const tasks = all.filter((e) => e.name === "RunTask" && e.dur > 30000);
const tid = tasks[0]?.tid;
for (const t of tasks.filter((t) => t.tid === tid)) {
  const inner = all.filter((e) => e.tid === t.tid && e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.name !== "RunTask");
  const sum = new Map();
  for (const e of inner) sum.set(e.name, Math.max(sum.get(e.name) ?? 0, 0) + e.dur);
  const top = [...sum].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, d]) => `${n} ${(d / 1000).toFixed(1)}`).join(", ");
  console.log(`${(t.dur / 1000).toFixed(1).padStart(7)} ms: ${top}`);
}
await browser.close();
