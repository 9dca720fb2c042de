// A course page with the tour's steps embedded: each step in its own `<iframe sandbox="allow-scripts"
// loading="lazy">` (700 × 560, as the Embed box writes it), one screen apart, on another origin than the
// playground. Scrolls to each frame in turn and reports the time from the scroll to the step at rest
// (`<main data-rested>` in the frame: everything it shows computed and drawn), then the memory one
// embedded step holds: each step opened alone in a fresh page, at rest, its JS heap and the buffers
// outside it (the wasm modules' memories) from Chromium's `Runtime.getHeapUsage`.
// usage: node tools/course-tour.mjs [URL]     (default http://127.0.0.1:4173/)
// THROTTLE=4 throttles the CPU (default 1); RUNS=n repeats the course page (default 1).
import { chromium } from "playwright-core";

const base = process.argv[2] ?? "http://127.0.0.1:4173/";
const rate = Number(process.env.THROTTLE ?? 1);
const runs = Number(process.env.RUNS ?? 1);
const steps = Number(process.env.STEPS ?? 11);
// The host page: same port, other host name (localhost vs 127.0.0.1), so the frames are cross-origin,
// and sandboxed, so their origin is opaque, as in a course platform.
const url = new URL(base);
const host = `http://${url.hostname === "localhost" ? "127.0.0.1" : "localhost"}:${url.port}/course-tour.html`;
const frames = Array.from({ length: steps }, (_, i) =>
  `<h2>Step ${i + 1}</h2><p style="height:110vh">Text of the course between the steps.</p>` +
  `<iframe id="s${i + 1}" src="${base}#tour=reddit&step=${i + 1}&embed=1" title="Step ${i + 1}" width="700" height="560" loading="lazy" sandbox="allow-scripts"></iframe>`,
).join("\n");
const html = `<!doctype html><meta charset="utf-8"><title>Course</title><body style="font:16px sans-serif;max-width:720px;margin:auto"><h1>Distribution of state</h1>${frames}<p style="height:100vh"></p>`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const throttle = async (context, page) => {
  if (rate <= 1) return;
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
};
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);

for (let run = 1; run <= runs; run++) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await throttle(context, page);
  await page.route(host, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
  await page.goto(host);
  const times = [];
  for (let i = 1; i <= steps; i++) {
    const start = Date.now();
    await page.locator(`#s${i}`).evaluate((f) => f.scrollIntoView({ block: "center" }));
    const frame = page.frameLocator(`#s${i}`);
    await frame.locator("main[data-rested]").waitFor({ state: "attached", timeout: 60_000 });
    times.push(Date.now() - start);
  }
  console.log(`course page run ${run} (CPU ${rate}×): step at rest after it scrolls into view, ms: ${times.join(", ")}; longest ${Math.max(...times)}`);
  await context.close();
}

const heaps = [];
for (let i = 1; i <= steps; i++) {
  const context = await browser.newContext({ viewport: { width: 700, height: 560 } });
  const page = await context.newPage();
  await page.goto(`${base}#tour=reddit&step=${i}&embed=1`);
  await page.locator("main[data-rested]").waitFor({ state: "attached", timeout: 60_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const h = await cdp.send("Runtime.getHeapUsage");
  heaps.push({ step: i, js: h.usedSize, buffers: h.backingStorageSize ?? 0 });
  await context.close();
}
console.log("memory of one embedded step at rest (MB): JS heap used + buffers (wasm memories)");
for (const h of heaps) console.log(`  step ${String(h.step).padStart(2)}: ${mb(h.js)} + ${mb(h.buffers)} = ${mb(h.js + h.buffers)}`);
await browser.close();
