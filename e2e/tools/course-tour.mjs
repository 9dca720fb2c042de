// A course page with the tour's steps embedded: each step in its own `<iframe sandbox="allow-scripts"
// loading="lazy">` (700 × 560, as the Embed box writes it), one screen apart, on another origin than the
// playground. Scrolls to each frame in turn and reports the time from the scroll to the step at rest
// (`<main data-rested>` in the frame: everything it shows computed and drawn), then the memory one
// embedded step holds: each step opened alone in a fresh page, at rest, its JS heap (Chromium's
// `Runtime.getHeapUsage`, after a garbage collection) and the linear memories of the wasm modules it
// instantiated (WebAssembly.instantiate* watched from before the page's scripts run).
// usage: node tools/course-tour.mjs [URL]     (default http://127.0.0.1:4173/)
// RUNS=n repeats the course page (default 1). (No CPU throttling: the frames run in processes of their
// own, which a page's throttling does not reach.)
import { chromium } from "playwright-core";
import { createServer } from "node:http";

const base = process.argv[2] ?? "http://127.0.0.1:4173/";
const runs = Number(process.env.RUNS ?? 1);
const steps = Number(process.env.STEPS ?? 11);
// The host page, served here on a port of its own (so the frames are cross-origin), the frames sandboxed
// (so their origin is opaque), as in a course platform.
const frames = Array.from({ length: steps }, (_, i) =>
  `<h2>Step ${i + 1}</h2><p style="height:110vh">Text of the course between the steps.</p>` +
  `<iframe id="s${i + 1}" src="${base}#tour=reddit&step=${i + 1}&embed=1" title="Step ${i + 1}" width="700" height="560" loading="lazy" sandbox="allow-scripts"></iframe>`,
).join("\n");
const html = `<!doctype html><meta charset="utf-8"><title>Course</title><body style="font:16px sans-serif;max-width:720px;margin:auto"><h1>Distribution of state</h1>${frames}<p style="height:100vh"></p>`;

const server = createServer((req, res) => {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(html);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const host = `http://127.0.0.1:${server.address().port}/course-tour.html`;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);

for (let run = 1; run <= runs; run++) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await page.goto(host);
  const times = [];
  for (let i = 1; i <= steps; i++) {
    const start = Date.now();
    await page.locator(`#s${i}`).evaluate((f) => f.scrollIntoView({ block: "center" }));
    const frame = page.frameLocator(`#s${i}`);
    await frame.locator("main[data-rested]").waitFor({ state: "attached", timeout: 60_000 });
    times.push(Date.now() - start);
  }
  console.log(`course page run ${run}: step at rest after it scrolls into view, ms: ${times.join(", ")}; longest ${Math.max(...times)}`);
  await context.close();
}

const heaps = [];
for (let i = 1; i <= steps; i++) {
  const context = await browser.newContext({ viewport: { width: 700, height: 560 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__memories = [];
    const keep = (result) => {
      const instance = result.instance ?? result;
      for (const value of Object.values(instance.exports ?? {})) if (value instanceof WebAssembly.Memory) window.__memories.push(value);
      return result;
    };
    for (const name of ["instantiate", "instantiateStreaming"]) {
      const original = WebAssembly[name];
      WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(keep);
    }
  });
  await page.goto(`${base}#tour=reddit&step=${i}&embed=1`);
  await page.locator("main[data-rested]").waitFor({ state: "attached", timeout: 60_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const h = await cdp.send("Runtime.getHeapUsage");
  const wasm = await page.evaluate(() => window.__memories.reduce((sum, m) => sum + m.buffer.byteLength, 0));
  heaps.push({ step: i, js: h.usedSize, wasm });
  await context.close();
}
console.log("memory of one embedded step at rest (MB): JS heap used + wasm linear memories");
for (const h of heaps) console.log(`  step ${String(h.step).padStart(2)}: ${mb(h.js)} + ${mb(h.wasm)} = ${mb(h.js + h.wasm)}`);
await browser.close();
server.close();
