// Chromium trace of 10 slider steps, summed by event name (top-level renderer work): node tools/trace.mjs URL strategy slider
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
const sum = new Map();
for (const e of events) sum.set(e.name, (sum.get(e.name) ?? 0) + e.dur);
const count = new Map(); for (const e of events) count.set(e.name, (count.get(e.name) ?? 0) + 1);
for (const [n, d] of [...sum].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`${(d / 1000).toFixed(1).padStart(8)} ms  ${String(count.get(n)).padStart(5)}×  ${n}`);
await browser.close();
