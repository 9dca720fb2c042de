// CPU profile of slider steps (CDP Profiler), summed by function: node tools/profile.mjs URL strategy slider
import { chromium } from "playwright-core";
const [base, strategy = "ring", slider = "nodes"] = process.argv.slice(2);
const nodes = Array.from({ length: 100 }, (_, i) => `db${i + 1}`).join(",");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${base}#nodes=${nodes}&vnodes=1000&keys=1000000&strategy=${strategy}&remove=db50`);
await page.waitForSelector("#experiment [data-moved]", { timeout: 60000 });
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await page.locator(`#${slider}`).focus();
await cdp.send("Profiler.start");
for (let i = 0; i < 10; i++) {
  await page.keyboard.press("ArrowLeft");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
const { profile } = await cdp.send("Profiler.stop");
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas;
const counts = new Map();
profile.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
for (const [id, us] of counts) {
  const n = byId.get(id);
  const name = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}`;
  self.set(name, (self.get(name) ?? 0) + us);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`total ${(total / 1000).toFixed(0)} ms over 10 steps`);
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
await browser.close();
