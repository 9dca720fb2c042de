// Lighthouse's mobile performance audit of the served page, RUNS times (default 3), and the medians of
// the score, LCP, TBT and TTI. usage: node run.mjs URL
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const url = process.argv[2] ?? "http://127.0.0.1:4190/";
const runs = Number(process.env.RUNS ?? 3);
const results = [];
for (let i = 0; i < runs; i++) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const { lhr } = await lighthouse(url, { port: chrome.port, onlyCategories: ["performance"], output: "json", logLevel: "error" });
  await chrome.kill();
  const a = lhr.audits;
  results.push({
    score: lhr.categories.performance.score,
    fcp: a["first-contentful-paint"].numericValue,
    lcp: a["largest-contentful-paint"].numericValue,
    tbt: a["total-blocking-time"].numericValue,
    tti: a["interactive"].numericValue,
    si: a["speed-index"].numericValue,
  });
  console.log(`run ${i + 1}: ${JSON.stringify(results.at(-1), (k, v) => (typeof v === "number" ? Math.round(v * 100) / 100 : v))}`);
}
const median = (k) => results.map((r) => r[k]).sort((x, y) => x - y)[Math.floor(results.length / 2)];
console.log(`median of ${runs}: performance ${median("score")}, FCP ${(median("fcp") / 1000).toFixed(1)} s, LCP ${(median("lcp") / 1000).toFixed(1)} s, TBT ${median("tbt").toFixed(0)} ms, TTI ${(median("tti") / 1000).toFixed(1)} s, Speed Index ${(median("si") / 1000).toFixed(1)} s`);
