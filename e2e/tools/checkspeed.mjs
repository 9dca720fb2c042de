// The real history checker's speed in the browser (the check module's wasm), on Porcupine's data: every
// etcd log, kv/c50-ok and every key of kv/c50-bad, each opened as a file; the time is the section's own
// (data-check-ms: reading the text and every key's search, not drawing). THROTTLE=4 for a phone's CPU.
// usage: node tools/checkspeed.mjs [URL]   (default http://127.0.0.1:4173/)
import { chromium } from "playwright-core";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const base = process.argv[2] ?? "http://127.0.0.1:4173/";
const rate = Number(process.env.THROTTLE ?? 1);
const dir = fileURLToPath(new URL("../../crates/lincheck/tests/fixtures/porcupine/", import.meta.url));
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
if (rate > 1) await (await page.context().newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate });
await page.goto(`${base}#part=check`);
// The checker loaded: the page at rest (it waits for the check module's answer), its idle line said.
await page.waitForFunction(() => {
  const main = document.querySelector("main");
  return main?.dataset.shown !== undefined && !main.hasAttribute("data-busy") && document.querySelector("#check-status")?.textContent.startsWith("Checked once");
}, null, { timeout: 60000 });
async function time(file) {
  const text = readFileSync(dir + file, "utf8");
  await page.locator("#check-file").setInputFiles({ name: file.split("/")[1], mimeType: "text/plain", buffer: Buffer.from(text) });
  await page.waitForFunction((text) => document.querySelector("#check-input").value === text, text, { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector("#check-result").hasAttribute("data-check-result") && !document.querySelector("#check").hasAttribute("aria-busy"), null, { timeout: 600000 });
  return page.evaluate(() => ({
    ms: Number(document.querySelector("#check-result").dataset.checkMs),
    verdict: document.querySelector("#check-result").dataset.verdict,
    keys: [...document.querySelectorAll("#check-keys-body tr")].map((tr) => [tr.dataset.checkKey, tr.dataset.verdict, tr.querySelector("td:last-child").textContent]),
  }));
}
const etcd = readdirSync(dir + "jepsen").filter((f) => f.endsWith(".log") && readFileSync(dir + "jepsen/" + f, "utf8").trim()).sort();
let total = 0;
let longest = 0;
for (const f of etcd) {
  const r = await time("jepsen/" + f);
  total += r.ms;
  longest = Math.max(longest, r.ms);
}
console.log(`CPU throttled ${rate}×: all ${etcd.length} etcd logs ${total.toFixed(0)} ms together (the longest ${longest.toFixed(1)} ms)`);
for (const f of ["kv/c50-ok.txt", "kv/c50-bad.txt"]) {
  const r = await time(f);
  console.log(`${f}: ${r.verdict} in ${r.ms.toFixed(0)} ms; keys: ${r.keys.map(([k, v, how]) => `${k} ${v} (${how})`).join("; ")}`);
}
await browser.close();
