// Screenshots of every step of a tour (default reddit), for a person to look at: 1280 px light and
// 390 px dark (the viewport, as the student sees it after the page scrolls to the step's part), and the
// 700 × 560 compact view. The browser tests (tests/tour.spec.js) check the numbers; this only takes pictures.
// usage: node tools/tour-screenshots.mjs [URL] [DIR] [TOUR] [STEPS]   (URL of a served build, default
//        http://127.0.0.1:4173/; DIR default test-results/tour; TOUR default reddit; STEPS default 11)
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const base = process.argv[2] ?? "http://127.0.0.1:4173/";
const dir = process.argv[3] ?? "test-results/tour";
const tour = process.argv[4] ?? "reddit";
const steps = Number(process.argv[5] ?? 11);
mkdirSync(dir, { recursive: true });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
for (const [name, width, height, scheme, embed] of [["1280-light", 1280, 900, "light", ""], ["390-dark", 390, 844, "dark", ""], ["embed-700x560", 700, 560, "light", "&embed=1"]]) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
  const page = await context.newPage();
  for (let step = 1; step <= steps; step++) {
    await page.goto(`${base}#tour=${tour}&step=${step}${embed}`);
    await page.waitForSelector("#tour-caption[data-complete]", { timeout: 60000 });
    await page.waitForFunction(() => !document.querySelector("main").hasAttribute("data-busy"), null, { timeout: 60000 });
    // Let the scroll to the step's part land.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const path = `${dir}/${tour}-${String(step).padStart(2, "0")}-${name}.png`;
    await page.screenshot({ path });
    console.log(path);
  }
  await context.close();
}
await browser.close();
