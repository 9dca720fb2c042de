// A screenshot of the page at a link: node tools/shot.mjs URL OUT.png [WIDTH] [dark] [SELECTOR]
import { chromium } from "playwright-core";
const [url, out, width = "1280", scheme = "light", selector = ""] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 }, colorScheme: scheme });
page.on("console", (m) => m.type() === "error" && console.log("console:", m.text()));
page.on("pageerror", (e) => console.log("pageerror:", String(e)));
await page.goto(url);
await page.waitForFunction(() => { const m = document.querySelector("main"); return m && !m.hasAttribute("data-busy") && m.dataset.shown !== undefined; }, null, { timeout: 120000 });
if (selector) {
  await page.locator(selector).scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.waitForFunction(() => !document.querySelector("main").hasAttribute("data-busy"), null, { timeout: 120000 });
  await page.locator(selector).screenshot({ path: out });
} else {
  await page.screenshot({ path: out, fullPage: false });
}
console.log(await page.evaluate(() => { const r = document.querySelector("#check-result"); return r ? JSON.stringify({ ...r.dataset, status: document.querySelector("#check-status").textContent }) : ""; }));
await browser.close();
