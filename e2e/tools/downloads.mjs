// Long tasks while each download button saves its file, for a link (default: hash % N from 10 to 9 nodes at a
// million keys: 900,000 moved keys, 18 MB). usage: node tools/downloads.mjs [URL#link] (serve the build first).
import { chromium } from "playwright-core";
const url = process.argv[2] ?? "http://127.0.0.1:4173/#v=1&nodes=db1,db2,db3,db4,db5,db6,db7,db8,db9,db10&vnodes=150&keys=1000000&strategy=modn&remove=db5";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await page.goto(url);
await page.waitForFunction(() => !document.querySelector("main").hasAttribute("data-busy") && document.querySelector("main").dataset.shown, null, { timeout: 120000 });
await page.waitForTimeout(3000);
for (const name of ["Moved keys (CSV)", "Picture (PNG)", "Loads (CSV)"]) {
  await page.evaluate(() => { window.__long = []; window.__obs?.disconnect(); window.__obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(Math.round(e.duration)); }); window.__obs.observe({ type: "longtask" }); });
  const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 60000 }), page.getByRole("button", { name }).click()]);
  const path = await dl.path();
  await page.waitForTimeout(500);
  const fs = await import("node:fs");
  console.log(name, "size", fs.statSync(path).size, "long tasks", JSON.stringify(await page.evaluate(() => window.__long)));
}
await browser.close();
