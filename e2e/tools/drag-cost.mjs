// Measures what dragging costs in the page: for each strategy at 100 nodes × 1000 virtual nodes × 1M keys
// with db50 removed, presses each slider's arrow key 10 times and reports the main thread's long tasks
// (PerformanceObserver "longtask", ≥ 50 ms) and the mean time per step, from input to the next frame's end.
// usage: node tools/drag-cost.mjs [URL] [strategy,...]     (URL of a served build, default http://127.0.0.1:4173/)
// EXTRA="&replicas=3&zipf=1.00" appends settings to every link (replication, hot keys, a cache).
import { chromium } from "playwright-core";

const base = process.argv[2] ?? "http://127.0.0.1:4173/";
const only = process.argv[3]?.split(",");
const strategies = only ?? ["ring", "modn", "range", "shards", "jump", "rendezvous", "maglev", "ketama", "bounded"];
const nodes = Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
console.log("strategy    slider          mean ms/step  longest task ms");
for (const strategy of strategies) {
  for (const [slider, name] of [["vnodes", "Virtual nodes"], ["keys", "Keys"], ["nodes", "Nodes"]]) {
    await page.goto(`${base}#nodes=${nodes}&vnodes=1000&keys=1000000&strategy=${strategy}${process.env.EXTRA ?? ""}&remove=db50`);
    await page.waitForSelector("#experiment [data-moved]", { timeout: 60000 });
    await page.evaluate(() => {
      window.__tasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__tasks.push(e.duration))).observe({ type: "longtask" });
    });
    const input = page.locator(`#${slider}`);
    await input.focus();
    const steps = 10;
    const t0 = Date.now();
    for (let i = 0; i < steps; i++) {
      await page.keyboard.press("ArrowLeft");
      // Wait until the step has been applied and painted (two animation frames).
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    const perStep = (Date.now() - t0) / steps;
    const tasks = await page.evaluate(() => window.__tasks);
    const longest = tasks.length ? Math.max(...tasks) : 0;
    console.log(`${strategy.padEnd(11)} ${name.padEnd(15)} ${perStep.toFixed(0).padStart(12)}  ${longest.toFixed(0).padStart(15)}`);
  }
}
await browser.close();
