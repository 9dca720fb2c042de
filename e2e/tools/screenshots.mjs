// Screenshots of every strategy, light and dark, 1280 and 390 px wide, for a person to look at (the browser
// test "every strategy draws its structure" checks the pictures' pixels; this only takes pictures).
// usage: node tools/screenshots.mjs [URL] [DIR]   (URL of a served build, default http://127.0.0.1:4173/;
//        DIR default test-results/screenshots). Serve the build first: node serve.mjs ../dist 4173
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const base = process.argv[2] ?? "http://127.0.0.1:4173/";
const dir = process.argv[3] ?? "test-results/screenshots";
const strategies = ["ring", "modn", "range", "shards", "jump", "rendezvous", "maglev", "ketama", "bounded"];
mkdirSync(dir, { recursive: true });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [390, "light"], [390, "dark"]]) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
  const page = await context.newPage();
  for (const strategy of strategies) {
    const link = `v=1&nodes=db1,db2,db3,db4,db5&vnodes=100&keys=20000&strategy=${strategy}&add=db6`;
    await page.goto(`${base}#${link}`);
    // The numbers, the picture and the panels are current, and the comparison (drawn when the sliders rest).
    await page.waitForFunction(() => {
      const main = document.querySelector("main");
      return !main.hasAttribute("data-busy") && `#${main.dataset.shown}` === location.hash
        && document.querySelector("#compare-status")?.dataset.ready === "true";
    }, null, { timeout: 60000, polling: 50 });
    const path = `${dir}/strategy-${strategy}-${width}-${scheme}.png`;
    await page.screenshot({ path, fullPage: true });
    console.log(path);
  }
  await context.close();
}
await browser.close();
