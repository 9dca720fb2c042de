// What each long main-thread task spends its time on, on a throttled CPU (THROTTLE, default 4): a Chromium
// trace with the JavaScript sampler on, then for every task of 50 ms or more (MIN_MS) its trace events
// summed by name, and the functions the sampler caught in it (self time; wasm names need a build with
// names: see docs/performance.md). usage: node tools/tasktrace.mjs URL [LINK] [STEP]
//   LINK  a fragment to open (default: the default page);
//   STEP  "vnodes" to trace one Virtual nodes step after the link rests instead of its opening.
import { chromium } from "playwright-core";

const [base, link = "", step = ""] = process.argv.slice(2);
const rate = Number(process.env.THROTTLE ?? 4);
const minMs = Number(process.env.MIN_MS ?? 50);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const cdp = await page.context().newCDPSession(page);
await cdp.send("Emulation.setCPUThrottlingRate", { rate });
const rested = () => page.waitForFunction(() => {
  const main = document.querySelector("main");
  return main?.hasAttribute("data-rested") && !main.hasAttribute("data-busy");
}, null, { timeout: 600000, polling: 100 });
const categories = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "disabled-by-default-v8.cpu_profiler"];
if (step) {
  await page.goto(`${base}${link ? "#" + link : ""}`);
  await rested();
  await page.locator(`#${step}`).focus();
  await browser.startTracing(page, { categories });
  const before = await page.evaluate(() => location.hash);
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction((h) => location.hash !== h, before);
} else {
  await browser.startTracing(page, { categories });
  await page.goto(`${base}${link ? "#" + link : ""}`);
}
await rested();
const trace = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
await browser.close();

// The sampler's samples, on the trace's clock: ProfileChunk events carry nodes, samples and time deltas.
const nodes = new Map();
const samples = [];
for (const e of trace.filter((e) => e.name === "Profile" || e.name === "ProfileChunk")) {
  const key = `${e.pid}:${e.id}`;
  if (e.name === "Profile") {
    nodes.set(key, nodes.get(key) ?? { byId: new Map(), t: e.args.data.startTime });
    continue;
  }
  const p = nodes.get(key) ?? { byId: new Map(), t: 0 };
  nodes.set(key, p);
  const data = e.args.data;
  for (const n of data.cpuProfile?.nodes ?? []) p.byId.set(n.id, n.callFrame);
  const ids = data.cpuProfile?.samples ?? [];
  const deltas = data.timeDeltas ?? [];
  ids.forEach((id, i) => {
    p.t += deltas[i] ?? 0;
    samples.push({ key, id, t: p.t, pid: e.pid });
  });
}
const name = (s) => {
  const f = nodes.get(s.key)?.byId.get(s.id);
  if (!f) return "?";
  const fn = (f.functionName || "(anon)").replace(/::h[0-9a-f]{16}$/, "");
  return f.url ? `${fn} (${f.url.split("/").pop().replace(/-[0-9a-f]{16}/, "")})` : fn;
};
const events = trace.filter((e) => e.ph === "X" && e.dur);
const long = events.filter((e) => e.name === "RunTask" && e.dur >= minMs * 1000);
const counts = new Map();
for (const t of long) counts.set(t.tid, (counts.get(t.tid) ?? 0) + 1);
const mainTid = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
for (const t of long.filter((t) => t.tid === mainTid)) {
  const inner = new Map();
  for (const e of events) {
    if (e.tid === t.tid && e !== t && e.name !== "RunTask" && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur) inner.set(e.name, (inner.get(e.name) ?? 0) + e.dur);
  }
  const top = [...inner].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, d]) => `${n} ${(d / 1000).toFixed(1)}`);
  console.log(`${(t.dur / 1000).toFixed(1).padStart(7)} ms: ${top.join(", ")}`);
  const inTask = samples.filter((s) => s.pid === t.pid && s.t >= t.ts && s.t <= t.ts + t.dur);
  const fns = new Map();
  inTask.forEach((s, i) => {
    const next = inTask[i + 1]?.t ?? s.t;
    fns.set(name(s), (fns.get(name(s)) ?? 0) + (next - s.t));
  });
  for (const [fn, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, 6)) {
    if (us >= 1000) console.log(`           ${(us / 1000).toFixed(1).padStart(6)} ms  ${fn.slice(0, 140)}`);
  }
}
